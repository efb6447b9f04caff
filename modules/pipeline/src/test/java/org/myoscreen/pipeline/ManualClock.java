package org.myoscreen.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told; for tests (public for the tests of sub-packages). Not thread-safe beyond
 * volatile reads.
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    /**
     * @param start the instant it shows until moved
     */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock to {@code t}.
     *
     * @param t the new instant
     */
    public void set(Instant t) {
        now = t;
    }

    /**
     * Moves the clock forward.
     *
     * @param d how far
     */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
