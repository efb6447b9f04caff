package org.myoscreen.analysis.internal;

import org.myoscreen.volume.Grid;

/**
 * Patient coordinates of voxel centres without allocating: {@code x, y, z} (LPS mm) of index
 * {@code (i, j, k)} from the grid's affine. Immutable and thread-safe.
 */
public final class Geometry {

    private final double[][] m = new double[3][4];
    private final int nx;
    private final int ny;
    private final double dz;

    /** For {@code grid}. */
    public Geometry(Grid grid) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                m[r][c] = grid.affine().get(r, c);
            }
        }
        nx = grid.nx();
        ny = grid.ny();
        dz = Math.abs(m[2][0]) + Math.abs(m[2][1]) + Math.abs(m[2][2]);
    }

    /** Patient coordinate {@code axis} (0 = x, 1 = y, 2 = z) of the voxel with linear index {@code index}. */
    public double coord(int axis, int index) {
        int i = index % nx;
        int rest = index / nx;
        int j = rest % ny;
        int k = rest / ny;
        return m[axis][0] * i + m[axis][1] * j + m[axis][2] * k + m[axis][3];
    }

    /** z of the voxel with linear index {@code index}. */
    public double z(int index) {
        return coord(2, index);
    }

    /**
     * Extent of one voxel along patient z in mm (sum of the index steps' z components): the slice
     * spacing for axial grids, the row spacing for sagittal and coronal ones.
     */
    public double voxelExtentZ() {
        return dz;
    }
}
