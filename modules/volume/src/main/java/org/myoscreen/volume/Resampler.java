package org.myoscreen.volume;

import java.util.stream.IntStream;

/**
 * Resampling between grids in patient space: trilinear for images, nearest neighbour for label
 * maps. A target voxel takes its value from the source at the same patient position; positions
 * outside the source (more than a rounding error beyond the outermost voxel centres for
 * trilinear, more than half a voxel for nearest) get the fill value.
 *
 * <p>Stateless and thread-safe.
 */
public final class Resampler {

    /** Slack in index units that still counts as inside, against floating-point round-off. */
    static final double EDGE_EPS = 1e-4;

    private Resampler() {}

    /** Trilinear resampling of {@code source} onto {@code target}; outside gets {@code fill}. */
    public static Volume trilinear(Volume source, Grid target, float fill) {
        Grid s = source.grid();
        Affine m = s.affine().inverse().multiply(target.affine());
        float[] out = new float[target.size()];
        float[] v = source.voxels();
        int nx = s.nx();
        int ny = s.ny();
        int nz = s.nz();
        double[] step0 = {m.get(0, 0), m.get(1, 0), m.get(2, 0)};
        int idx = 0;
        for (int k = 0; k < target.nz(); k++) {
            for (int j = 0; j < target.ny(); j++) {
                double[] p = m.apply(0, j, k);
                for (int i = 0; i < target.nx(); i++, idx++) {
                    double x = p[0] + i * step0[0];
                    double y = p[1] + i * step0[1];
                    double z = p[2] + i * step0[2];
                    out[idx] = sample(v, nx, ny, nz, x, y, z, fill);
                }
            }
        }
        return new Volume(target, out);
    }

    /**
     * Nearest-neighbour resampling of a label map onto {@code target}; outside gets 0. The source
     * position is stepped along each target row (no allocation per voxel) and target slices run in
     * parallel (common fork-join pool): it maps every segmentation back to its source grid.
     */
    public static LabelMap nearest(LabelMap source, Grid target) {
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

    /**
     * Trilinear sample at continuous index (x, y, z) of an {@code nx*ny*nz} array; {@code fill}
     * outside. Package-private for the station composer.
     */
    static float sample(float[] v, int nx, int ny, int nz, double x, double y, double z, float fill) {
        if (x < -EDGE_EPS
                || y < -EDGE_EPS
                || z < -EDGE_EPS
                || x > nx - 1 + EDGE_EPS
                || y > ny - 1 + EDGE_EPS
                || z > nz - 1 + EDGE_EPS) {
            return fill;
        }
        x = clamp(x, nx - 1);
        y = clamp(y, ny - 1);
        z = clamp(z, nz - 1);
        int x0 = Math.min((int) x, Math.max(nx - 2, 0));
        int y0 = Math.min((int) y, Math.max(ny - 2, 0));
        int z0 = Math.min((int) z, Math.max(nz - 2, 0));
        double fx = x - x0;
        double fy = y - y0;
        double fz = z - z0;
        int x1 = Math.min(x0 + 1, nx - 1);
        int y1 = Math.min(y0 + 1, ny - 1);
        int z1 = Math.min(z0 + 1, nz - 1);
        int sxy = nx * ny;
        double c00 = v[x0 + nx * y0 + sxy * z0] * (1 - fx) + v[x1 + nx * y0 + sxy * z0] * fx;
        double c10 = v[x0 + nx * y1 + sxy * z0] * (1 - fx) + v[x1 + nx * y1 + sxy * z0] * fx;
        double c01 = v[x0 + nx * y0 + sxy * z1] * (1 - fx) + v[x1 + nx * y0 + sxy * z1] * fx;
        double c11 = v[x0 + nx * y1 + sxy * z1] * (1 - fx) + v[x1 + nx * y1 + sxy * z1] * fx;
        double c0 = c00 * (1 - fy) + c10 * fy;
        double c1 = c01 * (1 - fy) + c11 * fy;
        return (float) (c0 * (1 - fz) + c1 * fz);
    }

    private static double clamp(double x, int max) {
        return x < 0 ? 0 : (x > max ? max : x);
    }
}
