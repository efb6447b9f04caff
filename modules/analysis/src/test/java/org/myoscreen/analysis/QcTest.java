package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.Volume;

class QcTest {

    private final MuscleAnalyzer analyzer = PhantomCases.analyzer(AnalysisOptions.defaults());

    private static void assertRefused(AnalysisResult r, String flagStart) {
        assertThat(r.qc().passed()).isFalse();
        assertThat(r.qc().flags()).anySatisfy(f -> assertThat(f).startsWith(flagStart));
        assertThat(r.zScores().imatPercent()).isEmpty();
        assertThat(r.risk()).allSatisfy(m -> assertThat(m.flag()).isEqualTo(RiskFlag.NOT_APPLICABLE));
        assertThat(r.reported()).isEmpty();
    }

    @Test
    void aCleanStudyPasses() {
        AnalysisResult r = analyzer.analyze(new Synthetic(8).single(Synthetic.man()));
        assertThat(r.qc().passed()).as(r.qc().flags().toString()).isTrue();
        assertThat(r.zScores().imatPercent()).isPresent();
    }

    @Test
    void tooFewLevelsFailCoverage() {
        AnalysisResult r = analyzer.analyze(new Synthetic(4).single(Synthetic.man()));
        assertRefused(r, "insufficient spine coverage: 4 vertebral levels identified (minimum 6)");
        assertThat(r.qc().flags())
                .contains("insufficient spine coverage: lumbar levels not all identified (missing L1, L2)");
    }

    @Test
    void oneSideMissingIsRefused() {
        Synthetic s = new Synthetic(8);
        s.box(10, 18, 14, 22, 5, s.nz - 5, 0);
        AnalysisResult r = analyzer.analyze(s.single(Synthetic.man()));
        assertRefused(r, "no right paraspinal compartment: one side missing");
        // Still measured (not reported), over the default range L1–L5.
        assertThat(r.measurements().left().orElseThrow().lmmVolumeCm3())
                .isCloseTo(
                        8.0 * 8 * 8 * (s.bodyEnd[5] - s.bodyEnd[0]) / 1000,
                        org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void asymmetryBeyondTheBoundIsRefused() {
        Synthetic s = new Synthetic(8);
        s.box(10, 13, 14, 22, 5, s.nz - 5, 0); // right 5 of 8 columns wide
        // |8 − 5| / 6.5 = 46 %.
        assertRefused(
                analyzer.analyze(s.single(Synthetic.man())),
                "left/right asymmetry 46 % of compartment volume exceeds 35 %");
        AnalysisResult lenient = PhantomCases.analyzer(
                        AnalysisOptions.defaults().withMaxAsymmetry(0.5))
                .analyze(s.single(Synthetic.man()));
        assertThat(lenient.qc().passed()).isTrue();
    }

    @Test
    void implausibleCompartmentForBodySizeIsRefused() {
        Synthetic s = new Synthetic(8);
        // Mean cross-section: 2 x 64 voxels x 4 mm² = 5.12 cm²; / 1.8² = 1.58 cm²/m².
        AnalysisResult r = PhantomCases.analyzer(AnalysisOptions.defaults().withCompartmentAreaIndex(2, 25))
                .analyze(s.single(Synthetic.man()));
        assertRefused(
                r, "paraspinal compartment implausible for body size: mean cross-section 5.1 cm² / height² = 1.58");
    }

    @Test
    void lowSegmentationConfidenceIsRefused() {
        Synthetic s = new Synthetic(8);
        float[] c = new float[s.grid.size()];
        Arrays.fill(c, 0.4f);
        AnalysisResult r = analyzer.analyze(s.single(Synthetic.man()).withConfidence(new Volume(s.grid, c)));
        assertRefused(r, "segmentation confidence 0.40 below 0.60");
        Arrays.fill(c, 0.9f);
        assertThat(analyzer.analyze(s.single(Synthetic.man()).withConfidence(new Volume(s.grid, c)))
                        .qc()
                        .passed())
                .isTrue();
    }

    @Test
    void swappedDixonIsRefused() {
        Synthetic s = new Synthetic(8);
        AnalysisInput ok = s.dixon(Synthetic.man());
        Images.Dixon d = (Images.Dixon) ok.images();
        AnalysisInput swapped = AnalysisInput.dixon(
                new DixonPair(d.pair().fat(), d.pair().water()), ok.labels(), ok.structures(), ok.patient());
        assertThat(analyzer.analyze(ok).qc().passed()).isTrue();
        assertRefused(
                analyzer.analyze(swapped),
                "Dixon fat/water swap suspected: subcutaneous fat has median fat fraction 8 %");
    }

    @Test
    void invertedSingleContrastIsRefused() {
        Synthetic s = new Synthetic(8);
        s.paintLabel(Synthetic.SAT, 50);
        assertRefused(
                analyzer.analyze(s.single(Synthetic.man())), "single contrast: subcutaneous fat (50.00) not clearly");
    }
}
