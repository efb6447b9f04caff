package org.myoscreen.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Worker} runs. Immutable.
 *
 * @param threads how many jobs run at once, at least 1 (a node that only takes in studies builds no worker)
 * @param maxAttempts how many deliveries of a job (in this process) may fail with a retriable failure before it
 *     is failed for good, at least 1
 * @param shutdownGrace how long {@link Worker#close()} waits for running jobs before interrupting them
 */
public record WorkerConfig(int threads, int maxAttempts, Duration shutdownGrace) {

    /**
     * Validates the counts and the grace period.
     *
     * @param threads how many jobs run at once, at least 1
     * @param maxAttempts how many deliveries of a job may fail with a retriable failure, at least 1
     * @param shutdownGrace how long {@link Worker#close()} waits for running jobs before interrupting them
     */
    public WorkerConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("worker threads " + threads + " < 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("worker max attempts " + maxAttempts + " < 1");
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace is null");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("worker shutdown grace " + shutdownGrace + " is negative");
        }
    }

    /** One thread, three attempts, 30 s grace. */
    public static WorkerConfig defaults() {
        return new WorkerConfig(1, 3, Duration.ofSeconds(30));
    }
}
