package org.myoscreen.inference.internal;

import java.util.Arrays;
import org.myoscreen.inference.Normalization;

/** Applies a {@link Normalization} to an image array (in place). Stateless. */
public final class Normalizer {

    /** Voxels sampled for percentiles (every n-th voxel), bounding the sort cost on large volumes. */
    private static final int MAX_SAMPLES = 2_000_000;

    private Normalizer() {
    }

    /** Normalises {@code v} in place. */
    public static void apply(float[] v, Normalization n) {
        switch (n.kind()) {
            case NONE -> {
            }
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

    /** The {@code lower} and {@code upper} percentiles (0..100) of {@code v}, linear interpolation. */
    public static double[] percentiles(float[] v, double lower, double upper) {
        int step = Math.max(1, v.length / MAX_SAMPLES);
        float[] s = new float[(v.length + step - 1) / step];
        for (int i = 0, j = 0; i < v.length; i += step, j++) {
            s[j] = v[i];
        }
        Arrays.sort(s);
        return new double[] {at(s, lower), at(s, upper)};
    }

    private static double at(float[] sorted, double percentile) {
        double pos = percentile / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        double f = pos - i;
        return sorted[i] * (1 - f) + sorted[j] * f;
    }
}
