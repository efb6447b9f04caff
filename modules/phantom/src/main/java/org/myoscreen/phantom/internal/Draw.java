package org.myoscreen.phantom.internal;

import java.util.SplittableRandom;

/** Seeded draws within ranges; one instance per independent stream (anatomy, acquisition, ...). */
public final class Draw {

    private final SplittableRandom random;

    /** A stream for {@code seed} and a stream name (streams of one seed are independent). */
    public Draw(long seed, String stream) {
        this.random = new SplittableRandom(Noise.mix(seed * 31 + stream.hashCode()));
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Normal, truncated to [lo, hi]. */
    public double normal(double mean, double sd, double lo, double hi) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        double g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.max(lo, Math.min(hi, mean + sd * g));
    }

    /** Integer in [lo, hi]. */
    public int integer(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** True with probability p. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A long for sub-seeds. */
    public long nextLong() {
        return random.nextLong();
    }
}
