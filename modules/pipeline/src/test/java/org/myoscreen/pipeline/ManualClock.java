package org.myoscreen.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told; for tests (also other modules', through the test-jar). Not thread-safe
 * beyond volatile reads.
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Moves to {@code t} (backwards too). */
    public void set(Instant t) {
        now = t;
    }

    /** Moves forward by {@code d}. */
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
