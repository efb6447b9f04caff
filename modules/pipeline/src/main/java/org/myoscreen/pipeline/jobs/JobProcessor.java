package org.myoscreen.pipeline.jobs;

import org.myoscreen.pipeline.delivery.Outbox;

/**
 * Turns one delivered job into its outputs: reads the job's files, analyses them and writes the result files
 * (durably) somewhere the {@link Worker} can hand to the {@link Outbox}. The worker owns the queue: a processor
 * never acknowledges or fails a job itself.
 *
 * <p>Implementations are called from the worker's threads, one job per thread at a time; an implementation
 * shared by several threads must be thread-safe. Re-running the same job must produce the same outputs (same
 * SOP Instance UIDs), because the queue delivers at least once.
 */
@FunctionalInterface
public interface JobProcessor {

    /**
     * Processes a job.
     *
     * @param delivery the job as the queue delivered it (with its attempt number)
     * @return what came of it; a QC refusal or an ineligible study is an outcome, not a failure
     * @throws JobProcessingException when no outcome could be produced; {@link JobProcessingException#retriable()}
     *     says whether running the job again can help. Any other runtime exception is treated as retriable.
     */
    JobOutcome process(JobDelivery delivery);
}
