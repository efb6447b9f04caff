package org.myoscreen.inference.internal;

import java.nio.FloatBuffer;

/**
 * Sliding-window inference over a model-grid image with Gaussian-weighted blending of the
 * network's outputs, argmax and (optionally) the softmax margin.
 *
 * <p>Windows run in z-major order, so every slice below the next window's start is final: the
 * blend accumulators are a ring of slices just deep enough for the windows in flight, and
 * finished slices are turned into labels at once. Memory is therefore
 * {@code outputChannels × ring depth × ny × nx} floats, not a whole-volume probability map. For
 * a 2D model a window is one slice ({@code pz = 1}); several windows share one run. All work
 * arrays are allocated in the constructor and reused; not thread-safe.
 */
public final class SlidingWindow {

    /** Called after each run with windows done so far. */
    public interface Progress {
        /** Windows done out of total. */
        void windowsDone(int done, int total);
    }

    private final int nz;
    private final int ny;
    private final int nx;
    private final int pz;
    private final int py;
    private final int px;
    private final int[] zs;
    private final int[] ys;
    private final int[] xs;
    private final int windows;
    private final float[] gaussian;
    private final int channelsIn;
    private final int channelsOut;
    private final int depth;
    private final float[] acc;
    private final float[] weight;
    private final float[] row;
    private final float[] zeros;
    private final float[] logits;

    /**
     * A plan for a {@code nz × ny × nx} image, patch {@code pz × py × px}, {@code overlap} of a
     * patch shared along each axis, {@code batch} windows per run.
     */
    public SlidingWindow(int[] dims, int[] patch, double overlap, int batch, int channelsIn, int channelsOut) {
        this.nz = dims[0];
        this.ny = dims[1];
        this.nx = dims[2];
        this.pz = patch[0];
        this.py = patch[1];
        this.px = patch[2];
        this.zs = starts(nz, pz, overlap);
        this.ys = starts(ny, py, overlap);
        this.xs = starts(nx, px, overlap);
        this.windows = zs.length * ys.length * xs.length;
        this.gaussian = gaussian(pz, py, px);
        this.channelsIn = channelsIn;
        this.channelsOut = channelsOut;
        this.depth = ringDepth(batch);
        this.acc = new float[channelsOut * depth * ny * nx];
        this.weight = new float[depth * ny * nx];
        this.row = new float[px];
        this.zeros = new float[px];
        this.logits = new float[channelsOut];
    }

