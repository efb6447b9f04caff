package org.myoscreen.pipeline.jobs;

import java.util.Objects;

/**
 * A job handed to a consumer by {@link JobQueue#take()} or {@link JobQueue#poll()}; the consumer must
 * {@link JobQueue#acknowledge acknowledge} or {@link JobQueue#fail fail} it by its job key.
 *
 * @param job the job
 * @param attempt 1 for the first delivery in this process, incremented by each retried failure
 */
public record JobDelivery(Job job, int attempt) {

    /**
     * Checks for null and a positive attempt.
     *
     * @param job the job
     * @param attempt 1 for the first delivery in this process, incremented by each retried failure
     */
    public JobDelivery {
        Objects.requireNonNull(job, "job is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt " + attempt + " < 1");
        }
    }
}
