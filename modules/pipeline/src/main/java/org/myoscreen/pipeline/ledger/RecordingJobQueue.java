package org.myoscreen.pipeline.ledger;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobQueue} decorator that records each job's state in the {@link Ledger}: QUEUED on publish (with
 * the job's facts), RUNNING on delivery, DONE on acknowledge, FAILED (or QUEUED again when retried) on fail.
 * The queue stays the source of truth: a ledger failure is logged at ERROR and never fails the queue
 * operation. Thread-safe when the delegate is.
 */
public final class RecordingJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingJobQueue.class);

    private final JobQueue delegate;
    private final Ledger ledger;

    /**
     * @param delegate the queue that holds the jobs
     * @param ledger where job states are recorded
     */
    public RecordingJobQueue(JobQueue delegate, Ledger ledger) {
        this.delegate = Objects.requireNonNull(delegate, "delegate is null");
        this.ledger = Objects.requireNonNull(ledger, "ledger is null");
    }

    @Override
    public void publish(Job job) {
        delegate.publish(job);
        record(() -> ledger.jobPublished(job));
    }

    @Override
    public Optional<JobDelivery> poll() {
        return delivered(delegate.poll());
    }

    @Override
    public Optional<JobDelivery> poll(Duration timeout) throws InterruptedException {
        return delivered(delegate.poll(timeout));
    }

    @Override
    public JobDelivery take() throws InterruptedException {
        return delivered(Optional.of(delegate.take())).orElseThrow();
    }

    private Optional<JobDelivery> delivered(Optional<JobDelivery> d) {
        d.ifPresent(x -> record(() -> ledger.jobState(x.job().jobKey(), JobState.RUNNING, "attempt " + x.attempt())));
        return d;
    }

    @Override
    public void acknowledge(String jobKey) {
        delegate.acknowledge(jobKey);
        record(() -> ledger.jobState(jobKey, JobState.DONE, ""));
    }

    @Override
    public void fail(String jobKey, String reason, boolean retry) {
        delegate.fail(jobKey, reason, retry);
        record(() -> ledger.jobState(jobKey, retry ? JobState.QUEUED : JobState.FAILED, reason));
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static void record(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("event=ledger_write_failed error=\"{}\"", e.toString());
        }
    }
}
