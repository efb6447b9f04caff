package org.myoscreen.pipeline.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * How a {@link Worker} runs. Immutable.
 *
 * @param threads how many jobs run at once, at least 1 (a node that only takes in studies builds no worker)
 * @param maxAttempts how many deliveries of a job (in this process) may fail with a retriable failure before it
 *     is failed for good, at least 1
 * @param shutdownGrace how long {@link Worker#close()} waits for running jobs before interrupting them
 * @param fallbackDestinations where a job's outputs go when the job names no destination (a node started without
 *     one hands out such jobs); empty: such outputs stay in the results folder only
 */
public record WorkerConfig(
        int threads, int maxAttempts, Duration shutdownGrace, List<Destination> fallbackDestinations) {

    /**
     * Validates the counts and the grace period.
     *
     * @param threads how many jobs run at once, at least 1
     * @param maxAttempts how many deliveries of a job may fail with a retriable failure, at least 1
     * @param shutdownGrace how long {@link Worker#close()} waits for running jobs before interrupting them
     * @param fallbackDestinations where outputs of a job without destinations go
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
        fallbackDestinations =
                List.copyOf(Objects.requireNonNull(fallbackDestinations, "fallbackDestinations is null"));
    }

    /**
     * A configuration without fallback destinations.
     *
     * @param threads how many jobs run at once, at least 1
     * @param maxAttempts how many deliveries of a job may fail with a retriable failure, at least 1
     * @param shutdownGrace how long {@link Worker#close()} waits for running jobs before interrupting them
     */
    public WorkerConfig(int threads, int maxAttempts, Duration shutdownGrace) {
        this(threads, maxAttempts, shutdownGrace, List.of());
    }

    /** One thread, three attempts, 30 s grace. */
    public static WorkerConfig defaults() {
        return new WorkerConfig(1, 3, Duration.ofSeconds(30));
    }
}
