package org.myoscreen.pipeline.jobs;

import java.time.Duration;
import java.util.List;
import org.myoscreen.pipeline.internal.ListenerFanOut;

/**
 * Observes a {@link Worker}: each delivered job is {@link #jobStarted started}, then either
 * {@link #jobFinished finished} (after its outputs are in the outbox and the job is acknowledged) or
 * {@link #jobFailed failed} (after it was given back to the queue). The ledger and the metrics are built on it.
 *
 * <p>Called on the worker thread that runs the job; methods must be fast and must not throw (an exception is
 * logged and ignored). All methods default to doing nothing.
 */
public interface WorkerListener {

    /** A listener that ignores every event. */
    WorkerListener NONE = new WorkerListener() {};

    /**
     * A job was taken from the queue and is about to be processed.
     *
     * @param delivery the job and its attempt
     */
    default void jobStarted(JobDelivery delivery) {}

    /**
     * A job's outputs are durable in the outbox and the job is acknowledged.
     *
     * @param delivery the job and its attempt
     * @param outcome what the processor made of it
     * @param took how long processing and storing took
     */
    default void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {}

    /**
     * A job failed and was given back to the queue.
     *
     * @param delivery the job and its attempt
     * @param reason why
     * @param retry whether the queue will deliver it again
     */
    default void jobFailed(JobDelivery delivery, String reason, boolean retry) {}

    /**
     * Calls every listener in order, isolating each one's exceptions.
     *
     * @param listeners the listeners
     * @return the fan-out listener
     */
    static WorkerListener of(WorkerListener... listeners) {
        return new Composite(List.of(listeners));
    }

    /** Fan-out listener; see {@link #of}. */
    final class Composite implements WorkerListener {
        private final ListenerFanOut<WorkerListener> fanOut;

        private Composite(List<WorkerListener> listeners) {
            this.fanOut = new ListenerFanOut<>(listeners);
        }

        @Override
        public void jobStarted(JobDelivery delivery) {
            fanOut.each("job_started", l -> l.jobStarted(delivery));
        }

        @Override
        public void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {
            fanOut.each("job_finished", l -> l.jobFinished(delivery, outcome, took));
        }

        @Override
        public void jobFailed(JobDelivery delivery, String reason, boolean retry) {
            fanOut.each("job_failed", l -> l.jobFailed(delivery, reason, retry));
        }
    }
}
