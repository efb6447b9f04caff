package org.myoscreen.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.TissueLabel;
import org.myoscreen.volume.LabelMap;

/**
 * The committed reference model through the Java pipeline, on a phantom it never saw: a seed
 * outside the training seeds (1-24) and IMAT and BMI outside the training ranges (IMAT 2-14 %,
 * BMI 20-34 as drawn by the generator). Dice on the phantom's own grid against its exact truth.
 */
class ReferenceModelTest {

    private static final Path PACKAGE = Path.of("../../models/reference");

    @Test
    void heldOutPhantomMeetsTheDiceTargets() {
        Random r = new Random(91_001L * 104_729);
        double height = 1.60 + 0.2 * r.nextDouble();
        double bmi = 35 + 3 * r.nextDouble();
        PhantomOptions options = PhantomOptions.builder().seed(91_001).stations(1)
                .imatPercent(Math.round((18 + 7 * r.nextDouble()) * 10) / 10.0)
                .heightM(Math.round(height * 100) / 100.0)
                .weightKg(Math.round(bmi * height * height * 10) / 10.0).build();
        PhantomStudy study = Phantom.generate(options);
        try (Segmenter s = Segmenter.open(ModelPackage.load(PACKAGE), SegmenterConfig.defaults().withThreads(1, 1))) {
            LabelMap predicted = s.segment(List.of(study.seriesOf(Contrast.T2_HASTE).get(0).volume())).labels();
            double[] dice = dice(predicted, study.labels());
            assertThat(dice[1]).as("paraspinal left").isGreaterThanOrEqualTo(0.90);
            assertThat(dice[2]).as("paraspinal right").isGreaterThanOrEqualTo(0.90);
            assertThat(dice[3]).as("psoas left").isGreaterThanOrEqualTo(0.85);
            assertThat(dice[4]).as("psoas right").isGreaterThanOrEqualTo(0.85);
        }
    }

    private static double[] dice(LabelMap predicted, LabelMap truth) {
        int[] map = new int[256];
        map[TissueLabel.PARASPINAL_LEAN_LEFT.value()] = 1;
        map[TissueLabel.IMAT_LEFT.value()] = 1;
        map[TissueLabel.PARASPINAL_LEAN_RIGHT.value()] = 2;
        map[TissueLabel.IMAT_RIGHT.value()] = 2;
        map[TissueLabel.PSOAS_LEFT.value()] = 3;
        map[TissueLabel.PSOAS_RIGHT.value()] = 4;
        long[] inter = new long[5];
        long[] den = new long[5];
        short[] p = predicted.labels();
        short[] t = truth.labels();
        for (int i = 0; i < p.length; i++) {
            int b = map[t[i] & 0xFF];
            if (p[i] >= 1 && p[i] <= 4) {
                den[p[i]]++;
            }
            if (b > 0) {
                den[b]++;
                inter[b] += p[i] == b ? 1 : 0;
            }
        }
        double[] d = new double[5];
        for (int c = 1; c <= 4; c++) {
            d[c] = 2.0 * inter[c] / Math.max(den[c], 1);
        }
        return d;
    }
}
