package org.myoscreen.pipeline.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread of a Kafka worker and its mailbox. The thread owns the consumer: it subscribes to the jobs
 * topic, pauses every assigned partition while the {@link HandOff} is busy and resumes them once it is free,
 * passes each fetched record to the {@link RecordAdmission}, and keeps polling while a job runs, so that group
 * membership survives minutes-long jobs. Other threads never touch the consumer: they post work to the mailbox
 * with {@link #call} and wait for its result. Also keeps the consumer's lag, assignment and broker reachability
 * for the worker's status.
 *
 * <p>Threading: {@link #call}, {@link #stop} and the status getters are thread-safe; {@link #commitIfOwned} and
 * {@link #seekIfOwned} run on the poll thread (pass them to {@link #call}).
 */
final class PollLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long REACHABILITY_CHECK_NANOS = 1_000_000_000L;

    private final KafkaSettings settings;
    private final String clientId;
    private final Consumer<String, byte[]> consumer;
    private final HandOff handOff;
    private final StartCounter starts;
    private final RecordAdmission admission;
    private final Ticker ticker;
    private final Thread thread;
    private final Queue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private volatile boolean groupJoined;
    private volatile boolean brokerReachable;
    private volatile int assignedPartitions;
    private volatile int lag;
    private long reachabilityCheckedNanos;
    private boolean reachabilityChecked;

    PollLoop(
            KafkaSettings settings,
            String clientId,
            Consumer<String, byte[]> consumer,
            HandOff handOff,
            StartCounter starts,
            RecordAdmission admission,
            Ticker ticker) {
        this.settings = settings;
        this.clientId = clientId;
        this.consumer = consumer;
        this.handOff = handOff;
        this.starts = starts;
        this.admission = admission;
        this.ticker = ticker;
        this.thread = new Thread(this::run, "kafka-jobs-" + clientId);
        thread.setDaemon(true);
    }

    /** The worker's consumer: one record per poll, no auto-commit, cooperative assignment. */
    static KafkaConsumer<String, byte[]> newConsumer(KafkaSettings settings, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One job at a time: the poll thread never holds more than one record that it has not handed out.
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                settings.sessionTimeout().toMillis());
        c.put(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) settings.sessionTimeout().toMillis() / 3);
        // Cooperative: a member joining or leaving moves only the partitions it must, so jobs in hand elsewhere
        // are not revoked.
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }

    /** Starts the poll thread. */
    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.jobsTopic()), new Rebalance());
            while (!stopping) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // stop() woke us up; the loop condition ends the loop
                } catch (RuntimeException e) {
                    LOG.error("event=kafka_poll_failed client={} error=\"{}\"", clientId, e.toString(), e);
                    sleepQuietly(1000);
                }
            }
        } finally {
            for (Runnable r; (r = mailbox.poll()) != null; ) {
                r.run(); // complete pending futures; commits after close fail inside and are reported
            }
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("event=kafka_consumer_close_failed client={} error=\"{}\"", clientId, e.toString());
            }
        }
    }

    private void pollOnce() {
        for (Runnable r; (r = mailbox.poll()) != null; ) {
            r.run();
        }
        if (handOff.busy()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
            admission.admit(r);
        }
        int l = 0;
        for (TopicPartition tp : consumer.assignment()) {
            l += (int) consumer.currentLag(tp).orElse(0);
        }
        lag = l;
        assignedPartitions = consumer.assignment().size();
        checkReachable();
    }

    /** Keeps the hand-off in step with the group's assignment. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            handOff.revoke(partitions, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            groupJoined = false;
            handOff.revoke(partitions, "lost");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            groupJoined = true;
            LOG.info("event=kafka_partitions_assigned client={} partitions={}", clientId, partitions);
            if (handOff.busy()) {
                consumer.pause(partitions);
            }
        }
    }

    /**
     * Whether the consumer holds a connection to a broker, from its {@code connection-count} metric; checked at
     * most once a second of the ticker (the metrics map is not small).
     */
    private void checkReachable() {
        long now = ticker.nanos();
        if (reachabilityChecked && now - reachabilityCheckedNanos < REACHABILITY_CHECK_NANOS) {
            return;
        }
        reachabilityChecked = true;
        reachabilityCheckedNanos = now;
        boolean reachable = false;
        for (var e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("connection-count")
                    && e.getKey().group().equals("consumer-metrics")
                    && e.getValue().metricValue() instanceof Number n
                    && n.doubleValue() > 0) {
                reachable = true;
            }
        }
        if (reachable != brokerReachable) {
            if (reachable) {
                LOG.info("event=kafka_reachable client={} bootstrap={}", clientId, settings.bootstrapServers());
            } else {
                LOG.warn(
                        "event=kafka_unreachable client={} bootstrap={} action=\"keep polling; the consumer"
                                + " reconnects\"",
                        clientId,
                        settings.bootstrapServers());
            }
        }
        brokerReachable = reachable;
    }

    /**
     * Commits that the job in hand is finished ({@code offset + 1}) when its partition is still ours and was never
     * revoked while the job was in hand. Poll thread only.
     */
    boolean commitIfOwned(HandOff.Held h) {
        return !h.revoked
                && consumer.assignment().contains(h.partition)
                && starts.commitFinished(h.partition, h.record.offset());
    }

    /** Fetches the record of the job in hand again, when its partition is still ours. Poll thread only. */
    void seekIfOwned(HandOff.Held h) {
        if (!h.revoked && consumer.assignment().contains(h.partition)) {
            consumer.seek(h.partition, h.record.offset());
        }
    }

    /**
     * Runs {@code action} on the poll thread and waits for its result.
     *
     * @param whenClosed the result when the poll thread has ended
     * @throws IllegalStateException when the action threw, or the poll thread did not answer within twice the
     *     request timeout plus 5 s
     */
    <T> T call(Supplier<T> action, T whenClosed) {
        if (!thread.isAlive()) {
            return whenClosed;
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        mailbox.add(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(settings.requestTimeout().toMillis() * 2 + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("kafka consumer operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("kafka consumer did not answer in time (poll thread stuck?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the kafka consumer", e);
        }
    }

    /** Ends the loop (leaving the group without committing); waits up to 15 s for the thread to close the consumer. */
    void stop() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean brokerReachable() {
        return brokerReachable;
    }

    boolean groupJoined() {
        return groupJoined;
    }

    int assignedPartitions() {
        return assignedPartitions;
    }

    /** The lag of the assigned partitions at the last poll. */
    int lag() {
        return lag;
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
