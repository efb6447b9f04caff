package org.myoscreen.volume;

/**
 * How strictly {@link SeriesLoader} checks a series.
 *
 * @param tolerateGaps fill missing slice positions with zeros (and log them) instead of failing
 * @param orientationTolerance largest difference of any direction cosine still counted as the same
 *     orientation
 * @param spacingTolerance largest deviation of a slice from the regular lattice, as a fraction of
 *     the slice spacing (positions within it count as on the lattice)
 */
public record LoadOptions(boolean tolerateGaps, double orientationTolerance, double spacingTolerance) {

    /** Strict: gaps fail, cosines within 1e-4, positions within 10 % of the spacing. */
    public static final LoadOptions STRICT = new LoadOptions(false, 1e-4, 0.1);

    /** Validates the tolerances (orientation 0..0.1, spacing 0..0.5). */
    public LoadOptions {
        if (!(orientationTolerance >= 0 && orientationTolerance <= 0.1)) {
            throw new IllegalArgumentException("orientationTolerance out of 0..0.1: " + orientationTolerance);
        }
        if (!(spacingTolerance >= 0 && spacingTolerance <= 0.5)) {
            throw new IllegalArgumentException("spacingTolerance out of 0..0.5: " + spacingTolerance);
        }
    }

    /** The same options with gaps tolerated (or not). */
    public LoadOptions withTolerateGaps(boolean tolerate) {
        return new LoadOptions(tolerate, orientationTolerance, spacingTolerance);
    }
}
