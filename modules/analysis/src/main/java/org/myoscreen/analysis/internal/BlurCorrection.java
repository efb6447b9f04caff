package org.myoscreen.analysis.internal;

import java.util.stream.IntStream;
import org.myoscreen.volume.Grid;

/**
 * In-slice blur: measures the kernel {@code [w, 1 − 2w, w]} (per in-slice axis) on the image
 * itself and undoes it. Blur moves IMAT signal out of the compartment and outside fat into it;
 * undone, every voxel's fractional share counts. Stateless; thread-safe.
 */
final class BlurCorrection {

    /** Largest blur weight per neighbour accepted (the inverse kernel stays well conditioned below 0.25). */
    static final double MAX_BLUR_WEIGHT = 0.22;
    /** Blur estimate: the inner neighbour of a sampled edge voxel lies below this share (muscle 0, fat 1). */
    static final double LEAN_NEIGHBOUR = 0.2;

    private BlurCorrection() {}

    /**
     * The kernel weight per in-slice axis {x, y}, measured on {@code sig}. Where a lean edge voxel p
     * has one outside neighbour q of clearly brighter tissue (fat), the kernel gives
     * {@code v(p) − muscle = w·(s(q) − muscle)} and {@code v(q) − muscle = (1 − w)·(s(q) − muscle)},
     * so {@code r = (v(p) − muscle) / (v(q) − muscle) = w / (1 − w)}. r is the mode of the ratios over
     * such voxels (robust to the IMAT voxels among them, which lie above); {@code w = r / (1 + r)},
     * clamped to [0, {@link #MAX_BLUR_WEIGHT}]. With fewer than {@link IntensityModes#MIN_SAMPLES}
     * such voxels both weights are 0.
     */
    static double[] weights(float[] sig, Compartment comp, Calibration cal, int nx) {
        Floats[] ratios = {new Floats(), new Floats()};
        for (int c = 0; c < comp.size(); c++) {
            byte mask = comp.edge(c);
            if (comp.modelImat(c)
                    || mask == 0
                    || mask == Compartment.AT_BORDER
                    || Integer.bitCount(mask & 0x3F) != 1
                    || (mask & 0x0F) == 0) {
                continue;
            }
            double m = cal.muscleAt(comp, c);
            double f = cal.fatAt(comp, c);
            if (Double.isNaN(m)) {
                continue;
            }
            int b = Integer.numberOfTrailingZeros(mask);
            int p = comp.voxel(c);
            int q = p + ((b & 1) == 0 ? -1 : 1) * ((b >> 1) == 0 ? 1 : nx);
            double d = sig[q] - m;
            // The voxel on the other side (inside) must look lean, so that p is not in an IMAT
            // patch at the fascia (which would inflate the ratio).
            int inner = 2 * p - q;
            if (d < 0.5 * (f - m) || (sig[inner] - m) > LEAN_NEIGHBOUR * (f - m)) {
                continue;
            }
            ratios[b >> 1].add((float) ((sig[p] - m) / d));
        }
        // One weight for both in-slice axes: pooling doubles the samples, and the ratio is noisy.
        Floats pooled = new Floats();
        pooled.addAll(ratios[0]);
        pooled.addAll(ratios[1]);
        double[] w = new double[2];
        if (pooled.size() >= IntensityModes.MIN_SAMPLES) {
            double mode = IntensityModes.seekFixed(pooled, pooled.quantile(0.3), 0.05);
            double r = Math.max(0, mode);
            w[0] = Math.min(MAX_BLUR_WEIGHT, r / (1 + r));
            w[1] = w[0];
        }
        return w;
    }

    /**
     * The image with the in-slice kernel {@code [w, 1 − 2w, w]} (per axis, edges replicated)
     * undone: per row and per column a tridiagonal solve (diagonally dominant for w < 0.25, so
     * exact and stable; noise is amplified, which the sums over many voxels average out).
     */
    static float[] deblur(float[] img, Grid grid, double[] w) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        float[] out = img.clone();
        int nz = grid.nz();
        IntStream.range(0, nz).parallel().forEach(k -> {
            double[] line = new double[Math.max(nx, ny)];
            double[] scratch = new double[line.length];
            for (int axis = 0; axis < 2; axis++) {
                if (w[axis] <= 0) {
                    continue;
                }
                int n = axis == 0 ? nx : ny;
                int lines = axis == 0 ? ny : nx;
                int stride = axis == 0 ? 1 : nx;
                for (int l = 0; l < lines; l++) {
                    int base = k * plane + (axis == 0 ? l * nx : l);
                    for (int i = 0; i < n; i++) {
                        line[i] = out[base + i * stride];
                    }
                    solveTridiagonal(line, scratch, n, w[axis]);
                    for (int i = 0; i < n; i++) {
                        out[base + i * stride] = (float) line[i];
                    }
                }
            }
        });
        return out;
    }

    /** Solves {@code [w, 1 − 2w, w] x = y} in place (first and last row: {@code 1 − w, w}). */
    static void solveTridiagonal(double[] y, double[] cPrime, int n, double w) {
        if (n == 1) {
            return;
        }
        double diag = 1 - 2 * w;
        double b0 = 1 - w;
        cPrime[0] = w / b0;
        y[0] = y[0] / b0;
        for (int i = 1; i < n; i++) {
            double b = i == n - 1 ? 1 - w : diag;
            double den = b - w * cPrime[i - 1];
            cPrime[i] = w / den;
            y[i] = (y[i] - w * y[i - 1]) / den;
        }
        for (int i = n - 2; i >= 0; i--) {
            y[i] -= cPrime[i] * y[i + 1];
        }
    }
}
