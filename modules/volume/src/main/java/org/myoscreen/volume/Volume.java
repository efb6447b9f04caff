package org.myoscreen.volume;

import java.util.Objects;

/**
 * A scalar image on a {@link Grid}: one {@code float} per voxel, laid out as
 * {@code voxels[i + nx * (j + ny * k)]} (see {@link Grid}). Values are in the modality's units
 * after any rescale (for MR: the stored value times Rescale Slope plus Rescale Intercept).
 *
 * <p>Immutable by contract: the array is not copied on construction or access, for speed on
 * whole-body volumes; callers must not modify an array they pass in or get back. Thread-safe
 * under that contract.
 */
public final class Volume {

    private final Grid grid;
    private final float[] voxels;

    /**
     * A volume; {@code voxels.length} must equal {@code grid.size()}.
     *
     * @throws IllegalArgumentException when the sizes differ
     */
    public Volume(Grid grid, float[] voxels) {
        this.grid = Objects.requireNonNull(grid, "grid is null");
        this.voxels = Objects.requireNonNull(voxels, "voxels is null");
        if (voxels.length != grid.size()) {
            throw new IllegalArgumentException("voxel count " + voxels.length + " does not match grid " + grid.nx()
                    + "x" + grid.ny() + "x" + grid.nz());
        }
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** Dimensions {nx, ny, nz} (i, j, k). */
    public int[] dims() {
        return grid.dims();
    }

    /** Spacing along i, j, k in mm. */
    public double[] spacingMm() {
        return grid.spacingMm();
    }

    /** Voxel index to LPS mm. */
    public Affine affine() {
        return grid.affine();
    }

    /** Unit direction (LPS) of index axis {@code axis}: 0 = along a row, 1 = down the rows, 2 = across slices (k). */
    public double[] direction(int axis) {
        return grid.affine().direction(axis);
    }

    /** The backing array (do not modify). */
    public float[] voxels() {
        return voxels;
    }

    /** Value at voxel (i, j, k). */
    public float get(int i, int j, int k) {
        return voxels[grid.index(i, j, k)];
    }

    @Override
    public String toString() {
        return "Volume[" + grid.nx() + "x" + grid.ny() + "x" + grid.nz() + ", " + grid.affine() + "]";
    }
}
