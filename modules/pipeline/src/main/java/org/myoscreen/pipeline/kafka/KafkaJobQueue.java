package org.myoscreen.pipeline.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.myoscreen.pipeline.ledger.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of the Kafka {@link JobQueue}: a member of the workers' consumer group that holds at most one
 * job at a time.
 *
 * <p>A dedicated poll thread owns the consumer. When a record arrives it pauses every assigned partition, offers
 * the job to {@link #take()}/{@link #poll(Duration)} and keeps polling while the job runs, so that the group
 * membership survives minutes-long jobs. The offset is committed only on {@link #acknowledge}, which the worker
 * calls once the outputs are in its outbox; then the partitions resume. A rebalance that revokes the partition
 * of the job in hand marks it revoked: it is never committed by this worker (the new owner runs it again, and
 * deterministic output UIDs keep the PACS free of duplicates). A crashed or closed worker commits nothing, so
 * its job goes to another member.
 *
 * <p>{@link #fail} with retry publishes the job again with attempt + 1 until {@link KafkaSettings#maxAttempts()}
 * deliveries, then (or without retry at once) to the dead-letter topic with the reason; only then is the offset
 * committed. Before a job is handed out its start is committed durably (the record's own offset, with a start
 * count in the offset metadata): a worker killed mid-job reports nothing, but the next owner of the record sees
 * the count and adds it to the attempt, so a job that kills its workers ends in the dead-letter topic too. The
 * DONE event is published only when the acknowledgement's commit happened. A record that is not a job message, and
 * a job whose claim checks name an absent or changed file ({@link ClaimCheckStore}), go to the dead-letter topic at
 * once; a file that could not be read is retried like a failed job ({@link ClaimCheckException#retriable()}). Every state change is published on the results
 * topic ({@link JobEvent}).
 *
 * <p>{@link #publish} puts a job on the jobs topic (synchronously, acks=all); an intake node uses
 * {@link KafkaForwarder} instead, which keeps the job in its durable backlog until the broker has it.
 * Publishing a job key twice publishes it twice (Kafka does not deduplicate across producer sessions): delivery
 * is at least once. Thread-safe.
 */
public final class KafkaJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobQueue.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Prefix of the committed offset's metadata that counts the starts of the record at that offset. */
    static final String STARTS_METADATA = "myoscreen-starts=";

    private final KafkaSettings settings;
    private final String clientId;
    private final KafkaJobPublisher publisher;
    private final ClaimCheckStore claimChecks;
    private final java.util.function.Function<Job, List<String>> outputsOf;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread pollThread;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger lag = new AtomicInteger();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong uncommitted = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();
    private final AtomicLong restarted = new AtomicLong();
    private volatile boolean groupJoined;
    private volatile int assignedPartitions;
    private volatile boolean brokerReachable;
    private long reachabilityCheckedNanos;
    private volatile boolean stopping;
    private boolean closed;
    private Held offered;
    private Held inFlight;

    /** A record the poll thread holds; {@code revoked} once its partition went to another member. */
    private static final class Held {
        final ConsumerRecord<String, byte[]> record;
        final TopicPartition partition;
        final Job job;
        final int attempt;
        boolean revoked;

        Held(ConsumerRecord<String, byte[]> record, Job job, int attempt) {
            this.record = record;
            this.partition = new TopicPartition(record.topic(), record.partition());
            this.job = job;
            this.attempt = attempt;
        }

        String source() {
            return partition.topic() + "/" + partition.partition() + "/" + record.offset();
        }
    }

    /**
     * Creates the topics when absent, joins the consumer group and starts polling.
     *
     * @param settings broker, topics, group, attempts
     * @param clientId names this worker in logs, events and the broker
     * @param claimChecks how claim checks are redeemed before a job is handed out
     * @throws KafkaUnavailableException when the topics cannot be created (broker unreachable)
     */
    public KafkaJobQueue(KafkaSettings settings, String clientId, ClaimCheckStore claimChecks) {
        this(settings, clientId, claimChecks, job -> List.of());
    }

    /**
     * Creates the topics when absent, joins the consumer group and starts polling.
     *
     * @param settings broker, topics, group, attempts
     * @param clientId names this worker in logs, events and the broker
     * @param claimChecks how claim checks are redeemed before a job is handed out
     * @param outputsOf the output SOP Instance UIDs of an acknowledged job (for the DONE event) when
     *     {@link #acknowledge(String)} is called without them; must not throw
     * @throws KafkaUnavailableException when the topics cannot be created (broker unreachable)
     */
    public KafkaJobQueue(KafkaSettings settings, String clientId, ClaimCheckStore claimChecks,
            java.util.function.Function<Job, List<String>> outputsOf) {
        this.outputsOf = Objects.requireNonNull(outputsOf, "outputsOf is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.clientId = Objects.requireNonNull(clientId, "clientId is null");
        this.claimChecks = Objects.requireNonNull(claimChecks, "claimChecks is null");
        KafkaTopics.ensure(settings);
        this.publisher = new KafkaJobPublisher(settings, clientId);
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One job at a time: the poll thread never holds more than one record that it has not handed out.
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.sessionTimeout().toMillis() / 3);
        // Cooperative: a member joining or leaving moves only the partitions it must, so jobs in hand elsewhere
        // are not revoked.
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        this.pollThread = new Thread(this::pollLoop, "kafka-jobs-" + clientId);
        pollThread.setDaemon(true);
        pollThread.start();
        LOG.info("event=kafka_worker_started client={} bootstrap={} topic={} group={} max_attempts={}", clientId,
                settings.bootstrapServers(), settings.jobsTopic(), settings.groupId(), settings.maxAttempts());
    }

    // ---------------------------------------------------------------- poll thread

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(settings.jobsTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    revoke(partitions, "revoked");
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    groupJoined = false;
                    revoke(partitions, "lost");
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    groupJoined = true;
                    LOG.info("event=kafka_partitions_assigned client={} partitions={}", clientId, partitions);
                    if (busy()) {
                        consumer.pause(partitions);
                    }
                }
            });
            while (!stopping) {
                try {
                    for (Runnable r; (r = commands.poll()) != null; ) {
                        r.run();
                    }
                    if (busy()) {
                        consumer.pause(consumer.assignment());
                    } else if (!consumer.paused().isEmpty()) {
                        consumer.resume(consumer.paused());
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        receive(r);
                    }
                    int l = 0;
                    for (TopicPartition tp : consumer.assignment()) {
                        l += (int) consumer.currentLag(tp).orElse(0);
                    }
                    lag.set(l);
                    assignedPartitions = consumer.assignment().size();
                    checkReachable();
                } catch (WakeupException e) {
                    // close() woke us up; the loop condition ends the loop
                } catch (RuntimeException e) {
                    LOG.error("event=kafka_poll_failed client={} error=\"{}\"", clientId, e.toString(), e);
                    sleepQuietly(1000);
                }
            }
        } finally {
            for (Runnable r; (r = commands.poll()) != null; ) {
                r.run(); // complete pending futures; commits after close fail inside and are reported
            }
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("event=kafka_consumer_close_failed client={} error=\"{}\"", clientId, e.toString());
            }
        }
    }

    /**
     * Whether the consumer holds a connection to a broker, from its {@code connection-count} metric; checked at
     * most once a second (the metrics map is not small).
     */
    private void checkReachable() {
        long now = System.nanoTime();
        if (now - reachabilityCheckedNanos < 1_000_000_000L && reachabilityCheckedNanos != 0) {
            return;
        }
        reachabilityCheckedNanos = now;
        boolean reachable = false;
        for (var e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("connection-count") && e.getKey().group().equals("consumer-metrics")
                    && e.getValue().metricValue() instanceof Number n && n.doubleValue() > 0) {
                reachable = true;
            }
        }
        if (reachable != brokerReachable) {
            if (reachable) {
                LOG.info("event=kafka_reachable client={} bootstrap={}", clientId, settings.bootstrapServers());
            } else {
                LOG.warn("event=kafka_unreachable client={} bootstrap={} action=\"keep polling; the consumer"
                        + " reconnects\"", clientId, settings.bootstrapServers());
            }
        }
        brokerReachable = reachable;
    }

    /**
     * How often the record at {@code offset} was started before without finishing, from the metadata of the
     * group's committed offset (see {@link #commitStart}); -1 when the broker could not be asked.
     */
    private int previousStarts(TopicPartition tp, long offset) {
        try {
            OffsetAndMetadata c = consumer.committed(java.util.Set.of(tp), settings.requestTimeout()).get(tp);
            if (c == null || c.offset() != offset || !c.metadata().startsWith(STARTS_METADATA)) {
                return 0;
            }
            return Integer.parseInt(c.metadata().substring(STARTS_METADATA.length()));
        } catch (NumberFormatException e) {
            return 0; // not ours
        } catch (RuntimeException e) {
            LOG.warn("event=kafka_committed_unreadable client={} partition={} error=\"{}\"", clientId, tp,
                    e.toString());
            return -1;
        }
    }

    /**
     * Records durably, before the job runs, that the record at {@code offset} is started once more: commits the
     * offset itself (not the next one, so the job stays pending) with the start count in the metadata. It lives in
     * the group's offsets on the broker, so it survives a worker killed mid-job; the fenced commit fails when the
     * partition is no longer ours.
     */
    private boolean commitStart(TopicPartition tp, long offset, int starts) {
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset, STARTS_METADATA + starts)),
                    settings.requestTimeout());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("event=kafka_commit_failed client={} partition={} offset={} what=start error=\"{}\"", clientId,
                    tp, offset, e.toString());
            return false;
        }
    }

    /** Fetches the record again later (after a pause), when its partition is still ours. */
    private void refetchLater(TopicPartition tp, long offset) {
        if (consumer.assignment().contains(tp)) {
            consumer.seek(tp, offset);
        }
        sleepQuietly(1000);
    }

    private boolean busy() {
        lock.lock();
        try {
            return offered != null || inFlight != null;
        } finally {
            lock.unlock();
        }
    }

    private void revoke(Collection<TopicPartition> partitions, String how) {
        lock.lock();
        try {
            if (offered != null && partitions.contains(offered.partition)) {
                LOG.info("event=job_offer_withdrawn client={} job={} source={} reason=partition_{}", clientId,
                        offered.job.jobKey(), offered.source(), how);
                offered = null;
            }
            if (inFlight != null && partitions.contains(inFlight.partition) && !inFlight.revoked) {
                inFlight.revoked = true;
                LOG.warn("event=job_partition_revoked client={} job={} source={} reason=partition_{}"
                        + " action=\"will not commit; the new owner runs the job again\"", clientId,
                        inFlight.job.jobKey(), inFlight.source(), how);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void receive(ConsumerRecord<String, byte[]> r) {
        String source = r.topic() + "/" + r.partition() + "/" + r.offset();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (busy()) {
            // Cannot happen with max.poll.records=1 and paused partitions; if it does, fetch it again later.
            consumer.seek(tp, r.offset());
            return;
        }
        int attempt = JobMessages.attempt(r.headers());
        Job job;
        try {
            job = JobMessages.fromBytes(r.value(), source);
        } catch (IllegalArgumentException e) {
            String key = r.key() == null ? "" : r.key();
            String reason = "unreadable job message: " + e.getMessage();
            try {
                publisher.deadLetter(key, r.value(), reason, source, attempt);
            } catch (KafkaUnavailableException ke) {
                LOG.warn("event=dead_letter_publish_failed client={} source={} error=\"{}\" action=retry", clientId,
                        source, ke.getMessage());
                consumer.seek(tp, r.offset());
                sleepQuietly(1000);
                return;
            }
            commit(tp, r.offset());
            deadLettered.incrementAndGet();
            LOG.error("event=job_dead_lettered client={} job={} source={} attempt={} reason=\"{}\"", clientId, key,
                    source, attempt, reason);
            publisher.event(new JobEvent(key, JobState.FAILED, reason, attempt, clientId, List.of(),
                    Instant.now()));
            return;
        }
        // A worker killed mid-job (kill -9, OOM) reports nothing; the durable start count makes such a job use up
        // its attempts like a failing one, so a job that kills every worker ends in the dead-letter topic.
        int starts = previousStarts(tp, r.offset());
        if (starts < 0) {
            refetchLater(tp, r.offset());
            return;
        }
        int effective = attempt + starts;
        if (starts > 0) {
            restarted.incrementAndGet();
            LOG.warn("event=job_restarted client={} job={} source={} previous_starts={} attempt={}"
                    + " reason=\"an earlier worker stopped or died while running it\"", clientId, job.jobKey(), source,
                    starts, effective);
        }
        if (effective > settings.maxAttempts()) {
            String reason = "its worker stopped or died while running it " + starts + " time(s)"
                    + " (attempt " + (effective - 1) + " of " + settings.maxAttempts() + ")";
            try {
                publisher.deadLetter(job.jobKey(), r.value(), reason, source, effective - 1);
            } catch (KafkaUnavailableException ke) {
                LOG.warn("event=dead_letter_publish_failed client={} source={} error=\"{}\" action=retry", clientId,
                        source, ke.getMessage());
                refetchLater(tp, r.offset());
                return;
            }
            commit(tp, r.offset());
            deadLettered.incrementAndGet();
            LOG.error("event=job_dead_lettered client={} job={} source={} attempt={} max_attempts={} reason=\"{}\"",
                    clientId, job.jobKey(), source, effective - 1, settings.maxAttempts(), reason);
            publisher.event(new JobEvent(job.jobKey(), JobState.FAILED, reason, effective - 1, clientId,
                    List.of(), Instant.now()));
            return;
        }
        if (!commitStart(tp, r.offset(), starts + 1)) {
            refetchLater(tp, r.offset());
            return;
        }
        lock.lock();
        try {
            offered = new Held(r, job, effective);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        consumer.pause(consumer.assignment());
        LOG.debug("event=job_received client={} job={} source={} attempt={}", clientId, job.jobKey(), source, attempt);
    }

    /** Commits {@code offset + 1} on the poll thread; true when committed. */
    private boolean commit(TopicPartition tp, long offset) {
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)), settings.requestTimeout());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("event=kafka_commit_failed client={} partition={} offset={} error=\"{}\"", clientId, tp, offset,
                    e.toString());
            return false;
        }
    }

    /** Runs {@code action} on the poll thread and waits for its result. */
    private <T> T onPollThread(java.util.function.Supplier<T> action, T whenClosed) {
        if (!pollThread.isAlive()) {
            return whenClosed;
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        commands.add(() -> {
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

    // ---------------------------------------------------------------- JobQueue

    @Override
    public void publish(Job job) {
        Objects.requireNonNull(job, "job is null");
        publisher.publishJob(job, 1);
        LOG.info("event=job_published job={} files={} bytes={} topic={}", job.jobKey(), job.files().size(),
                job.totalBytes(), settings.jobsTopic());
    }

    @Override
    public Optional<JobDelivery> poll() {
        try {
            return poll(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public Optional<JobDelivery> poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Held h = awaitOffer(deadline);
            if (h == null) {
                return Optional.empty();
            }
            Optional<JobDelivery> d = handOut(h);
            if (d.isPresent()) {
                return d;
            }
        }
    }

    @Override
    public JobDelivery take() throws InterruptedException {
        while (true) {
            Held h = awaitOffer(Long.MAX_VALUE);
            Optional<JobDelivery> d = handOut(h);
            if (d.isPresent()) {
                return d.get();
            }
        }
    }

    /** Waits for an offered record and moves it in flight; null when the deadline passed. */
    private Held awaitOffer(long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (offered == null || inFlight != null) {
                checkOpen();
                if (deadlineNanos == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    changed.awaitNanos(left);
                }
            }
            checkOpen();
            inFlight = offered;
            offered = null;
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Redeems the claim checks; a job whose files cannot be read goes to the dead-letter topic (empty). */
    private Optional<JobDelivery> handOut(Held h) {
        Job local;
        try {
            local = claimChecks.fetchAll(h.job);
        } catch (ClaimCheckException e) {
            LOG.error("event=claim_check_failed client={} job={} source={} retriable={} reason=\"{}\"", clientId,
                    h.job.jobKey(), h.source(), e.retriable(), e.getMessage());
            // an unreadable file (a shared volume's blip) uses up an attempt; an absent or changed one is final
            fail(h.job.jobKey(), "claim check failed: " + e.getMessage(), e.retriable());
            return Optional.empty();
        }
        LOG.info("event=job_taken client={} job={} source={} attempt={}", clientId, h.job.jobKey(), h.source(),
                h.attempt);
        publisher.event(new JobEvent(h.job.jobKey(), JobState.RUNNING, "", h.attempt, clientId, List.of(),
                Instant.now()));
        return Optional.of(new JobDelivery(local, h.attempt));
    }

    /**
     * Acknowledges a job; its output SOP Instance UIDs for the DONE event come from the {@code outputsOf}
     * function given to the constructor.
     *
     * @param jobKey the job in hand
     */
    @Override
    public void acknowledge(String jobKey) {
        Held h = inHand(jobKey);
        List<String> outputs;
        try {
            outputs = outputsOf.apply(h.job);
        } catch (RuntimeException e) {
            LOG.warn("event=job_outputs_unknown job={} error=\"{}\"", jobKey, e.toString());
            outputs = List.of();
        }
        acknowledge(jobKey, outputs);
    }

    /**
     * Acknowledges a job (its outputs are in the outbox): commits its offset unless its partition was revoked,
     * resumes fetching and publishes a DONE event with the outputs.
     *
     * @param jobKey the job in hand
     * @param outputSopInstanceUids SOP Instance UIDs of the job's outputs, for the results topic
     * @throws IllegalArgumentException when the job key is not in hand
     */
    public void acknowledge(String jobKey, List<String> outputSopInstanceUids) {
        Held h = inHand(jobKey);
        boolean committed = false;
        // a failed commit of a partition still ours is tried again (it may be a broker blip); a revoked one never
        for (int tries = 0; tries < 3 && !committed && !h.revoked; tries++) {
            committed = onPollThread(() -> !h.revoked && consumer.assignment().contains(h.partition)
                    && commit(h.partition, h.record.offset()), false);
        }
        release(h);
        if (committed) {
            acknowledged.incrementAndGet();
            LOG.info("event=job_acknowledged client={} job={} source={} attempt={} outputs={}", clientId, jobKey,
                    h.source(), h.attempt, outputSopInstanceUids.size());
            publisher.event(new JobEvent(jobKey, JobState.DONE, "", h.attempt, clientId,
                    outputSopInstanceUids, Instant.now()));
        } else {
            // No DONE event: the worker that runs the job again reports it, so the ledger sees one DONE per job.
            uncommitted.incrementAndGet();
            LOG.warn("event=job_acknowledged_uncommitted client={} job={} source={} attempt={} revoked={}"
                    + " reason=\"partition revoked or commit failed; another worker runs the job again, no DONE"
                    + " event from this one\"", clientId, jobKey, h.source(), h.attempt, h.revoked);
        }
    }

    @Override
    public void fail(String jobKey, String reason, boolean retry) {
        Objects.requireNonNull(reason, "reason is null");
        Held h = inHand(jobKey);
        if (h.revoked) {
            release(h);
            LOG.warn("event=job_failed client={} job={} attempt={} reason=\"{}\" action=\"none: partition revoked,"
                    + " the new owner runs the job\"", clientId, jobKey, h.attempt, reason);
            return;
        }
        boolean dead = !retry || h.attempt >= settings.maxAttempts();
        try {
            if (dead) {
                publisher.deadLetter(jobKey, h.record.value(), reason, h.source(), h.attempt);
            } else {
                publisher.publishJob(h.job, h.attempt + 1);
            }
        } catch (KafkaUnavailableException e) {
            // Not committed: fetch the record again, the next attempt decides again.
            onPollThread(() -> {
                if (!h.revoked && consumer.assignment().contains(h.partition)) {
                    consumer.seek(h.partition, h.record.offset());
                }
                return null;
            }, null);
            release(h);
            LOG.error("event=job_fail_unpublished client={} job={} attempt={} reason=\"{}\" error=\"{}\""
                    + " action=\"redeliver\"", clientId, jobKey, h.attempt, reason, e.getMessage());
            return;
        }
        onPollThread(() -> !h.revoked && consumer.assignment().contains(h.partition)
                && commit(h.partition, h.record.offset()), false);
        release(h);
        if (dead) {
            deadLettered.incrementAndGet();
            LOG.error("event=job_dead_lettered client={} job={} source={} attempt={} max_attempts={} reason=\"{}\"",
                    clientId, jobKey, h.source(), h.attempt, settings.maxAttempts(), reason);
        } else {
            requeued.incrementAndGet();
            LOG.warn("event=job_failed client={} job={} attempt={} retry=true reason=\"{}\"", clientId, jobKey,
                    h.attempt, reason);
        }
        publisher.event(new JobEvent(jobKey, dead ? JobState.FAILED : JobState.QUEUED, reason,
                h.attempt, clientId, List.of(), Instant.now()));
    }

    private Held inHand(String jobKey) {
        Objects.requireNonNull(jobKey, "jobKey is null");
        lock.lock();
        try {
            if (inFlight == null || !inFlight.job.jobKey().equals(jobKey)) {
                throw new IllegalArgumentException("job " + jobKey + " is not in flight on worker " + clientId);
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void release(Held h) {
        lock.lock();
        try {
            if (inFlight == h) {
                inFlight = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Jobs this worker sees waiting: the lag of its assigned partitions plus the job offered or in hand.
     * Other members' partitions are not counted.
     *
     * @return jobs pending here plus in flight
     */
    @Override
    public int size() {
        lock.lock();
        try {
            return lag.get() + (offered != null ? 1 : 0) + (inFlight != null ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Jobs this worker published to the dead-letter topic since it started.
     *
     * @return a count
     */
    public long deadLetteredCount() {
        return deadLettered.get();
    }

    /**
     * A point-in-time view of this worker's consumer for health and metrics.
     *
     * @param brokerReachable the consumer holds a connection to a broker
     * @param groupJoined the consumer is a member of the workers' group (an assignment arrived and was not lost)
     * @param assignedPartitions partitions of the jobs topic assigned to this worker
     * @param jobInHand the key of the job handed out and not yet acknowledged or failed
     * @param acknowledged jobs acknowledged and committed (DONE published)
     * @param uncommitted jobs acknowledged whose commit did not happen (partition revoked, commit failed)
     * @param requeued failed jobs published again for another attempt
     * @param deadLettered jobs published to the dead-letter topic
     * @param restarted jobs taken that an earlier worker had started without finishing
     */
    public record Status(boolean brokerReachable, boolean groupJoined, int assignedPartitions,
            Optional<String> jobInHand, long acknowledged, long uncommitted, long requeued, long deadLettered,
            long restarted) {
        /** Checks the job key is present (may be empty). */
        public Status {
            Objects.requireNonNull(jobInHand, "jobInHand is null");
        }
    }

    /**
     * This worker's consumer now; cheap, never blocks on the broker.
     *
     * @return the status
     */
    public Status status() {
        Optional<String> inHand;
        lock.lock();
        try {
            inHand = inFlight == null ? Optional.empty() : Optional.of(inFlight.job.jobKey());
        } finally {
            lock.unlock();
        }
        return new Status(brokerReachable, groupJoined, assignedPartitions, inHand, acknowledged.get(),
                uncommitted.get(), requeued.get(), deadLettered.get(), restarted.get());
    }

    /**
     * Leaves the group without committing the job in hand (another member gets it) and closes the clients.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        stopping = true;
        consumer.wakeup();
        try {
            pollThread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        LOG.info("event=kafka_worker_closed client={}", clientId);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("kafka job queue of worker " + clientId + " is closed");
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
