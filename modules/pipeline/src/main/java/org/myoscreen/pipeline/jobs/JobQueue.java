package org.myoscreen.pipeline.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * The queue between intake (series assembly) and the workers. At-least-once: a published job is delivered
 * until a consumer acknowledges it; after a crash, jobs delivered but not acknowledged are delivered again.
 *
 * <p>Implementations are thread-safe. {@link InProcessJobQueue} keeps a durable on-disk backlog; a Kafka
 * implementation comes later behind the same interface.
 */
public interface JobQueue extends AutoCloseable {

    /**
     * Makes the job durable and available to consumers. When this returns, the job survives a crash.
     * Publishing a job key that is already pending or in flight does nothing.
     *
     * @param job the job
     * @throws java.io.UncheckedIOException when the job cannot be made durable
     */
    void publish(Job job);

    /**
     * The next pending job, or empty when none is waiting.
     *
     * @return the delivery, or empty
     */
    Optional<JobDelivery> poll();

    /**
     * The next pending job, waiting up to {@code timeout}; empty when none arrived in time.
     *
     * @param timeout longest wait
     * @return the delivery, or empty
     * @throws InterruptedException when interrupted while waiting
     */
    Optional<JobDelivery> poll(Duration timeout) throws InterruptedException;

    /**
     * The next pending job, waiting as long as it takes.
     *
     * @return the delivery
     * @throws InterruptedException when interrupted while waiting
     */
    JobDelivery take() throws InterruptedException;

    /**
     * Marks a delivered job done; it is removed from the backlog for good.
     *
     * @param jobKey the delivered job's key
     * @throws IllegalArgumentException when the job key is not in flight
     */
    void acknowledge(String jobKey);

    /**
     * Gives a delivered job back. With {@code retry} it is queued again (attempt + 1); without, it is moved
     * out of the backlog into the failed jobs with the reason, and never delivered again.
     *
     * @param jobKey the delivered job's key
     * @param reason why it failed (logged, kept with a failed job)
     * @param retry whether to deliver it again
     * @throws IllegalArgumentException when the job key is not in flight
     */
    void fail(String jobKey, String reason, boolean retry);

    /**
     * Jobs pending plus in flight.
     *
     * @return the number of jobs not yet acknowledged or failed for good
     */
    int size();

    /**
     * Releases resources; pending jobs stay durable. Calls waiting in {@link #take()} or {@link #poll(Duration)},
     * and any later call, end with {@link IllegalStateException}.
     */
    @Override
    void close();
}
