package org.myoscreen.inference.internal;

import java.util.stream.IntStream;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;

/**
 * Nearest-neighbour resampling of a label map, stepping the source position incrementally along
 * each target row (no allocation per voxel). Same rule as the volume module's: a target voxel takes
 * the label of the source voxel nearest to its centre; outside the source (beyond half a voxel) it
 * gets 0. Target slices run in parallel. Stateless.
 */
public final class NearestResampler {

    private static final double EDGE_EPS = 1e-4;

    private NearestResampler() {
    }

    /** {@code source} on {@code target}. */
    public static LabelMap resample(LabelMap source, Grid target) {
        Grid s = source.grid();
        Affine m = s.affine().inverse().multiply(target.affine());
        short[] out = new short[target.size()];
        short[] v = source.labels();
        double dx0 = m.get(0, 0);
        double dx1 = m.get(1, 0);
        double dx2 = m.get(2, 0);
        int snx = s.nx();
        int sny = s.ny();
        int snz = s.nz();
        int tnx = target.nx();
        int tny = target.ny();
        // Target slices are independent: in parallel (common fork-join pool), same values.
        IntStream.range(0, target.nz()).parallel().forEach(k -> {
            int idx = k * tnx * tny;
            for (int j = 0; j < tny; j++) {
                double[] p = m.apply(0, j, k);
                for (int i = 0; i < tnx; i++, idx++) {
                    int si = (int) Math.floor(p[0] + i * dx0 + 0.5 + EDGE_EPS);
                    int sj = (int) Math.floor(p[1] + i * dx1 + 0.5 + EDGE_EPS);
                    int sk = (int) Math.floor(p[2] + i * dx2 + 0.5 + EDGE_EPS);
                    if (si >= 0 && sj >= 0 && sk >= 0 && si < snx && sj < sny && sk < snz) {
                        out[idx] = v[si + snx * (sj + sny * sk)];
                    }
                }
            }
        });
        return new LabelMap(target, out);
    }
}
