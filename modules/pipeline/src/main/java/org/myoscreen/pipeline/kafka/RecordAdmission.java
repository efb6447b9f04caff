package org.myoscreen.pipeline.kafka;

import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.ledger.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what becomes of a record the poll thread fetched: a record that is not a job message goes to the
 * dead-letter topic at once; a job whose starts used up its attempts ({@link StartCounter#judge}) too; any other
 * job has its start committed and is offered on the {@link HandOff}. When the broker cannot be asked or does not
 * take a commit or a dead letter, the record is fetched again later and judged again.
 *
 * <p>Threading: poll thread only (it uses the consumer).
 */
final class RecordAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(RecordAdmission.class);
    private static final long REFETCH_PAUSE_MS = 1000;

    private final KafkaSettings settings;
    private final String clientId;
    private final Consumer<String, byte[]> consumer;
    private final StartCounter starts;
    private final HandOff handOff;
    private final KafkaJobPublisher publisher;
    private final WorkerCounts counts;
    private final Clock clock;

    RecordAdmission(
            KafkaSettings settings,
            String clientId,
            Consumer<String, byte[]> consumer,
            StartCounter starts,
            HandOff handOff,
            KafkaJobPublisher publisher,
            WorkerCounts counts,
            Clock clock) {
        this.settings = settings;
        this.clientId = clientId;
        this.consumer = consumer;
        this.starts = starts;
        this.handOff = handOff;
        this.publisher = publisher;
        this.counts = counts;
        this.clock = clock;
    }

    /** Judges one fetched record. */
    void admit(ConsumerRecord<String, byte[]> r) {
        String source = r.topic() + "/" + r.partition() + "/" + r.offset();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (handOff.busy()) {
            // Cannot happen with max.poll.records=1 and paused partitions; if it does, fetch it again later.
            consumer.seek(tp, r.offset());
            return;
        }
        int attempt = JobMessages.attempt(r.headers());
        Job job;
        try {
            job = JobMessages.fromBytes(r.value(), source);
        } catch (IllegalArgumentException e) {
            deadLetterUnreadable(r, tp, source, attempt, e);
            return;
        }
        // A worker killed mid-job (kill -9, OOM) reports nothing; the durable start count makes such a job use up
        // its attempts like a failing one, so a job that kills every worker ends in the dead-letter topic.
        int previous = starts.previousStarts(tp, r.offset());
        if (previous < 0) {
            refetchLater(tp, r.offset());
            return;
        }
        StartCounter.Start start = StartCounter.judge(attempt, previous, settings.maxAttempts());
        if (start.restarted()) {
            counts.restarted.incrementAndGet();
            LOG.warn(
                    "event=job_restarted client={} job={} source={} previous_starts={} attempt={}"
                            + " reason=\"an earlier worker stopped or died while running it\"",
                    clientId,
                    job.jobKey(),
                    source,
                    previous,
                    start.attempt());
        }
        if (start.deadLetter()) {
            deadLetterRestarted(r, tp, source, job, start);
            return;
        }
        if (!starts.commitStart(tp, r.offset(), previous + 1)) {
            refetchLater(tp, r.offset());
            return;
        }
        handOff.offer(new HandOff.Held(r, job, start.attempt()));
        consumer.pause(consumer.assignment());
        LOG.debug("event=job_received client={} job={} source={} attempt={}", clientId, job.jobKey(), source, attempt);
    }

    private void deadLetterUnreadable(
            ConsumerRecord<String, byte[]> r,
            TopicPartition tp,
            String source,
            int attempt,
            IllegalArgumentException e) {
        String key = r.key() == null ? "" : r.key();
        String reason = "unreadable job message: " + e.getMessage();
        try {
            publisher.deadLetter(key, r.value(), reason, source, attempt);
        } catch (KafkaUnavailableException ke) {
            LOG.warn(
                    "event=dead_letter_publish_failed client={} source={} error=\"{}\" action=retry",
                    clientId,
                    source,
                    ke.getMessage());
            consumer.seek(tp, r.offset());
            PollLoop.sleepQuietly(REFETCH_PAUSE_MS);
            return;
        }
        starts.commitFinished(tp, r.offset());
        counts.deadLettered.incrementAndGet();
        LOG.error(
                "event=job_dead_lettered client={} job={} source={} attempt={} reason=\"{}\"",
                clientId,
                key,
                source,
                attempt,
                reason);
        publisher.event(new JobEvent(key, JobState.FAILED, reason, attempt, clientId, List.of(), clock.instant()));
    }

    private void deadLetterRestarted(
            ConsumerRecord<String, byte[]> r, TopicPartition tp, String source, Job job, StartCounter.Start start) {
        try {
            publisher.deadLetter(job.jobKey(), r.value(), start.reason(), source, start.lastAttempt());
        } catch (KafkaUnavailableException ke) {
            LOG.warn(
                    "event=dead_letter_publish_failed client={} source={} error=\"{}\" action=retry",
                    clientId,
                    source,
                    ke.getMessage());
            refetchLater(tp, r.offset());
            return;
        }
        starts.commitFinished(tp, r.offset());
        counts.deadLettered.incrementAndGet();
        LOG.error(
                "event=job_dead_lettered client={} job={} source={} attempt={} max_attempts={} reason=\"{}\"",
                clientId,
                job.jobKey(),
                source,
                start.lastAttempt(),
                settings.maxAttempts(),
                start.reason());
        publisher.event(new JobEvent(
                job.jobKey(),
                JobState.FAILED,
                start.reason(),
                start.lastAttempt(),
                clientId,
                List.of(),
                clock.instant()));
    }

    /** Fetches the record again later (after a pause), when its partition is still ours. */
    private void refetchLater(TopicPartition tp, long offset) {
        if (consumer.assignment().contains(tp)) {
            consumer.seek(tp, offset);
        }
        PollLoop.sleepQuietly(REFETCH_PAUSE_MS);
    }
}
