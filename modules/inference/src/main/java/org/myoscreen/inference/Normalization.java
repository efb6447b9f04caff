package org.myoscreen.inference;

import java.util.Objects;

/**
 * How one input channel's intensities are mapped before the network sees them.
 *
 * <ul>
 *   <li>{@link Kind#ZSCORE}: {@code (x - mean) / std} with the mean and standard deviation of the
 *       whole resampled image (nnU-Net's {@code ZScoreNormalization} without mask).</li>
 *   <li>{@link Kind#PERCENTILE_CLIP}: clip to the image's {@code lowerPercentile} and
 *       {@code upperPercentile} (0..100), then map that range linearly onto [0, 1].</li>
 *   <li>{@link Kind#FIXED_RANGE}: clip to [{@code lower}, {@code upper}] (fixed values), then
 *       {@code (x - mean) / std} with fixed mean and std (nnU-Net's {@code CTNormalization}).</li>
 *   <li>{@link Kind#NONE}: values as they are.</li>
 * </ul>
 * Unused parameters are 0. Immutable; validated at creation.
 *
 * @param kind the method
 * @param lowerPercentile lower percentile for {@code PERCENTILE_CLIP}
 * @param upperPercentile upper percentile for {@code PERCENTILE_CLIP}
 * @param lower lower clip value for {@code FIXED_RANGE}
 * @param upper upper clip value for {@code FIXED_RANGE}
 * @param mean mean subtracted for {@code FIXED_RANGE}
 * @param std divisor for {@code FIXED_RANGE}
 */
public record Normalization(
        Kind kind,
        double lowerPercentile,
        double upperPercentile,
        double lower,
        double upper,
        double mean,
        double std) {

    /** The normalisation methods. */
    public enum Kind {
        /** Per-image z-score. */
        ZSCORE,
        /** Per-image percentile clip onto [0, 1]. */
        PERCENTILE_CLIP,
        /** Fixed clip range and fixed mean/std. */
        FIXED_RANGE,
        /** Identity. */
        NONE
    }

    /** Validates the parameters of the chosen kind. */
    public Normalization {
        Objects.requireNonNull(kind, "kind is null");
        switch (kind) {
            case PERCENTILE_CLIP -> {
                if (!(lowerPercentile >= 0 && lowerPercentile < upperPercentile && upperPercentile <= 100)) {
                    throw new IllegalArgumentException(
                            "percentile clip needs 0 <= lowerPercentile < upperPercentile <= 100, got "
                                    + lowerPercentile + ", " + upperPercentile);
                }
            }
            case FIXED_RANGE -> {
                if (!(lower < upper) || !(std > 0) || !Double.isFinite(mean)) {
                    throw new IllegalArgumentException(
                            "fixed range needs lower < upper, std > 0 and a finite mean, got lower=" + lower + " upper="
                                    + upper + " mean=" + mean + " std=" + std);
                }
            }
            default -> {}
        }
    }

    /** Per-image z-score. */
    public static Normalization zscore() {
        return new Normalization(Kind.ZSCORE, 0, 0, 0, 0, 0, 0);
    }

    /** Per-image percentile clip onto [0, 1]. */
    public static Normalization percentileClip(double lowerPercentile, double upperPercentile) {
        return new Normalization(Kind.PERCENTILE_CLIP, lowerPercentile, upperPercentile, 0, 0, 0, 0);
    }

    /** Fixed clip range, then {@code (x - mean) / std}. */
    public static Normalization fixedRange(double lower, double upper, double mean, double std) {
        return new Normalization(Kind.FIXED_RANGE, 0, 0, lower, upper, mean, std);
    }

    /** Identity. */
    public static Normalization none() {
        return new Normalization(Kind.NONE, 0, 0, 0, 0, 0, 0);
    }
}
