package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    /** Whole compartment, so that volumes are the synthetic boxes' volumes (the range is tested below). */
    private final MuscleAnalyzer analyzer =
            PhantomCases.analyzer(AnalysisOptions.defaults().withMeasurementRange(LevelRange.WHOLE_COMPARTMENT));

    @Test
    void leanCompartmentHasNoImatAndExactVolumes() {
        Synthetic s = new Synthetic(7);
        AnalysisResult r = analyzer.analyze(s.single(Synthetic.man()));
        Measurements m = r.measurements();
        assertThat(r.qc().passed()).as(r.qc().flags().toString()).isTrue();
        assertThat(m.left().orElseThrow().lmmVolumeCm3()).isCloseTo(s.sideCm3(), within(1e-9));
        assertThat(m.right().orElseThrow().imatVolumeCm3()).isZero();
        assertThat(m.imatPercent().getAsDouble()).isZero();
        assertThat(m.lmmIndexCm3PerBmi().getAsDouble()).isCloseTo(2 * s.sideCm3() / (80 / (1.8 * 1.8)), within(1e-9));
        assertThat(m.fatFractionPercent()).isEmpty();
        assertThat(r.qc().flags()).contains("no Dixon images: fat_fraction not computed");
    }

    @Test
    void imatBlockIsCountedInBothContrastsAndPerLevel() {
        Synthetic s = new Synthetic(7);
        // 2 x 2 x 10 interior voxels of fat in the left compartment inside the L3 body's slab.
        int k0 = s.bodyStart[3] + 1;
        s.paint(24, 26, 16, 18, k0, k0 + 10, Synthetic.FAT);
        double fatCm3 = 40 * 8 / 1000.0;
        for (AnalysisInput in : new AnalysisInput[] {s.single(Synthetic.man()), s.dixon(Synthetic.man())}) {
            Measurements m = analyzer.analyze(in).measurements();
            assertThat(m.left().orElseThrow().imatVolumeCm3()).isCloseTo(fatCm3, within(1e-6));
            assertThat(m.right().orElseThrow().imatVolumeCm3()).isCloseTo(0, within(1e-9));
            assertThat(m.levels().get("L3").imatVolumeCm3()).isCloseTo(fatCm3, within(1e-6));
            assertThat(m.regions().get(Region.LUMBAR).imatVolumeCm3()).isCloseTo(fatCm3, within(1e-6));
            assertThat(m.regions().get(Region.THORACIC).imatVolumeCm3()).isZero();
            assertThat(m.split().orElseThrow().compartmentVolumeCm3()).isCloseTo(2 * s.sideCm3(), within(1e-9));
        }
    }

    @Test
    void partialVolumeVoxelCountsHalfWhenFractionalAndWholeWhenClassified() {
        Synthetic s = new Synthetic(7);
        int k0 = s.bodyStart[3] + 1;
        s.paint(24, 26, 16, 18, k0, k0 + 10, 0.5f * (Synthetic.MUSCLE + Synthetic.FAT));
        double cm3 = 40 * 8 / 1000.0;
        Measurements fractional = analyzer.analyze(s.single(Synthetic.man())).measurements();
        assertThat(fractional.left().orElseThrow().imatVolumeCm3()).isCloseTo(cm3 / 2, within(1e-6));
        Measurements whole = PhantomCases.analyzer(AnalysisOptions.defaults()
                        .withFractionalImat(false)
                        .withMeasurementRange(LevelRange.WHOLE_COMPARTMENT))
                .analyze(s.single(Synthetic.man()))
                .measurements();
        assertThat(whole.left().orElseThrow().imatVolumeCm3()).isCloseTo(cm3, within(1e-6));
    }

    @Test
    void edgeVoxelsAreClassifiedWholeSoOutsideFatDoesNotLeakIn() {
        Synthetic s = new Synthetic(7);
        // The row of the left compartment next to subcutaneous fat is blurred to 30 % fat.
        s.paint(22, 30, 21, 22, 5, s.nz - 5, Synthetic.MUSCLE + 0.3f * (Synthetic.FAT - Synthetic.MUSCLE));
        Measurements m = analyzer.analyze(s.single(Synthetic.man())).measurements();
        assertThat(m.left().orElseThrow().imatVolumeCm3()).isZero();
    }

    @Test
    void allFatCompartmentIsAllImat() {
        Synthetic s = new Synthetic(7);
        s.paintLabel(Synthetic.LEFT, Synthetic.FAT).paintLabel(Synthetic.RIGHT, Synthetic.FAT);
        for (AnalysisInput in : new AnalysisInput[] {s.single(Synthetic.man()), s.dixon(Synthetic.man())}) {
            AnalysisResult r = analyzer.analyze(in);
            assertThat(r.measurements().imatPercent().getAsDouble())
                    .as(r.qc().flags().toString())
                    .isCloseTo(100, within(1e-6));
            assertThat(r.measurements().split().orElseThrow().lmmVolumeCm3()).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void modelLabelledImatIsUsedAsIs() {
        Synthetic s = new Synthetic(7);
        int k0 = s.bodyStart[3];
        s.box(24, 26, 16, 18, k0, k0 + 5, Synthetic.IMAT_LEFT); // image stays muscle-bright
        s.paint(10, 12, 16, 18, k0, k0 + 5, Synthetic.FAT); // fat-bright but labelled lean
        Measurements m = analyzer.analyze(s.single(Synthetic.man())).measurements();
        assertThat(m.left().orElseThrow().imatVolumeCm3()).isCloseTo(20 * 8 / 1000.0, within(1e-9));
        assertThat(m.right().orElseThrow().imatVolumeCm3()).isZero();
        assertThat(m.method()).startsWith("lean muscle and IMAT as labelled by the segmentation");
        assertThat(m.left().orElseThrow().compartmentVolumeCm3()).isCloseTo(s.sideCm3(), within(1e-9));
    }

    @Test
    void dixonGivesCompartmentAndLeanFatFraction() {
        Synthetic s = new Synthetic(7);
        Measurements m = analyzer.analyze(s.dixon(Synthetic.man())).measurements();
        assertThat(m.fatFractionPercent().getAsDouble()).isCloseTo(2, within(1e-3));
        assertThat(m.leanFatFractionPercent().getAsDouble()).isCloseTo(2, within(1e-3));
    }

    @Test
    void emptyCompartmentIsRefused() {
        Synthetic s = new Synthetic(7);
        s.box(0, 40, 14, 22, 0, s.nz, 0);
        AnalysisResult r = analyzer.analyze(s.single(Synthetic.man()));
        assertThat(r.qc().passed()).isFalse();
        assertThat(r.qc().flags()).contains("no paraspinal compartment voxels in the label map: nothing measured");
        assertThat(r.measurements().imatPercent()).isEmpty();
        assertThat(r.reported()).isEmpty();
    }

    @Test
    void psoasAreaAtL3AndPmi() {
        Synthetic s = new Synthetic(7);
        Measurements m = analyzer.analyze(s.single(Synthetic.man())).measurements();
        // 2 muscles x 16 pixels x 4 mm² = 1.28 cm² in every slice.
        assertThat(m.psoasAreaL3Cm2().getAsDouble()).isCloseTo(1.28, within(1e-9));
        assertThat(m.pmiCm2PerM2().getAsDouble()).isCloseTo(1.28 / (1.8 * 1.8), within(1e-9));
    }

    @Test
    void missingWeightAndHeightEmptyTheIndicesWithReasons() {
        Synthetic s = new Synthetic(7);
        PatientFacts noBody = new PatientFacts(
                Optional.of(Sex.F), OptionalInt.of(60), OptionalDouble.empty(), OptionalDouble.empty());
        AnalysisResult r = analyzer.analyze(s.single(noBody));
        assertThat(r.measurements().lmmIndexCm3PerBmi()).isEmpty();
        assertThat(r.measurements().pmiCm2PerM2()).isEmpty();
        assertThat(r.measurements().psoasAreaL3Cm2()).isPresent();
        assertThat(r.qc().passed()).isTrue();
        assertThat(r.qc().flags())
                .contains(
                        "no PatientWeight: lmm_index not computed",
                        "no PatientSize: lmm_index not computed",
                        "no PatientSize: pmi not computed");
        assertThat(r.zScores().lmmIndex()).isEmpty();
        assertThat(r.zScores().imatPercent()).isPresent();
    }

    @Test
    void singleContrastWithoutSubcutaneousFatCannotCalibrate() {
        Synthetic s = new Synthetic(7);
        s.box(0, 40, 24, 28, 0, s.nz, 0);
        AnalysisResult r = analyzer.analyze(s.single(Synthetic.man()));
        assertThat(r.qc().passed()).isFalse();
        assertThat(r.qc().flags())
                .contains("no subcutaneous fat label: single-contrast IMAT threshold cannot be calibrated");
        assertThat(r.measurements().split()).isEmpty();
    }

    @Test
    void defaultRangeSumsL1ToL5OnlyAndLevelsStillCoverEverything() {
        Synthetic s = new Synthetic(7);
        // IMAT in L3 (inside the range) and in the S1 slab (outside it).
        s.paint(24, 26, 16, 18, s.bodyStart[3] + 1, s.bodyStart[3] + 11, Synthetic.FAT);
        s.paint(24, 26, 16, 18, s.bodyStart[0] + 1, s.bodyStart[0] + 11, Synthetic.FAT);
        double blockCm3 = 40 * 8 / 1000.0;
        AnalysisResult r = PhantomCases.analyzer(AnalysisOptions.defaults()).analyze(s.single(Synthetic.man()));
        Measurements m = r.measurements();
        assertThat(m.levelRange()).isEqualTo("L1-L5");
        double sliceCm3 = 8 * 8 * 8 / 1000.0;
        int slices = s.bodyEnd[5] - s.bodyEnd[0];
        assertThat(m.split().orElseThrow().compartmentVolumeCm3()).isCloseTo(2 * slices * sliceCm3, within(1e-9));
        assertThat(m.left().orElseThrow().imatVolumeCm3()).isCloseTo(blockCm3, within(1e-6));
        assertThat(m.levels().get("S1").imatVolumeCm3()).isCloseTo(blockCm3, within(1e-6));
        assertThat(m.lmmIndexCm3PerBmi().getAsDouble())
                .isCloseTo(m.split().get().lmmVolumeCm3() / (80 / (1.8 * 1.8)), within(1e-9));
        assertThat(m.compartmentVolumeCm3()).isCloseTo(2 * s.sideCm3(), within(1e-9));
    }

    @Test
    void rangeNotIdentifiedFallsBackToTheWholeCompartmentAndSaysSo() {
        Synthetic s = new Synthetic(4); // S1, L5, L4, L3: no L1
        AnalysisResult r = PhantomCases.analyzer(AnalysisOptions.defaults().withCoverage(3, false))
                .analyze(s.single(Synthetic.man()));
        assertThat(r.measurements().levelRange()).isEqualTo("whole compartment");
        assertThat(r.measurements().split().orElseThrow().compartmentVolumeCm3())
                .isCloseTo(2 * s.sideCm3(), within(1e-9));
        assertThat(r.qc().flags())
                .contains("level range L1-L5 not identified (missing L1): lmm, imat and lmm_index "
                        + "summed over the whole compartment");
    }

    @Test
    void levelRangeParsesAndRejectsHalfRanges() {
        assertThat(LevelRange.parse("t12-l5")).isEqualTo(new LevelRange("T12", "L5"));
        assertThat(LevelRange.parse("whole")).isEqualTo(LevelRange.WHOLE_COMPARTMENT);
        assertThat(LevelRange.LUMBAR.label()).isEqualTo("L1-L5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LevelRange.parse("L1"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LevelRange("L1", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
