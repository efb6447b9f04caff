package org.myoscreen.analysis.internal;

/**
 * The robust mode seeker behind every intensity level the measurement estimates (lean muscle, the
 * subcutaneous-fat rim, the IMAT level, the blur ratio), and the sampling rules shared by the
 * measurement's calibration ({@link Calibration}) and the fat finder ({@link SubcutaneousFatFinder}).
 * Seeking starts at a quantile and repeatedly takes the median of the values within a window around
 * the current estimate: values in a tail (partial-volume voxels between muscle and fat) do not pull
 * it. Stateless; thread-safe.
 */
final class IntensityModes {

    /** Fewest voxels an intensity estimate is made from (else neighbouring slabs are pooled). */
    static final int MIN_SAMPLES = 30;
    /** Subcutaneous fat within this many mm (in-plane) of a compartment's bounding box calibrates it. */
    static final double NEAR_MM = 40;
    /** Single contrast: fat must be at least this many times brighter than muscle. */
    static final double MIN_FAT_TO_MUSCLE = 1.3;

    private IntensityModes() {}

    /**
     * The mode of {@code values} near {@code start}, with a window that scales with the distance to
     * another level {@code anchor}: at most {@code iterations} times, the median of the values within
     * {@code ±windowShare · |anchor − mode|}; stops when no value lies in the window or the step is
     * below {@code 1e-6 · |anchor − mode|}.
     */
    static double seekRelative(Floats values, double start, double anchor, double windowShare, int iterations) {
        double mode = start;
        for (int it = 0; it < iterations; it++) {
            double w = windowShare * Math.abs(anchor - mode);
            double next = values.medianWithin(mode - w, mode + w);
            if (Double.isNaN(next) || Math.abs(next - mode) < 1e-6 * Math.abs(anchor - mode)) {
                break;
            }
            mode = next;
        }
        return mode;
    }

    /**
     * The mode of {@code values} near {@code start} with a fixed window: at most 20 times, the median
     * of the values within {@code ±halfWidth}; stops when no value lies in the window or the step is
     * below {@code 1e-4}.
     */
    static double seekFixed(Floats values, double start, double halfWidth) {
        double mode = start;
        for (int it = 0; it < 20; it++) {
            double next = values.medianWithin(mode - halfWidth, mode + halfWidth);
            if (Double.isNaN(next) || Math.abs(next - mode) < 1e-4) {
                break;
            }
            mode = next;
        }
        return mode;
    }
}
