package org.myoscreen.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.myoscreen.inference.testing.ReferenceDice;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
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
        PhantomOptions options = PhantomOptions.builder()
                .seed(91_001)
                .stations(1)
                .imatPercent(Math.round((18 + 7 * r.nextDouble()) * 10) / 10.0)
                .heightM(Math.round(height * 100) / 100.0)
                .weightKg(Math.round(bmi * height * height * 10) / 10.0)
                .build();
        PhantomStudy study = Phantom.generate(options);
        try (Segmenter s = Segmenter.open(
                ModelPackage.load(PACKAGE), SegmenterConfig.defaults().withThreads(1, 1))) {
            LabelMap predicted = s.segment(
                            List.of(study.seriesOf(Contrast.T2_HASTE).get(0).volume()))
                    .labels();
            double[] dice = ReferenceDice.of(predicted, study.labels());
            assertThat(dice[1]).as("paraspinal left").isGreaterThanOrEqualTo(0.90);
            assertThat(dice[2]).as("paraspinal right").isGreaterThanOrEqualTo(0.90);
            assertThat(dice[3]).as("psoas left").isGreaterThanOrEqualTo(0.85);
            assertThat(dice[4]).as("psoas right").isGreaterThanOrEqualTo(0.85);
        }
    }
}
