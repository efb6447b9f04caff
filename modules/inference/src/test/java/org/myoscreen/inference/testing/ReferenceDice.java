package org.myoscreen.inference.testing;

import org.myoscreen.phantom.TissueLabel;
import org.myoscreen.volume.LabelMap;

/**
 * Dice of the reference model's labels against a phantom's exact tissue labels, on the same grid.
 * The model's labels are 1 paraspinal left, 2 paraspinal right, 3 psoas left, 4 psoas right,
 * 5 vertebral body, 6 disc (models/reference/model.json); the phantom's lean muscle and IMAT of a
 * side both count as that side's paraspinal compartment. Shared by the Dice test and
 * {@code models/training/EvaluateReference.java}.
 */
public final class ReferenceDice {
    /** Highest model label scored. */
    public static final int LABELS = 6;

    private ReferenceDice() {
    }

    /** Dice per model label, indexed 1..{@link #LABELS}; NaN where neither map has the label. */
    public static double[] of(LabelMap predicted, LabelMap truth) {
        int[] map = new int[256];
        map[TissueLabel.PARASPINAL_LEAN_LEFT.value()] = 1;
        map[TissueLabel.IMAT_LEFT.value()] = 1;
        map[TissueLabel.PARASPINAL_LEAN_RIGHT.value()] = 2;
        map[TissueLabel.IMAT_RIGHT.value()] = 2;
        map[TissueLabel.PSOAS_LEFT.value()] = 3;
        map[TissueLabel.PSOAS_RIGHT.value()] = 4;
        map[TissueLabel.VERTEBRAL_BODY.value()] = 5;
        map[TissueLabel.INTERVERTEBRAL_DISC.value()] = 6;
        long[] inter = new long[LABELS + 1];
        long[] den = new long[LABELS + 1];
        short[] p = predicted.labels();
        short[] t = truth.labels();
        for (int i = 0; i < p.length; i++) {
            int a = p[i];
            int b = map[t[i] & 0xFF];
            if (a > 0 && a <= LABELS) {
                den[a]++;
            }
            if (b > 0) {
                den[b]++;
                if (a == b) {
                    inter[b]++;
                }
            }
        }
        double[] d = new double[LABELS + 1];
        for (int c = 1; c <= LABELS; c++) {
            d[c] = den[c] > 0 ? 2.0 * inter[c] / den[c] : Double.NaN;
        }
        return d;
    }
}
