package org.myoscreen.analysis.internal;

import java.util.List;
import java.util.OptionalDouble;
import org.myoscreen.analysis.Measurements;

/**
 * The measurements plus what QC needs to judge them.
 *
 * @param measurements the values
 * @param blocking reasons the measurements cannot be reported at all (QC fails)
 * @param leftCompartmentCm3 left compartment (lean + IMAT) volume
 * @param rightCompartmentCm3 right compartment volume
 * @param compartmentExtentZMm cranio-caudal extent of both compartments
 * @param meanConfidence mean segmentation confidence over the compartment, when given
 * @param subcutaneousFatFraction Dixon: median fat fraction of subcutaneous fat (0..1)
 */
public record Measured(
        Measurements measurements,
        List<String> blocking,
        double leftCompartmentCm3,
        double rightCompartmentCm3,
        double compartmentExtentZMm,
        OptionalDouble meanConfidence,
        OptionalDouble subcutaneousFatFraction) {

    /** Copies the list. */
    public Measured {
        blocking = List.copyOf(blocking);
    }
}
