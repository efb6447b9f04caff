package org.myoscreen.pipeline.jobs;

import java.util.Objects;

/**
 * A job handed to a consumer by {@link JobQueue#take()} or {@link JobQueue#poll()}; the consumer must
 * {@link JobQueue#acknowledge acknowledge} or {@link JobQueue#fail fail} it by its job key.
 *
 * @param job the job
 * @param attempt 1 for the first delivery in this process, incremented by each retried failure
 * @param filesVerified the queue checked every job file against its size and SHA-256 ({@link JobFileCheck}) just
 *     before handing the job out, so a processor need not read them once more to check them
 */
public record JobDelivery(Job job, int attempt, boolean filesVerified) {

    /**
     * Checks for null and a positive attempt.
     *
     * @param job the job
     * @param attempt 1 for the first delivery in this process, incremented by each retried failure
     * @param filesVerified the queue checked every job file against its size and SHA-256 before handing it out
     */
    public JobDelivery {
        Objects.requireNonNull(job, "job is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt " + attempt + " < 1");
        }
    }

    /**
     * A delivery whose files the queue did not check (the processor checks them).
     *
     * @param job the job
     * @param attempt 1 for the first delivery in this process, incremented by each retried failure
     */
    public JobDelivery(Job job, int attempt) {
        this(job, attempt, false);
    }
}
