package org.myoscreen.pipeline.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * When the outbox tries a delivery again. A transient failure (A7xx Out of Resources, or an
 * association that cannot be opened, is rejected or breaks) is retried after {@code initialBackoff},
 * then after each wait multiplied by {@code multiplier} up to {@code maxBackoff}; once the first
 * attempt lies {@code horizon} in the past the delivery is dead. Immutable.
 *
 * @param initialBackoff wait after the first failed attempt; default 30 s
 * @param multiplier factor applied to the wait after each further failure, at least 1; default 2
 * @param maxBackoff the longest wait between attempts; default 30 min
 * @param horizon how long after the first attempt deliveries are still retried; default 24 h
 */
public record DeliveryPolicy(Duration initialBackoff, double multiplier, Duration maxBackoff, Duration horizon) {

    /** Validates that durations are positive and the multiplier is at least 1. */
    public DeliveryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff is null");
        Objects.requireNonNull(maxBackoff, "maxBackoff is null");
        Objects.requireNonNull(horizon, "horizon is null");
        if (initialBackoff.isNegative()
                || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0
                || horizon.isNegative()
                || horizon.isZero()) {
            throw new IllegalArgumentException("delivery policy: backoffs and horizon must be positive, "
                    + "max-backoff at least initial-backoff");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("delivery policy: multiplier must be at least 1, got " + multiplier);
        }
    }

    /** 30 s, doubling, at most 30 min apart, for 24 h. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), Duration.ofHours(24));
    }

    /** The wait after the {@code failures}-th consecutive failure (1 = the first). */
    public Duration backoffAfter(int failures) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
