package org.myoscreen.pipeline.kafka;

/**
 * A monotonic time source in nanoseconds, for deadlines and rate limits that must not follow wall-clock jumps;
 * tests substitute one they move by hand. Implementations are thread-safe.
 */
@FunctionalInterface
interface Ticker {

    /** {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /**
     * The current reading; only differences between readings mean anything.
     *
     * @return nanoseconds
     */
    long nanos();
}
