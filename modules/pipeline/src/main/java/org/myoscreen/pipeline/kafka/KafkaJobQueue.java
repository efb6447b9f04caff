package org.myoscreen.pipeline.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
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
 * once; a file that could not be read is retried like a failed job ({@link ClaimCheckException#retriable()}).
 * Every state change is published on the results topic ({@link JobEvent}), stamped with the injected clock's time.
 *
 * <p>This class is the facade over package-private parts: {@link PollLoop} (the poll thread and its mailbox),
 * {@link RecordAdmission} (what becomes of a fetched record), {@link StartCounter} (the start count in the
 * committed offset and the restart rule) and {@link HandOff} (the offered and in-flight record). The claim checks
 * it redeems verify every file, so its deliveries say {@link JobDelivery#filesVerified()}.
 *
 * <p>{@link #publish} puts a job on the jobs topic (synchronously, acks=all); an intake node uses
 * {@link KafkaForwarder} instead, which keeps the job in its durable backlog until the broker has it.
 * Publishing a job key twice publishes it twice (Kafka does not deduplicate across producer sessions): delivery
 * is at least once. Thread-safe.
 */
public final class KafkaJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobQueue.class);

    private final KafkaSettings settings;
    private final String clientId;
    private final KafkaJobPublisher publisher;
    private final ClaimCheckStore claimChecks;
    private final Function<Job, List<String>> outputsOf;
    private final Clock clock;
    private final HandOff handOff;
    private final PollLoop loop;
    private final WorkerCounts counts = new WorkerCounts();

    /**
     * Creates the topics when absent, joins the consumer group and starts polling; events carry the system
     * clock's time, and an acknowledged job's DONE event lists no outputs.
     *
     * @param settings broker, topics, group, attempts
     * @param clientId names this worker in logs, events and the broker
     * @param claimChecks how claim checks are redeemed before a job is handed out
     * @throws KafkaUnavailableException when the topics cannot be created (broker unreachable)
     */
    public KafkaJobQueue(KafkaSettings settings, String clientId, ClaimCheckStore claimChecks) {
        this(settings, clientId, claimChecks, job -> List.of(), Clock.systemUTC());
    }

    /**
     * Creates the topics when absent, joins the consumer group and starts polling.
     *
     * @param settings broker, topics, group, attempts
     * @param clientId names this worker in logs, events and the broker
     * @param claimChecks how claim checks are redeemed before a job is handed out
     * @param outputsOf the output SOP Instance UIDs of an acknowledged job (for the DONE event) when
     *     {@link #acknowledge(String)} is called without them; must not throw
     * @param clock the time of the job events on the results topic (deadlines use {@link System#nanoTime()})
     * @throws KafkaUnavailableException when the topics cannot be created (broker unreachable)
     */
    public KafkaJobQueue(
            KafkaSettings settings,
            String clientId,
            ClaimCheckStore claimChecks,
            Function<Job, List<String>> outputsOf,
            Clock clock) {
        this(
                withTopics(settings, clientId, claimChecks, outputsOf, clock),
                clientId,
                claimChecks,
                outputsOf,
                clock,
                Ticker.SYSTEM,
                PollLoop.newConsumer(settings, clientId),
                new KafkaJobPublisher(settings, clientId));
    }

    /** Wires the parts and starts polling; tests pass a consumer and a publisher that need no broker. */
    KafkaJobQueue(
            KafkaSettings settings,
            String clientId,
            ClaimCheckStore claimChecks,
            Function<Job, List<String>> outputsOf,
            Clock clock,
            Ticker ticker,
            Consumer<String, byte[]> consumer,
            KafkaJobPublisher publisher) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.clientId = Objects.requireNonNull(clientId, "clientId is null");
        this.claimChecks = Objects.requireNonNull(claimChecks, "claimChecks is null");
        this.outputsOf = Objects.requireNonNull(outputsOf, "outputsOf is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.publisher = Objects.requireNonNull(publisher, "publisher is null");
        this.handOff = new HandOff(clientId, Objects.requireNonNull(ticker, "ticker is null"));
        StartCounter starts = new StartCounter(consumer, settings.requestTimeout(), clientId);
        RecordAdmission admission =
                new RecordAdmission(settings, clientId, consumer, starts, handOff, publisher, counts, clock);
        this.loop = new PollLoop(settings, clientId, consumer, handOff, starts, admission, ticker);
        loop.start();
        LOG.info(
                "event=kafka_worker_started client={} bootstrap={} topic={} group={} max_attempts={}",
                clientId,
                settings.bootstrapServers(),
                settings.jobsTopic(),
                settings.groupId(),
                settings.maxAttempts());
    }

    /** Checks the arguments and creates the topics when absent, before any client is made. */
    private static KafkaSettings withTopics(
            KafkaSettings settings,
            String clientId,
            ClaimCheckStore claimChecks,
            Function<Job, List<String>> outputsOf,
            Clock clock) {
        Objects.requireNonNull(outputsOf, "outputsOf is null");
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(clientId, "clientId is null");
        Objects.requireNonNull(claimChecks, "claimChecks is null");
        Objects.requireNonNull(clock, "clock is null");
        KafkaTopics.ensure(settings);
        return settings;
    }

    // ---------------------------------------------------------------- JobQueue

    @Override
    public void publish(Job job) {
        Objects.requireNonNull(job, "job is null");
        publisher.publishJob(job, 1);
        LOG.info(
                "event=job_published job={} files={} bytes={} topic={}",
                job.jobKey(),
                job.files().size(),
                job.totalBytes(),
                settings.jobsTopic());
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
        long deadline = handOff.deadlineIn(timeout.toNanos());
        while (true) {
            HandOff.Held h = handOff.awaitOffer(deadline);
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
            HandOff.Held h = handOff.awaitOffer(Long.MAX_VALUE);
            Optional<JobDelivery> d = handOut(h);
            if (d.isPresent()) {
                return d.get();
            }
        }
    }

    /** Redeems the claim checks; a job whose files cannot be read goes to the dead-letter topic (empty). */
    private Optional<JobDelivery> handOut(HandOff.Held h) {
        Job local;
        try {
            local = claimChecks.fetchAll(h.job);
        } catch (ClaimCheckException e) {
            LOG.error(
                    "event=claim_check_failed client={} job={} source={} retriable={} reason=\"{}\"",
                    clientId,
                    h.job.jobKey(),
                    h.source(),
                    e.retriable(),
                    e.getMessage());
            // an unreadable file (a shared volume's blip) uses up an attempt; an absent or changed one is final
            fail(h.job.jobKey(), "claim check failed: " + e.getMessage(), e.retriable());
            return Optional.empty();
        }
        LOG.info(
                "event=job_taken client={} job={} source={} attempt={}",
                clientId,
                h.job.jobKey(),
                h.source(),
                h.attempt);
        publisher.event(
                new JobEvent(h.job.jobKey(), JobState.RUNNING, "", h.attempt, clientId, List.of(), clock.instant()));
        return Optional.of(new JobDelivery(local, h.attempt, true));
    }

    /**
     * Acknowledges a job; its output SOP Instance UIDs for the DONE event come from the {@code outputsOf}
     * function given to the constructor.
     *
     * @param jobKey the job in hand
     */
    @Override
    public void acknowledge(String jobKey) {
        HandOff.Held h = inHand(jobKey);
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
        HandOff.Held h = inHand(jobKey);
        boolean committed = false;
        try {
            // a failed commit of a partition still ours is tried again (it may be a broker blip); a revoked one never
            for (int tries = 0; tries < 3 && !committed && !h.revoked; tries++) {
                committed = loop.call(() -> loop.commitIfOwned(h), false);
            }
        } finally {
            handOff.release(h); // also when the poll thread did not answer: the worker must not stay paused
        }
        if (committed) {
            counts.acknowledged.incrementAndGet();
            LOG.info(
                    "event=job_acknowledged client={} job={} source={} attempt={} outputs={}",
                    clientId,
                    jobKey,
                    h.source(),
                    h.attempt,
                    outputSopInstanceUids.size());
            publisher.event(new JobEvent(
                    jobKey, JobState.DONE, "", h.attempt, clientId, outputSopInstanceUids, clock.instant()));
        } else {
            // No DONE event: the worker that runs the job again reports it, so the ledger sees one DONE per job.
            counts.uncommitted.incrementAndGet();
            LOG.warn(
                    "event=job_acknowledged_uncommitted client={} job={} source={} attempt={} revoked={}"
                            + " reason=\"partition revoked or commit failed; another worker runs the job again, no DONE"
                            + " event from this one\"",
                    clientId,
                    jobKey,
                    h.source(),
                    h.attempt,
                    h.revoked);
        }
    }

    /**
     * Fails the job in hand. The dead-letter rule: without retry, or at the last of
     * {@link KafkaSettings#maxAttempts()} attempts, the record goes to the dead-letter topic with the reason;
     * otherwise the job is published again with attempt + 1. Either way the record is committed only once the
     * broker has the new record; a job whose partition was revoked is left to its new owner.
     */
    @Override
    public void fail(String jobKey, String reason, boolean retry) {
        Objects.requireNonNull(reason, "reason is null");
        HandOff.Held h = inHand(jobKey);
        if (h.revoked) {
            handOff.release(h);
            LOG.warn(
                    "event=job_failed client={} job={} attempt={} reason=\"{}\" action=\"none: partition revoked,"
                            + " the new owner runs the job\"",
                    clientId,
                    jobKey,
                    h.attempt,
                    reason);
            return;
        }
        boolean dead = deadLetters(retry, h.attempt, settings.maxAttempts());
        try {
            try {
                if (dead) {
                    publisher.deadLetter(jobKey, h.record.value(), reason, h.source(), h.attempt);
                } else {
                    publisher.publishJob(h.job, h.attempt + 1);
                }
            } catch (KafkaUnavailableException e) {
                // Not committed: fetch the record again, the next attempt decides again.
                LOG.error(
                        "event=job_fail_unpublished client={} job={} attempt={} reason=\"{}\" error=\"{}\""
                                + " action=\"redeliver\"",
                        clientId,
                        jobKey,
                        h.attempt,
                        reason,
                        e.getMessage());
                loop.call(
                        () -> {
                            loop.seekIfOwned(h);
                            return null;
                        },
                        null);
                return;
            }
            loop.call(() -> loop.commitIfOwned(h), false);
        } finally {
            handOff.release(h); // also when the poll thread did not answer: the worker must not stay paused
        }
        reportFailed(h, reason, dead);
    }

    /** The dead-letter rule of a failed job: no retry wanted, or its attempts are used up. */
    static boolean deadLetters(boolean retry, int attempt, int maxAttempts) {
        return !retry || attempt >= maxAttempts;
    }

    private void reportFailed(HandOff.Held h, String reason, boolean dead) {
        String jobKey = h.job.jobKey();
        if (dead) {
            counts.deadLettered.incrementAndGet();
            LOG.error(
                    "event=job_dead_lettered client={} job={} source={} attempt={} max_attempts={} reason=\"{}\"",
                    clientId,
                    jobKey,
                    h.source(),
                    h.attempt,
                    settings.maxAttempts(),
                    reason);
        } else {
            counts.requeued.incrementAndGet();
            LOG.warn(
                    "event=job_failed client={} job={} attempt={} retry=true reason=\"{}\"",
                    clientId,
                    jobKey,
                    h.attempt,
                    reason);
        }
        publisher.event(new JobEvent(
                jobKey,
                dead ? JobState.FAILED : JobState.QUEUED,
                reason,
                h.attempt,
                clientId,
                List.of(),
                clock.instant()));
    }

    private HandOff.Held inHand(String jobKey) {
        Objects.requireNonNull(jobKey, "jobKey is null");
        return handOff.inHand(jobKey);
    }

    /**
     * Jobs this worker sees waiting: the lag of its assigned partitions plus the job offered or in hand.
     * Other members' partitions are not counted.
     *
     * @return jobs pending here plus in flight
     */
    @Override
    public int size() {
        return loop.lag() + handOff.held();
    }

    /**
     * Jobs this worker published to the dead-letter topic since it started.
     *
     * @return a count
     */
    public long deadLetteredCount() {
        return counts.deadLettered.get();
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
    public record Status(
            boolean brokerReachable,
            boolean groupJoined,
            int assignedPartitions,
            Optional<String> jobInHand,
            long acknowledged,
            long uncommitted,
            long requeued,
            long deadLettered,
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
        return new Status(
                loop.brokerReachable(),
                loop.groupJoined(),
                loop.assignedPartitions(),
                handOff.jobInHand(),
                counts.acknowledged.get(),
                counts.uncommitted.get(),
                counts.requeued.get(),
                counts.deadLettered.get(),
                counts.restarted.get());
    }

    /**
     * Leaves the group without committing the job in hand (another member gets it) and closes the clients.
     */
    @Override
    public void close() {
        if (!handOff.close()) {
            return;
        }
        loop.stop();
        publisher.close();
        LOG.info("event=kafka_worker_closed client={}", clientId);
    }
}
