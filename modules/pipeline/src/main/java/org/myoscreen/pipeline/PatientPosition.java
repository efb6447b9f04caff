package org.myoscreen.pipeline;

/**
 * A point in the DICOM patient coordinate system (LPS), in millimetres, as carried by Image Position
 * (Patient) (0020,0032), PS3.3 C.7.6.2.1.1. Immutable.
 *
 * @param xMm towards the patient's left
 * @param yMm towards the patient's posterior
 * @param zMm towards the patient's head
 */
public record PatientPosition(double xMm, double yMm, double zMm) {

    /**
     * Validates that every coordinate is finite.
     *
     * @param xMm towards the patient's left
     * @param yMm towards the patient's posterior
     * @param zMm towards the patient's head
     */
    public PatientPosition {
        if (!Double.isFinite(xMm) || !Double.isFinite(yMm) || !Double.isFinite(zMm)) {
            throw new IllegalArgumentException("non-finite position " + xMm + "," + yMm + "," + zMm);
        }
    }

    /**
     * Projection of this point onto a direction (dot product), in millimetres when the direction is a unit vector.
     *
     * @param direction three components
     * @return the dot product
     */
    public double dot(double[] direction) {
        return xMm * direction[0] + yMm * direction[1] + zMm * direction[2];
    }
}
