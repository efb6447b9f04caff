package org.myoscreen.analysis;

import java.util.OptionalDouble;

/**
 * Lean muscle (LMM) and IMAT volume of a paraspinal compartment or part of it.
 *
 * @param lmmVolumeCm3 lean muscle volume in cm³
 * @param imatVolumeCm3 intermuscular adipose tissue volume in cm³
 */
public record CompartmentValues(double lmmVolumeCm3, double imatVolumeCm3) {

    /** Zero volumes. */
    public static final CompartmentValues EMPTY = new CompartmentValues(0, 0);

    /** Validates non-negative volumes. */
    public CompartmentValues {
        if (!(lmmVolumeCm3 >= 0) || !(imatVolumeCm3 >= 0)) {
            throw new IllegalArgumentException("volumes must be non-negative: " + lmmVolumeCm3 + ", " + imatVolumeCm3);
        }
    }

    /** LMM + IMAT in cm³. */
    public double compartmentVolumeCm3() {
        return lmmVolumeCm3 + imatVolumeCm3;
    }

    /** IMAT / (IMAT + LMM) in percent; empty for an empty compartment. */
    public OptionalDouble imatPercent() {
        double total = compartmentVolumeCm3();
        return total > 0 ? OptionalDouble.of(100 * imatVolumeCm3 / total) : OptionalDouble.empty();
    }

    /** The sum of this and {@code other}. */
    public CompartmentValues plus(CompartmentValues other) {
        return new CompartmentValues(lmmVolumeCm3 + other.lmmVolumeCm3, imatVolumeCm3 + other.imatVolumeCm3);
    }
}
