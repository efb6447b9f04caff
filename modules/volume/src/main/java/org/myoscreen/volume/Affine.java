package org.myoscreen.volume;

import java.util.Arrays;

/**
 * A 4x4 homogeneous affine transform, immutable. In this module it maps a voxel index
 * {@code (i, j, k)} (zero-based, {@code i} fastest in memory) to DICOM patient coordinates
 * (LPS: +x towards the patient's left, +y posterior, +z superior), in millimetres.
 *
 * <p>Column {@code c} (c = 0, 1, 2) of the upper 3x3 block is the step vector for one voxel along
 * index axis {@code c}: its norm is the spacing in mm, its direction the direction cosine. Column 3 is
 * the position of voxel (0, 0, 0)'s centre. For a DICOM image plane (PS3.3 C.7.6.2.1.1) column 0 is
 * the row direction cosine times the column spacing (PixelSpacing[1]), column 1 the column direction
 * cosine times the row spacing (PixelSpacing[0]).
 *
 * <p>Thread-safe (immutable). Methods throw {@link IllegalArgumentException} on malformed input.
 */
public final class Affine {

    private final double[] m; // row-major, 16 entries

    private Affine(double[] m) {
        this.m = m;
    }

    /** An affine from 16 row-major values; the last row must be (0, 0, 0, 1). */
    public static Affine of(double... rowMajor) {
        if (rowMajor.length != 16) {
            throw new IllegalArgumentException("affine needs 16 values, got " + rowMajor.length);
        }
        for (double v : rowMajor) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("affine has a non-finite value: " + Arrays.toString(rowMajor));
            }
        }
        if (rowMajor[12] != 0 || rowMajor[13] != 0 || rowMajor[14] != 0 || rowMajor[15] != 1) {
            throw new IllegalArgumentException("affine last row must be 0 0 0 1: " + Arrays.toString(rowMajor));
        }
        return new Affine(rowMajor.clone());
    }

    /** The identity. */
    public static Affine identity() {
        return new Affine(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
    }

    /**
     * An affine from the position of voxel (0,0,0) and the three step vectors (direction times
     * spacing, mm) of the index axes i, j, k.
     */
    public static Affine fromAxes(double[] origin, double[] iStep, double[] jStep, double[] kStep) {
        return of(
                iStep[0], jStep[0], kStep[0], origin[0], iStep[1], jStep[1], kStep[1], origin[1], iStep[2], jStep[2],
                kStep[2], origin[2], 0, 0, 0, 1);
    }

    /** Entry at row {@code r}, column {@code c} (0..3). */
    public double get(int r, int c) {
        return m[r * 4 + c];
    }

    /** The 16 row-major values (a copy). */
    public double[] toArray() {
        return m.clone();
    }

    /** The step vector (mm) of index axis {@code axis} (0, 1, 2). */
    public double[] step(int axis) {
        return new double[] {m[axis], m[4 + axis], m[8 + axis]};
    }

    /** The unit direction of index axis {@code axis}. */
    public double[] direction(int axis) {
        return Vec.normalize(step(axis));
    }

    /** The position (mm) of voxel (0,0,0). */
    public double[] origin() {
        return new double[] {m[3], m[7], m[11]};
    }

    /** Spacing in mm along the three index axes (norms of the step vectors). */
    public double[] spacingMm() {
        return new double[] {Vec.norm(step(0)), Vec.norm(step(1)), Vec.norm(step(2))};
    }

    /** Maps a (possibly fractional) voxel index to patient coordinates. */
    public double[] apply(double i, double j, double k) {
        return new double[] {
            m[0] * i + m[1] * j + m[2] * k + m[3],
            m[4] * i + m[5] * j + m[6] * k + m[7],
            m[8] * i + m[9] * j + m[10] * k + m[11]
        };
    }

    /** Maps a point given as a 3-array. */
    public double[] apply(double[] p) {
        return apply(p[0], p[1], p[2]);
    }

    /** {@code this * other} (apply {@code other} first). */
    public Affine multiply(Affine other) {
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += m[i * 4 + k] * other.m[k * 4 + j];
                }
                r[i * 4 + j] = s;
            }
        }
        r[12] = 0;
        r[13] = 0;
        r[14] = 0;
        r[15] = 1;
        return new Affine(r);
    }

    /** Determinant of the upper 3x3 block. */
    public double determinant() {
        return m[0] * (m[5] * m[10] - m[6] * m[9])
                - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
    }

    /** The inverse; throws {@link IllegalArgumentException} when singular. */
    public Affine inverse() {
        double det = determinant();
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("affine is singular: " + this);
        }
        double[] a = m;
        double[] r = new double[16];
        r[0] = (a[5] * a[10] - a[6] * a[9]) / det;
        r[1] = (a[2] * a[9] - a[1] * a[10]) / det;
        r[2] = (a[1] * a[6] - a[2] * a[5]) / det;
        r[4] = (a[6] * a[8] - a[4] * a[10]) / det;
        r[5] = (a[0] * a[10] - a[2] * a[8]) / det;
        r[6] = (a[2] * a[4] - a[0] * a[6]) / det;
        r[8] = (a[4] * a[9] - a[5] * a[8]) / det;
        r[9] = (a[1] * a[8] - a[0] * a[9]) / det;
        r[10] = (a[0] * a[5] - a[1] * a[4]) / det;
        for (int i = 0; i < 3; i++) {
            r[i * 4 + 3] = -(r[i * 4] * a[3] + r[i * 4 + 1] * a[7] + r[i * 4 + 2] * a[11]);
        }
        r[15] = 1;
        return new Affine(r);
    }

    /**
     * Converts between DICOM LPS and NIfTI RAS patient coordinates: negates the x and y rows. The
     * operation is its own inverse.
     */
    public Affine flipXy() {
        double[] r = m.clone();
        for (int c = 0; c < 4; c++) {
            r[c] = -r[c];
            r[4 + c] = -r[4 + c];
        }
        return new Affine(r);
    }

    /** True when every entry differs by at most {@code tolerance}. */
    public boolean equalsWithin(Affine other, double tolerance) {
        for (int i = 0; i < 16; i++) {
            if (Math.abs(m[i] - other.m[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.equals(m, a.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Affine[");
        for (int r = 0; r < 3; r++) {
            sb.append(r == 0 ? "" : "; ");
            for (int c = 0; c < 4; c++) {
                sb.append(c == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.6g", m[r * 4 + c]));
            }
        }
        return sb.append(']').toString();
    }
}
