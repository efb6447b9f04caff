package org.myoscreen.inference.internal;

import org.myoscreen.inference.Normalization;

/** Applies a {@link Normalization} to an image array (in place). Stateless. */
public final class Normalizer {

    /** Histogram resolution for percentiles. */
    private static final int HISTOGRAM_BINS = 1 << 16;

    private Normalizer() {}

    /** Normalises {@code v} in place. */
    public static void apply(float[] v, Normalization n) {
        switch (n.kind()) {
            case NONE -> {}
            case ZSCORE -> {
                double sum = 0;
                double sq = 0;
                for (float x : v) {
                    sum += x;
                    sq += (double) x * x;
                }
                double mean = sum / v.length;
                double std = Math.sqrt(Math.max(sq / v.length - mean * mean, 0));
                float m = (float) mean;
                float inv = (float) (1 / Math.max(std, 1e-8));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (v[i] - m) * inv;
                }
            }
            case PERCENTILE_CLIP -> {
                double[] p = percentiles(v, n.lowerPercentile(), n.upperPercentile());
                float lo = (float) p[0];
                float hi = (float) p[1];
                float inv = hi > lo ? 1f / (hi - lo) : 0f;
                for (int i = 0; i < v.length; i++) {
                    float x = Math.min(Math.max(v[i], lo), hi);
                    v[i] = (x - lo) * inv;
                }
            }
            case FIXED_RANGE -> {
                float lo = (float) n.lower();
                float hi = (float) n.upper();
                float m = (float) n.mean();
                float inv = (float) (1 / n.std());
                for (int i = 0; i < v.length; i++) {
                    float x = Math.min(Math.max(v[i], lo), hi);
                    v[i] = (x - m) * inv;
                }
            }
        }
    }

    /**
     * The {@code lower} and {@code upper} percentiles (0..100) of {@code v}: a 65,536-bin histogram
     * over all voxels, interpolated linearly inside the bin (error below 1/65,536 of the range).
     */
    public static double[] percentiles(float[] v, double lower, double upper) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (!(max > min)) {
            return new double[] {min, min};
        }
        int bins = HISTOGRAM_BINS;
        long[] h = new long[bins];
        double scale = bins / ((double) max - min);
        for (float x : v) {
            h[Math.min(bins - 1, (int) ((x - min) * scale))]++;
        }
        return new double[] {at(h, v.length, lower, min, max), at(h, v.length, upper, min, max)};
    }

    private static double at(long[] h, int n, double percentile, float min, float max) {
        double rank = percentile / 100 * (n - 1);
        long seen = 0;
        double width = ((double) max - min) / h.length;
        for (int b = 0; b < h.length; b++) {
            if (seen + h[b] > rank) {
                return min + width * (b + (rank - seen + 0.5) / h[b]);
            }
            seen += h[b];
        }
        return max;
    }
}