    /** Window start positions along one axis: evenly spaced, first at 0, last at n - p. */
    static int[] starts(int n, int p, double overlap) {
        if (n <= p) {
            return new int[] {-((p - n) / 2)};
        }
        int step = Math.max(1, (int) Math.floor(p * (1 - overlap)));
        int count = (int) Math.ceil((double) (n - p) / step) + 1;
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = (int) Math.round((double) i * (n - p) / (count - 1));
        }
        return s;
    }

    /** Separable Gaussian importance weights, sigma = patch / 8, peak 1, floor 1e-6. */
    static float[] gaussian(int pz, int py, int px) {
        double[] gz = axis(pz);
        double[] gy = axis(py);
        double[] gx = axis(px);
        float[] g = new float[pz * py * px];
        int i = 0;
        for (int z = 0; z < pz; z++) {
            for (int y = 0; y < py; y++) {
                for (int x = 0; x < px; x++, i++) {
                    g[i] = (float) Math.max(gz[z] * gy[y] * gx[x], 1e-6);
                }
            }
        }
        return g;
    }

    private static double[] axis(int p) {
        double[] a = new double[p];
        double c = (p - 1) / 2.0;
        double sigma = p / 8.0;
        for (int i = 0; i < p; i++) {
            a[i] = p == 1 ? 1 : Math.exp(-(i - c) * (i - c) / (2 * sigma * sigma));
        }
        return a;
    }

    private int windowZ(int w) {
        return zs[w / (ys.length * xs.length)];
    }

    private int zEnd(int w) {
        return Math.min(nz, windowZ(w) + pz);
    }

    private int zBegin(int w) {
        return Math.max(0, windowZ(w));
    }

    /** The smallest ring depth that holds every slice between the last final one and the furthest in flight. */
    private int ringDepth(int batch) {
        int finalUpTo = 0;
        int maxEnd = 0;
        int d = 1;
        for (int first = 0; first < windows; first += batch) {
            finalUpTo = Math.max(finalUpTo, zBegin(first));
            for (int w = first; w < Math.min(windows, first + batch); w++) {
                maxEnd = Math.max(maxEnd, zEnd(w));
            }
            d = Math.max(d, maxEnd - finalUpTo);
        }
        return d;
    }

    /** Number of windows. */
    public int windows() {
        return windows;
    }

    /**
     * Runs all windows: {@code image[c]} are the normalised channels ({@code nz*ny*nx}, x fastest),
     * {@code runner} runs the first n windows of the model's buffers, {@code labelOf[c]} is the
     * label value of output channel c. Writes {@code labels} (and {@code confidence} when not null).
     */
    public void run(
            float[][] image, OrtModel model, short[] labelOf, short[] labels, float[] confidence, Progress progress) {
        int batch = model.batch();
        int plane = ny * nx;
        int finalUpTo = 0;
        int runsTotal = (windows + batch - 1) / batch;
        // Batch r runs on buffer set r % 2: while ONNX Runtime runs batch r, this thread blends
        // batch r - 1 and fills batch r + 1.
        fillBatch(image, model, 0, 0);
        java.util.concurrent.Future<Long> running = model.runAsync(0, Math.min(batch, windows));
        for (int r = 0; r < runsTotal; r++) {
            int first = r * batch;
            int n = Math.min(batch, windows - first);
            int set = r % 2;
            if (r + 1 < runsTotal) {
                fillBatch(image, model, 1 - set, first + batch);
            }
            OrtModel.await(running);
            if (r + 1 < runsTotal) {
                running = model.runAsync(1 - set, Math.min(batch, windows - first - batch));
            }
            FloatBuffer out = model.output(set);
            for (int b = 0; b < n; b++) {
                accumulate(first + b, out, b * model.outputPerWindow(), plane);
            }
            int next = r + 1 < runsTotal ? zBegin(first + batch) : nz;
            while (finalUpTo < next) {
                finish(finalUpTo++, labelOf, labels, confidence);
            }
            progress.windowsDone(first + n, windows);
        }
    }

    private void fillBatch(float[][] image, OrtModel model, int set, int first) {
        FloatBuffer in = model.input(set);
        int n = Math.min(model.batch(), windows - first);
        for (int b = 0; b < n; b++) {
            fill(image, first + b, in, b * model.inputPerWindow());
        }
    }

    private void fill(float[][] image, int w, FloatBuffer in, int base) {
        int perXy = ys.length * xs.length;
        int z0 = zs[w / perXy];
        int y0 = ys[(w % perXy) / xs.length];
        int x0 = xs[w % xs.length];
        int xa = Math.max(0, -x0);
        int xb = Math.min(px, nx - x0);
        int pos = base;
        for (int c = 0; c < channelsIn; c++) {
            float[] img = image[c];
            for (int dz = 0; dz < pz; dz++) {
                int z = z0 + dz;
                for (int dy = 0; dy < py; dy++, pos += px) {
                    int y = y0 + dy;
                    if (z < 0 || z >= nz || y < 0 || y >= ny || xb <= xa) {
                        in.put(pos, zeros, 0, px);
                        continue;
                    }
                    if (xa > 0) {
                        in.put(pos, zeros, 0, xa);
                    }
                    in.put(pos + xa, img, (z * ny + y) * nx + x0 + xa, xb - xa);
                    if (xb < px) {
                        in.put(pos + xb, zeros, 0, px - xb);
                    }
                }
            }
        }
    }

    private void accumulate(int w, FloatBuffer out, int base, int plane) {
        int perXy = ys.length * xs.length;
        int z0 = zs[w / perXy];
        int y0 = ys[(w % perXy) / xs.length];
        int x0 = xs[w % xs.length];
        int xa = Math.max(0, -x0);
        int xb = Math.min(px, nx - x0);
        int patchVoxels = pz * py * px;
        for (int c = 0; c < channelsOut; c++) {
            int pos = base + c * patchVoxels;
            int g = 0;
            for (int dz = 0; dz < pz; dz++) {
                int z = z0 + dz;
                for (int dy = 0; dy < py; dy++, pos += px, g += px) {
                    int y = y0 + dy;
                    if (z < 0 || z >= nz || y < 0 || y >= ny || xb <= xa) {
                        continue;
                    }
                    out.get(pos, row, 0, px);
                    int slot = z % depth;
                    int accBase = (c * depth + slot) * plane + y * nx + x0;
                    for (int dx = xa; dx < xb; dx++) {
                        acc[accBase + dx] += gaussian[g + dx] * row[dx];
                    }
                    if (c == 0) {
                        int wBase = slot * plane + y * nx + x0;
                        for (int dx = xa; dx < xb; dx++) {
                            weight[wBase + dx] += gaussian[g + dx];
                        }
                    }
                }
            }
        }
    }

    private void finish(int z, short[] labelOf, short[] labels, float[] confidence) {
        int plane = ny * nx;
        int slot = z % depth;
        for (int v = 0; v < plane; v++) {
            float wsum = weight[slot * plane + v];
            float inv = wsum > 0 ? 1f / wsum : 0f;
            int best = 0;
            float bestValue = -Float.MAX_VALUE;
            for (int c = 0; c < channelsOut; c++) {
                int a = (c * depth + slot) * plane + v;
                float l = acc[a] * inv;
                acc[a] = 0;
                logits[c] = l;
                if (l > bestValue) {
                    bestValue = l;
                    best = c;
                }
            }
            weight[slot * plane + v] = 0;
            labels[z * plane + v] = labelOf[best];
            if (confidence != null) {
                confidence[z * plane + v] = margin(logits, best);
            }
        }
    }

    /** Softmax probability of the best class minus that of the runner-up. */
    private static float margin(float[] logits, int best) {
        double max = logits[best];
        double sum = 0;
        double second = 0;
        for (int c = 0; c < logits.length; c++) {
            double e = Math.exp(logits[c] - max);
            sum += e;
            if (c != best && e > second) {
                second = e;
            }
        }
        return (float) ((1 - second) / sum);
    }
}
