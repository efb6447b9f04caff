package org.myoscreen.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;

/** The partial-volume estimators' building blocks, on hand-built data with known answers. */
class DeblurTest {

    private static final Grid GRID = new Grid(
            9,
            7,
            2,
            Affine.fromAxes(
                    new double[] {0, 0, 0}, new double[] {2, 0, 0}, new double[] {0, 2, 0}, new double[] {0, 0, 3}));

    /** The in-slice kernel [w, 1 − 2w, w] per axis, edges replicated (what deblur inverts). */
    static float[] blur(float[] img, Grid g, double w) {
        float[] out = img.clone();
        int nx = g.nx();
        int ny = g.ny();
        for (int k = 0; k < g.nz(); k++) {
            float[] tmp = out.clone();
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int p = k * nx * ny + j * nx + i;
                    tmp[p] = (float)
                            (w * out[i > 0 ? p - 1 : p] + (1 - 2 * w) * out[p] + w * out[i < nx - 1 ? p + 1 : p]);
                }
            }
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int p = k * nx * ny + j * nx + i;
                    out[p] = (float)
                            (w * tmp[j > 0 ? p - nx : p] + (1 - 2 * w) * tmp[p] + w * tmp[j < ny - 1 ? p + nx : p]);
                }
            }
        }
        return out;
    }

    @Test
    void deblurInvertsTheInSliceKernelExactly() {
        Random rnd = new Random(3);
        float[] img = new float[GRID.size()];
        for (int p = 0; p < img.length; p++) {
            img[p] = rnd.nextFloat() * 1000;
        }
        float[] back = BlurCorrection.deblur(blur(img, GRID, 0.2), GRID, new double[] {0.2, 0.2});
        for (int p = 0; p < img.length; p++) {
            assertThat((double) back[p]).as("voxel %d", p).isCloseTo(img[p], within(0.05));
        }
    }

    @Test
    void deblurWithZeroWeightLeavesTheImageAlone() {
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Grid g = new Grid(
                3,
                3,
                1,
                Affine.fromAxes(
                        new double[] {0, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1
                        }));
        assertThat(BlurCorrection.deblur(img, g, new double[] {0, 0})).containsExactly(img);
    }

    @Test
    void blurWeightIsRecoveredFromLeanEdgesAgainstFat() {
        // Rows of 9 voxels: fat (i = 0..2) | compartment (i = 3..8), lean muscle 100, fat 500; blurred with w = 0.2.
        Grid g = new Grid(
                9,
                40,
                1,
                Affine.fromAxes(
                        new double[] {0, 0, 0}, new double[] {2, 0, 0}, new double[] {0, 2, 0}, new double[] {0, 0, 3
                        }));
        float[] img = new float[g.size()];
        int[] comp = new int[6 * 38];
        int nc = 0;
        for (int j = 0; j < 40; j++) {
            for (int i = 0; i < 9; i++) {
                img[j * 9 + i] = i < 3 ? 500 : 100;
                if (i >= 3 && j >= 1 && j < 39) {
                    comp[nc++] = j * 9 + i;
                }
            }
        }
        float[] blurred = blur(img, g, 0.2);
        byte[] edge = new byte[nc];
        byte[] side = new byte[nc];
        int[] slabOf = new int[nc];
        for (int c = 0; c < nc; c++) {
            edge[c] = (byte) (comp[c] % 9 == 3 ? 1 : 0); // outside neighbour at −i only
        }
        double[] w = BlurCorrection.weights(
                blurred,
                new Compartment(comp, side, new boolean[nc], edge, 0, 0),
                new Calibration(new double[][] {{100, 100}}, new double[][] {{500, 500}}, slabOf),
                9);
        assertThat(w[0]).isCloseTo(0.2, within(1e-3));
        assertThat(w[1]).isCloseTo(0.2, within(1e-3));
    }

    @Test
    void imatLevelIsThePeakOfTheFatDominatedVoxels() {
        // 400 lean voxels (0), 100 partial-volume voxels spread over 0.5–0.8, 100 pure IMAT voxels at 0.85.
        int nc = 600;
        float[] sig = new float[nc];
        int[] comp = new int[nc];
        for (int c = 0; c < nc; c++) {
            comp[c] = c;
            double u = c < 400 ? 0 : c < 500 ? 0.5 + 0.3 * (c - 400) / 100.0 : 0.85;
            sig[c] = (float) (100 + 400 * u);
        }
        double scale = ImatLevel.deblurred(sig, lean(comp), calibration(nc), 0, 0);
        assertThat(scale).isCloseTo(0.85, within(0.01));
    }

    @Test
    void tooFewFatDominatedVoxelsKeepSubcutaneousFatAsTheLevel() {
        int nc = 600;
        float[] sig = new float[nc];
        int[] comp = new int[nc];
        for (int c = 0; c < nc; c++) {
            comp[c] = c;
            sig[c] = c < 590 ? 100 : 440;
        }
        assertThat(ImatLevel.deblurred(sig, lean(comp), calibration(nc), 0, 0)).isEqualTo(1.0);
    }

    /** Left-side interior voxels {@code comp}, none labelled IMAT. */
    private static Compartment lean(int[] comp) {
        int nc = comp.length;
        return new Compartment(comp, new byte[nc], new boolean[nc], new byte[nc], 0, 0);
    }

    /** Muscle 100, fat 500 in one slab. */
    private static Calibration calibration(int nc) {
        return new Calibration(new double[][] {{100, 100}}, new double[][] {{500, 500}}, new int[nc]);
    }
}
