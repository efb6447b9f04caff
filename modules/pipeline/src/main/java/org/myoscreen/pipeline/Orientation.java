package org.myoscreen.pipeline;

import java.util.List;

/**
 * The acquisition plane of a series, derived from Image Orientation (Patient) (0020,0037),
 * PS3.3 C.7.6.2.1.1: the slice normal (row × column) is classified by its dominant LPS axis.
 * A normal along z is {@link #AXIAL}, along y {@link #CORONAL}, along x {@link #SAGITTAL}; oblique planes
 * take the nearest of the three, because routing needs a plane, not an angle.
 */
public enum Orientation {
    /** Transverse: slice normal along the patient's head-foot (z) axis. */
    AXIAL,
    /** Slice normal along the anterior-posterior (y) axis. */
    CORONAL,
    /** Slice normal along the left-right (x) axis. */
    SAGITTAL,
    /** No (or an unusable) Image Orientation (Patient). */
    UNKNOWN;

    /**
     * Classifies six direction cosines (row x,y,z then column x,y,z).
     *
     * @param imageOrientationPatient the six values; any other count gives {@link #UNKNOWN}
     * @return the plane
     */
    public static Orientation of(List<Double> imageOrientationPatient) {
        double[] n = normal(imageOrientationPatient);
        if (n.length == 0) {
            return UNKNOWN;
        }
        double ax = Math.abs(n[0]);
        double ay = Math.abs(n[1]);
        double az = Math.abs(n[2]);
        if (az >= ax && az >= ay) {
            return AXIAL;
        }
        return ay >= ax ? CORONAL : SAGITTAL;
    }

    /**
     * The unit slice normal (row × column) of six direction cosines, or an empty array when there are not six
     * finite values or the row and column are parallel.
     *
     * @param iop six direction cosines
     * @return the unit normal (3 values) or an empty array
     */
    public static double[] normal(List<Double> iop) {
        if (iop.size() != 6) {
            return new double[0];
        }
        double rx = iop.get(0), ry = iop.get(1), rz = iop.get(2);
        double cx = iop.get(3), cy = iop.get(4), cz = iop.get(5);
        double nx = ry * cz - rz * cy;
        double ny = rz * cx - rx * cz;
        double nz = rx * cy - ry * cx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (!Double.isFinite(len) || len < 1e-6) {
            return new double[0];
        }
        return new double[] {nx / len, ny / len, nz / len};
    }
}
