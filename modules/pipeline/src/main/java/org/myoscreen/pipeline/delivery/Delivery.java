package org.myoscreen.pipeline.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One output file of a job on its way to one destination, as the outbox records it. Immutable.
 *
 * @param jobKey the job that produced the file
 * @param file the file's name in the job's outbox folder
 * @param destination where it goes
 * @param state where it stands
 * @param attempts attempts made so far
 * @param firstAttemptAt when the first attempt was made; empty before it
 * @param nextAttemptAt when a pending delivery is due
 * @param lastStatus the peer's last DIMSE status, e.g. {@code A700}; empty when no response came
 * @param lastError the peer's Error Comment or the association failure; empty when none
 */
public record Delivery(
        String jobKey,
        String file,
        Destination destination,
        State state,
        int attempts,
        Optional<Instant> firstAttemptAt,
        Instant nextAttemptAt,
        Optional<String> lastStatus,
        Optional<String> lastError) {

    /** Where a delivery stands. */
    public enum State {
        /** Not yet delivered; tried again when due. */
        PENDING,
        /** The destination answered Success or a Warning. */
        DELIVERED,
        /** The destination refused it permanently (A9xx, Cxxx, 01xx): not retried. */
        FAILED,
        /** Transient failures went on past the policy's horizon: not retried. */
        DEAD
    }

    /** Checks that nothing is null. */
    public Delivery {
        Objects.requireNonNull(jobKey, "jobKey is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(destination, "destination is null");
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(firstAttemptAt, "firstAttemptAt is null");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        Objects.requireNonNull(lastStatus, "lastStatus is null");
        Objects.requireNonNull(lastError, "lastError is null");
    }

    Delivery with(State newState, Instant attemptAt, Instant next, Optional<String> status, Optional<String> error) {
        return new Delivery(
                jobKey,
                file,
                destination,
                newState,
                attempts + 1,
                firstAttemptAt.isPresent() ? firstAttemptAt : Optional.of(attemptAt),
                next,
                status,
                error);
    }
}
