package org.myoscreen.analysis.internal;

import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.volume.Grid;

/**
 * The paraspinal compartment's voxels (kinds {@code PARASPINAL} and {@code IMAT}) in label-map
 * order; compartment voxel {@code c} is entry {@code c} of each array. Owns which voxels belong to
 * which side, which the model labelled IMAT, and where the compartment meets other tissue (the
 * edge masks that blur and partial volume act on). The arrays are shared, not copied: callers must
 * not change them.
 *
 * @param voxels linear voxel index of each compartment voxel
 * @param sides 0 left, 1 right (the patient's)
 * @param modelImat labelled IMAT by the model
 * @param edges which 6-neighbours lie outside the voxel's own side of the compartment: bit
 *     {@code 2·axis} for the lower and {@code 2·axis + 1} for the upper neighbour along x, y, z;
 *     {@link #AT_BORDER} when the voxel touches the grid border; 0 = interior
 * @param zLoMm lowest voxel centre z ({@code Double.MAX_VALUE} when empty)
 * @param zHiMm highest voxel centre z ({@code -Double.MAX_VALUE} when empty)
 */
record Compartment(int[] voxels, byte[] sides, boolean[] modelImat, byte[] edges, double zLoMm, double zHiMm) {

    /** Edge mask of a voxel on the grid border (neighbours unknown: classified whole). */
    static final byte AT_BORDER = (byte) 0x40;

    /** Checks that the arrays are parallel. */
    Compartment {
        int n = voxels.length;
        if (sides.length != n || modelImat.length != n || edges.length != n) {
            throw new IllegalArgumentException("compartment arrays differ in length: " + n + ", " + sides.length + ", "
                    + modelImat.length + ", " + edges.length);
        }
    }

    /** Number of compartment voxels. */
    int size() {
        return voxels.length;
    }

    /** Linear voxel index of compartment voxel {@code c}. */
    int voxel(int c) {
        return voxels[c];
    }

    /** Side of compartment voxel {@code c}: 0 left, 1 right. */
    int side(int c) {
        return sides[c];
    }

    /** Whether the model labelled compartment voxel {@code c} IMAT. */
    boolean modelImat(int c) {
        return modelImat[c];
    }

    /** Edge mask of compartment voxel {@code c} (see {@link #edges}). */
    byte edge(int c) {
        return edges[c];
    }

    /** Whether {@code s} is a compartment structure. */
    static boolean isCompartment(Structure s) {
        return s.kind() == StructureKind.PARASPINAL || s.kind() == StructureKind.IMAT;
    }

    /** The side index of a compartment structure: 0 left, 1 right. */
    static byte sideOf(Structure s) {
        return (byte) (s.laterality() == Laterality.LEFT ? 0 : 1);
    }

    /**
     * The edge mask of each voxel in {@code voxels} (see {@link #edges}). Blur and partial volume mix
     * outside tissue (subcutaneous fat, posterior elements) into edge voxels.
     */
    static byte[] edges(short[] lab, StructureMap map, Grid grid, int[] voxels, byte[] sides) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        byte[] edge = new byte[voxels.length];
        for (int c = 0; c < voxels.length; c++) {
            int p = voxels[c];
            int i = p % nx;
            int j = (p / nx) % ny;
            int k = p / plane;
            if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == grid.nz() - 1) {
                edge[c] = AT_BORDER;
                continue;
            }
            int[] nb = {p - 1, p + 1, p - nx, p + nx, p - plane, p + plane};
            int mask = 0;
            for (int b = 0; b < 6; b++) {
                Structure s = map.of(lab[nb[b]]);
                if (!(isCompartment(s) && sideOf(s) == sides[c])) {
                    mask |= 1 << b;
                }
            }
            edge[c] = (byte) mask;
        }
        return edge;
    }
}
