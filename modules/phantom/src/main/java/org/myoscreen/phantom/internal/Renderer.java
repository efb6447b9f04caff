package org.myoscreen.phantom.internal;

import java.util.stream.IntStream;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Vec;
import org.myoscreen.volume.Volume;

/**
 * Samples the anatomy on a grid and renders images. Labels are taken at voxel centres (the exact
 * label map); image values average the tissue signal at three points across the slice thickness
 * (partial volume along the slice), blur in-plane with a 3-tap kernel, multiply by the bias field
 * and add Rician noise keyed to the voxel's lattice index, then round to 12-bit stored values.
 * Slices are processed in parallel.
 */
public final class Renderer {

    private final Anatomy anatomy;
    private final Grid grid;
    private final short[] tissue;
    private final short[] level;
    private final short[] above;
    private final short[] below;

    /** Samples {@code anatomy} on {@code grid}. */
    public Renderer(Anatomy anatomy, Grid grid) {
        this.anatomy = anatomy;
        this.grid = grid;
        int n = grid.size();
        tissue = new short[n];
        level = new short[n];
        above = new short[n];
        below = new short[n];
        double[] normalStep = Vec.scale(grid.affine().step(2), 1.0 / 3);
        int plane = grid.nx() * grid.ny();
        IntStream.range(0, grid.nz()).parallel().forEach(k -> {
            int idx = k * plane;
            for (int j = 0; j < grid.ny(); j++) {
                for (int i = 0; i < grid.nx(); i++, idx++) {
                    double[] p = grid.worldOf(i, j, k);
                    int c = anatomy.classify(p[0], p[1], p[2]);
                    tissue[idx] = (short) (c & 0xFF);
                    level[idx] = (short) (c >>> 8);
                    above[idx] = (short)
                            (anatomy.classify(p[0] + normalStep[0], p[1] + normalStep[1], p[2] + normalStep[2]) & 0xFF);
                    below[idx] = (short)
                            (anatomy.classify(p[0] - normalStep[0], p[1] - normalStep[1], p[2] - normalStep[2]) & 0xFF);
                }
            }
        });
    }

    /** The tissue label map (values of {@code TissueLabel}). */
    public LabelMap tissue() {
        return new LabelMap(grid, tissue);
    }

    /** The vertebral level map (codes of {@code VertebralLevel}). */
    public LabelMap levels() {
        return new LabelMap(grid, level);
    }

    /**
     * Renders {@code contrast}. Noise is keyed to the voxel index, so stations cut from one
     * rendering agree exactly where they overlap.
     */
    public Volume render(ContrastModel model, Contrast contrast) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        double[] lut = new double[256];
        for (int l = 0; l < 20; l++) {
            lut[l] = model.signal(contrast, l);
        }
        float[] out = new float[grid.size()];
        long noiseSeed = model.noiseSeed(contrast);
        double sigma = model.noiseSigma();
        IntStream.range(0, grid.nz()).parallel().forEach(k -> {
            double[] clean = new double[plane];
            int base = k * plane;
            for (int p = 0; p < plane; p++) {
                clean[p] = (lut[tissue[base + p]] + lut[above[base + p]] + lut[below[base + p]]) / 3;
            }
            double[] blurred = blur(clean, nx, ny);
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int p = i + nx * j;
                    double[] w = grid.worldOf(i, j, k);
                    double s = blurred[p] * model.bias(w[0], w[1], w[2]);
                    double re = s + sigma * Noise.gaussian(noiseSeed, i, j, k);
                    double im = sigma * Noise.gaussian(noiseSeed ^ 0x5DEECE66DL, i, j, k);
                    double v = Math.sqrt(re * re + im * im);
                    out[base + p] = (float) Math.min(4095, Math.rint(v));
                }
            }
        });
        return new Volume(grid, out);
    }

    private static double[] blur(double[] v, int nx, int ny) {
        final double w = 0.2;
        double[] tmp = new double[v.length];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int p = i + nx * j;
                double l = v[i > 0 ? p - 1 : p];
                double r = v[i < nx - 1 ? p + 1 : p];
                tmp[p] = w * l + (1 - 2 * w) * v[p] + w * r;
            }
        }
        double[] out = new double[v.length];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int p = i + nx * j;
                double u = tmp[j > 0 ? p - nx : p];
                double d = tmp[j < ny - 1 ? p + nx : p];
                out[p] = w * u + (1 - 2 * w) * tmp[p] + w * d;
            }
        }
        return out;
    }

    /** The anatomy sampled. */
    public Anatomy anatomy() {
        return anatomy;
    }
}
