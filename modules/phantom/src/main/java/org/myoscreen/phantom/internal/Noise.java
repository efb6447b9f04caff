package org.myoscreen.phantom.internal;

/**
 * Deterministic hash-based randomness: smooth value noise in 3D and per-voxel Gaussian noise.
 * Both are pure functions of their arguments, so an image value at a patient position or lattice
 * voxel never depends on which station or tile computes it.
 */
public final class Noise {

    private Noise() {}

    /** 64-bit mix (SplitMix64 finaliser constants). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Hash of a lattice point and a seed. */
    public static long hash(long seed, long a, long b, long c) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (a * 0x632BE59BD9B4E019L));
        h = mix(h ^ (b * 0x85157AF5L + 0x1234567L));
        return mix(h ^ (c * 0xC2B2AE3D27D4EB4FL));
    }

    /** Uniform in [0, 1) from a hash. */
    public static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Smooth value noise in [0, 1] at a continuous lattice position. */
    public static double value(long seed, double x, double y, double z) {
        long ix = (long) Math.floor(x);
        long iy = (long) Math.floor(y);
        long iz = (long) Math.floor(z);
        double fx = smooth(x - ix);
        double fy = smooth(y - iy);
        double fz = smooth(z - iz);
        double c000 = unit(hash(seed, ix, iy, iz));
        double c100 = unit(hash(seed, ix + 1, iy, iz));
        double c010 = unit(hash(seed, ix, iy + 1, iz));
        double c110 = unit(hash(seed, ix + 1, iy + 1, iz));
        double c001 = unit(hash(seed, ix, iy, iz + 1));
        double c101 = unit(hash(seed, ix + 1, iy, iz + 1));
        double c011 = unit(hash(seed, ix, iy + 1, iz + 1));
        double c111 = unit(hash(seed, ix + 1, iy + 1, iz + 1));
        double c00 = c000 + (c100 - c000) * fx;
        double c10 = c010 + (c110 - c010) * fx;
        double c01 = c001 + (c101 - c001) * fx;
        double c11 = c011 + (c111 - c011) * fx;
        double c0 = c00 + (c10 - c00) * fy;
        double c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }

    /** Standard normal deviate from a lattice point (Box–Muller on two hashes). */
    public static double gaussian(long seed, long a, long b, long c) {
        long h = hash(seed, a, b, c);
        double u1 = ((h >>> 11) + 1) * 0x1.0p-53;
        double u2 = unit(mix(h + 0x5851F42D4C957F2DL));
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }
}
