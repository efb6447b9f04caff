package org.myoscreen.volume;

import java.util.Objects;

/**
 * A voxel grid: dimensions along the index axes i, j, k and the affine from voxel index to
 * patient coordinates (LPS, mm). Voxel data on a grid is laid out with {@code i} fastest:
 * {@code index = i + nx * (j + ny * k)} — for a DICOM series, {@code i} runs along a row (column
 * index), {@code j} down the rows, {@code k} over the slices in order along the slice normal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nx voxels along i (DICOM Columns)
 * @param ny voxels along j (DICOM Rows)
 * @param nz voxels along k (slices)
 * @param affine voxel index to LPS mm
 */
public record Grid(int nx, int ny, int nz, Affine affine) {

    /** Validates the dimensions (each at least 1, total below 2^31) and a non-singular affine. */
    public Grid {
        Objects.requireNonNull(affine, "affine is null");
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("grid dimensions must be positive: " + nx + "x" + ny + "x" + nz);
        }
        if ((long) nx * ny * nz > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid too large: " + nx + "x" + ny + "x" + nz);
        }
        if (Math.abs(affine.determinant()) < 1e-9) {
            throw new IllegalArgumentException("grid affine is singular: " + affine);
        }
    }

    /** Number of voxels. */
    public int size() {
        return nx * ny * nz;
    }

    /** Linear index of voxel (i, j, k). */
    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    /** True when (i, j, k) lies inside the grid. */
    public boolean contains(int i, int j, int k) {
        return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
    }

    /** Spacing along i, j, k in mm. */
    public double[] spacingMm() {
        return affine.spacingMm();
    }

    /** Volume of one voxel in mm³ (absolute determinant of the affine). */
    public double voxelVolumeMm3() {
        return Math.abs(affine.determinant());
    }

    /** Patient position (LPS mm) of voxel (i, j, k)'s centre. */
    public double[] worldOf(double i, double j, double k) {
        return affine.apply(i, j, k);
    }

    /** Dimensions as {nx, ny, nz}. */
    public int[] dims() {
        return new int[] {nx, ny, nz};
    }

    /**
     * True when both grids have the same dimensions and their affines agree within
     * {@code toleranceMm} (positions) — the direction part is compared scaled by the extent so that
     * the tolerance bounds the displacement of every voxel.
     */
    public boolean sameAs(Grid other, double toleranceMm) {
        if (nx != other.nx || ny != other.ny || nz != other.nz) {
            return false;
        }
        int[] n = dims();
        for (int r = 0; r < 3; r++) {
            if (Math.abs(affine.get(r, 3) - other.affine.get(r, 3)) > toleranceMm) {
                return false;
            }
            for (int c = 0; c < 3; c++) {
                if (Math.abs(affine.get(r, c) - other.affine.get(r, c)) * Math.max(1, n[c] - 1) > toleranceMm) {
                    return false;
                }
            }
        }
        return true;
    }
}
