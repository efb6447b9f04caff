package org.myoscreen.inference.internal;

import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;

/**
 * The grid a model sees: axes along the patient axes (i → +x left, j → +y posterior, k → +z
 * superior) at the model's spacing, covering the bounding box of the source grid's voxel
 * centres (so every source voxel has a model voxel within half a model voxel). Stateless.
 */
public final class ModelGrid {

    private ModelGrid() {}

    /**
     * The model grid for {@code source}; a {@code spacingZ} of 0 takes the source's extent per
     * step along z (the slice spacing, for an axial series).
     */
    public static Grid of(Grid source, double spacingX, double spacingY, double spacingZ) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double[] p = source.worldOf(
                    (c & 1) == 0 ? 0 : source.nx() - 1,
                    (c & 2) == 0 ? 0 : source.ny() - 1,
                    (c & 4) == 0 ? 0 : source.nz() - 1);
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        double sz = spacingZ > 0 ? spacingZ : sourceStepAlongZ(source);
        double[] s = {spacingX, spacingY, sz};
        int[] n = new int[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            double extent = hi[a] - lo[a];
            n[a] = Math.max(1, (int) Math.round(extent / s[a]) + 1);
            // centre the model voxels on the source's extent
            origin[a] = (lo[a] + hi[a]) / 2 - (n[a] - 1) * s[a] / 2;
        }
        Affine affine = Affine.fromAxes(
                origin, new double[] {s[0], 0, 0}, new double[] {0, s[1], 0}, new double[] {0, 0, s[2]});
        return new Grid(n[0], n[1], n[2], affine);
    }

    /** The largest z component of the source's three step vectors (slice spacing for axial). */
    static double sourceStepAlongZ(Grid source) {
        double best = 0;
        for (int a = 0; a < 3; a++) {
            double dz = Math.abs(source.affine().step(a)[2]);
            if (dz > best) {
                best = dz;
            }
        }
        return best;
    }
}
