package org.myoscreen.pipeline.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake node's bridge to Kafka: takes each job from the node's durable local backlog (an
 * {@link InProcessJobQueue} that intake publishes to), publishes it to the jobs topic and acknowledges it in the
 * backlog only after the broker acknowledged it (acks=all). While the broker is unreachable the job stays in the
 * backlog, intake goes on filling it, and the forwarder retries with exponential backoff (a WARN log line per
 * try, {@link #publishFailures()} as a metric). A crash between the broker's acknowledgement and the local one
 * publishes the job twice; workers tolerate that (deterministic output UIDs).
 *
 * <p>Creates the topics (when absent) before its first publish. One thread; {@link #close()} stops it and leaves the job in hand in the backlog.
 */
public final class KafkaForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);

    private final JobQueue backlog;
    private final KafkaJobPublisher publisher;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Thread thread;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean brokerReachable = true;
    private boolean topicsReady;

    /**
     * Starts forwarding.
     *
     * @param backlog the node's durable local job backlog (jobs are taken and acknowledged here)
     * @param publisher publishes to the jobs topic
     * @param initialBackoff first wait after a failed publish
     * @param maxBackoff longest wait between tries
     */
    public KafkaForwarder(JobQueue backlog, KafkaJobPublisher publisher, Duration initialBackoff, Duration maxBackoff) {
        this.backlog = Objects.requireNonNull(backlog, "backlog is null");
        this.publisher = Objects.requireNonNull(publisher, "publisher is null");
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff is null");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff is null");
        this.thread = new Thread(this::run, "kafka-forwarder");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            JobDelivery d;
            try {
                d = backlog.take();
            } catch (InterruptedException | IllegalStateException e) {
                return; // closing
            }
            String key = d.job().jobKey();
            long backoffMs = initialBackoff.toMillis();
            int tries = 0;
            while (true) {
                tries++;
                try {
                    if (!topicsReady) {
                        // the node may have started while the broker was down: create the topics first
                        KafkaTopics.ensure(publisher.settings());
                        topicsReady = true;
                    }
                    var meta = publisher.publishJob(d.job(), 1);
                    backlog.acknowledge(key);
                    forwarded.incrementAndGet();
                    if (!brokerReachable) {
                        LOG.info("event=kafka_reachable_again job={} tries={}", key, tries);
                        brokerReachable = true;
                    }
                    LOG.info(
                            "event=job_forwarded job={} topic={} partition={} offset={} tries={}",
                            key,
                            meta.topic(),
                            meta.partition(),
                            meta.offset(),
                            tries);
                    break;
                } catch (RuntimeException e) {
                    // KafkaUnavailableException, but also anything else (topic creation, the backlog's
                    // acknowledgement on disk): an escaping exception would end this thread silently and leave
                    // the backlog growing with nobody forwarding it. A job published but not acknowledged here
                    // is published again on the next try; workers tolerate that.
                    publishFailures.incrementAndGet();
                    brokerReachable = !(e instanceof KafkaUnavailableException) && brokerReachable;
                    LOG.warn(
                            "event=kafka_publish_failed job={} tries={} retry_in_ms={} error=\"{}\"",
                            key,
                            tries,
                            backoffMs,
                            e instanceof KafkaUnavailableException ? e.getMessage() : e.toString());
                    if (stopping || !sleep(backoffMs)) {
                        return; // the job stays in the durable backlog; the next start forwards it
                    }
                    backoffMs = Math.min(maxBackoff.toMillis(), backoffMs * 2);
                }
            }
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Jobs published to Kafka and removed from the backlog since start.
     *
     * @return a count
     */
    public long forwarded() {
        return forwarded.get();
    }

    /**
     * Failed publish tries since start (each is retried).
     *
     * @return a count
     */
    public long publishFailures() {
        return publishFailures.get();
    }

    /**
     * Whether the last publish try succeeded.
     *
     * @return false while the broker is unreachable
     */
    public boolean brokerReachable() {
        return brokerReachable;
    }

    /** Stops the forwarder thread (waiting up to 10 s); the backlog itself is not closed. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
