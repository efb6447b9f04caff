package org.myoscreen.inference.testing;

import org.myoscreen.phantom.testing.ReferenceModelLabels;
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

    private ReferenceDice() {}

    /** Dice per model label, indexed 1..{@link #LABELS}; NaN where neither map has the label. */
    public static double[] of(LabelMap predicted, LabelMap truth) {
        long[] inter = new long[LABELS + 1];
        long[] den = new long[LABELS + 1];
        short[] p = predicted.labels();
        short[] t = truth.labels();
        for (int i = 0; i < p.length; i++) {
            int a = p[i];
            int b = ReferenceModelLabels.of(t[i]);
            if (b > LABELS) {
                b = 0; // subcutaneous fat is not scored
            }
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
