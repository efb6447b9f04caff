package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.Sex;
import org.myoscreen.phantom.Truth;
import org.myoscreen.volume.DixonPair;

/**
 * Accuracy against the phantom's truth.json values, with the phantom's exact label map (lean and
 * IMAT both mapped to the compartment, so lean and IMAT are separated from the noisy images) on
 * seeds not used in development: 401–406 here, 407–412 with {@code -Daccuracy.seedBase=406}
 * (development used 1–4, 101–106, 201–206 and, for the last change, 301–312;
 * {@code -Daccuracy.seedBase=300} reruns those), both sexes, IMAT 2–25 %, T2 HASTE and Dixon.
 * 2.5 mm pixels, 3 mm slices, one station. Asserts issue 6's targets; values over the default
 * level range L1–L5.
 */
class PhantomAccuracyTest {

    /** Issue 6's target for psoas area at L3, relative. */
    static final double PSOAS_TOLERANCE = 0.10;
    /** Issue 6's target for LMM volume, relative, both contrasts. */
    static final double LMM_TOLERANCE = 0.05;
    /** Issue 6's target for IMAT %, percentage points, both contrasts. */
    static final double IMAT_TOLERANCE_PP = 1.0;

    static Stream<Arguments> cases() {
        long base = Long.getLong("accuracy.seedBase", 400);
        return Stream.of(
                Arguments.of(base + 1, Sex.M, 2.0),
                Arguments.of(base + 2, Sex.F, 5.0),
                Arguments.of(base + 3, Sex.M, 10.0),
                Arguments.of(base + 4, Sex.F, 15.0),
                Arguments.of(base + 5, Sex.M, 20.0),
                Arguments.of(base + 6, Sex.F, 25.0));
    }

    @org.junit.jupiter.api.Test
    void modelLabelledImatReproducesTruthExactly() {
        PhantomStudy study = Phantom.generate(PhantomOptions.builder()
                .seed(107)
                .sex(Sex.F)
                .imatPercent(12)
                .matrix(96)
                .spacingMm(5)
                .sliceThicknessMm(3)
                .stations(1)
                .contrasts(EnumSet.of(Contrast.DIXON_WATER, Contrast.DIXON_FAT))
                .build());
        Truth t = study.truth();
        AnalysisResult r = PhantomCases.analyzer(AnalysisOptions.defaults())
                .analyze(PhantomCases.input(study, PhantomCases.withImatLabels(), PhantomCases.facts(study)));
        Measurements m = r.measurements();
        assertThat(r.qc().passed()).as(r.qc().flags().toString()).isTrue();
        assertThat(m.imatPercent().getAsDouble()).isCloseTo(t.imatPercent(), within(1e-9));
        assertThat(m.left().orElseThrow().lmmVolumeCm3()).isCloseTo(t.left().lmmVolumeCm3(), within(1e-6));
        assertThat(m.right().orElseThrow().imatVolumeCm3()).isCloseTo(t.right().imatVolumeCm3(), within(1e-6));
        assertThat(m.lmmIndexCm3PerBmi().getAsDouble()).isCloseTo(t.lmmIndexCm3PerBmi(), within(1e-6));
        assertThat(r.levels().names())
                .containsExactlyElementsOf(t.levels().stream().map(Enum::name).toList());
    }

    @ParameterizedTest(name = "seed {0} {1} IMAT {2} %")
    @MethodSource("cases")
    void measuresWithinTolerance(long seed, Sex sex, double imat) {
        PhantomStudy study = Phantom.generate(PhantomOptions.builder()
                .seed(seed)
                .sex(sex)
                .imatPercent(imat)
                .matrix(192)
                .spacingMm(2.5)
                .sliceThicknessMm(3)
                .stations(1)
                .contrasts(EnumSet.of(Contrast.T2_HASTE, Contrast.DIXON_WATER, Contrast.DIXON_FAT))
                .build());
        Truth t = study.truth();
        MuscleAnalyzer analyzer = PhantomCases.analyzer(AnalysisOptions.defaults());
        StructureMap map = PhantomCases.compartmentOnly();
        PatientFacts facts = PhantomCases.facts(study);
        AnalysisInput t2 = AnalysisInput.singleContrast(
                study.seriesOf(Contrast.T2_HASTE).get(0).volume(), "T2 HASTE", study.labels(), map, facts);
        AnalysisInput dixon = AnalysisInput.dixon(
                DixonPair.of(
                        "phantom",
                        study.seriesOf(Contrast.DIXON_WATER).get(0).volume(),
                        study.seriesOf(Contrast.DIXON_FAT).get(0).volume()),
                study.labels(),
                map,
                facts);
        // Soft: both contrasts are measured and printed even when one misses.
        SoftAssertions softly = new SoftAssertions();
        for (AnalysisInput in : new AnalysisInput[] {t2, dixon}) {
            String contrast = in.images() instanceof Images.Dixon ? "Dixon" : "T2";
            AnalysisResult r = analyzer.analyze(in);
            Measurements m = r.measurements();
            double imatErr = m.imatPercent().getAsDouble() - t.imatPercent();
            double lmmErr = m.split().orElseThrow().lmmVolumeCm3() / t.lmmVolumeCm3() - 1;
            double psoasErr =
                    m.psoasAreaL3Cm2().getAsDouble() / t.psoasAreaL3Cm2().getAsDouble() - 1;
            System.out.printf(
                    Locale.ROOT,
                    "ACCURACY seed=%d sex=%s contrast=%s imat_truth=%.2f imat=%.2f err_pp=%+.2f "
                            + "lmm_truth=%.1f lmm_err=%+.2f%% psoas_truth=%.2f psoas_err=%+.2f%% qc=%s%n",
                    seed,
                    sex,
                    contrast,
                    t.imatPercent(),
                    m.imatPercent().getAsDouble(),
                    imatErr,
                    t.lmmVolumeCm3(),
                    100 * lmmErr,
                    t.psoasAreaL3Cm2().getAsDouble(),
                    100 * psoasErr,
                    r.qc().passed());
            softly.assertThat(r.qc().passed())
                    .as("%s qc %s", contrast, r.qc().flags())
                    .isTrue();
            softly.assertThat(r.levels().names())
                    .as(contrast)
                    .containsExactlyElementsOf(
                            t.levels().stream().map(Enum::name).toList());
            softly.assertThat(m.levelRange()).isEqualTo("L1-L5").isEqualTo(t.levelRange());
            softly.assertThat(Math.abs(lmmErr))
                    .as("%s LMM relative error", contrast)
                    .isLessThanOrEqualTo(LMM_TOLERANCE);
            softly.assertThat(Math.abs(psoasErr))
                    .as("%s psoas relative error", contrast)
                    .isLessThanOrEqualTo(PSOAS_TOLERANCE);
            softly.assertThat(Math.abs(imatErr))
                    .as("%s IMAT error (pp)", contrast)
                    .isLessThanOrEqualTo(IMAT_TOLERANCE_PP);
        }
        softly.assertAll();
    }
}
