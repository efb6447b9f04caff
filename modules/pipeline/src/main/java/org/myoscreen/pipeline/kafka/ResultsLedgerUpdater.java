package org.myoscreen.pipeline.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.myoscreen.pipeline.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake node's view of distributed jobs: consumes the results topic in the node's own consumer group and
 * records each {@link JobEvent} in its {@link Ledger} (jobs of other nodes are not in its ledger and are
 * ignored there). Offsets are committed after the ledger write, so an event is applied at least once; the
 * ledger write is idempotent. One thread.
 */
public final class ResultsLedgerUpdater implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsLedgerUpdater.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Ledger ledger;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean stopping;

    /**
     * Starts consuming.
     *
     * @param settings broker and results topic
     * @param nodeGroupId this node's consumer group (one per node, so every node sees every event)
     * @param ledger the node's ledger
     */
    public ResultsLedgerUpdater(KafkaSettings settings, String nodeGroupId, Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger is null");
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, nodeGroupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, nodeGroupId + "-results");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        // the results topic may not exist yet when the node starts before any worker: notice it soon
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        this.thread = new Thread(() -> run(settings.resultsTopic()), "kafka-results");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic));
            while (!stopping) {
                try {
                    var records = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, byte[]> r : records) {
                        apply(r);
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                } catch (WakeupException e) {
                    // closing
                } catch (RuntimeException e) {
                    LOG.error("event=results_consume_failed error=\"{}\"", e.toString(), e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        String source = r.topic() + "/" + r.partition() + "/" + r.offset();
        JobEvent e;
        try {
            e = JobEvent.fromBytes(r.value(), source);
        } catch (IllegalArgumentException ex) {
            LOG.warn("event=job_event_unreadable source={} error=\"{}\"", source, ex.getMessage());
            return;
        }
        String detail = switch (e.state()) {
            case DONE ->
                "worker " + e.worker() + " attempt " + e.attempt() + ", "
                        + e.outputSopInstanceUids().size() + " outputs";
            case RUNNING -> "worker " + e.worker() + " attempt " + e.attempt();
            default -> e.reason();
        };
        try {
            ledger.jobState(e.jobKey(), e.state(), detail);
            applied.incrementAndGet();
            LOG.info(
                    "event=job_state_reported job={} state={} worker={} attempt={} outputs={} reason=\"{}\"",
                    e.jobKey(),
                    e.state(),
                    e.worker(),
                    e.attempt(),
                    e.outputSopInstanceUids().size(),
                    e.reason());
        } catch (RuntimeException ex) {
            LOG.error("event=ledger_write_failed job={} state={} error=\"{}\"", e.jobKey(), e.state(), ex.toString());
        }
    }

    /**
     * Events applied to the ledger since start.
     *
     * @return a count
     */
    public long applied() {
        return applied.get();
    }

    /** Stops consuming (waiting up to 10 s). */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
