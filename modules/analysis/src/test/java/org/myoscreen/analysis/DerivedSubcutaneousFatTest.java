package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.myoscreen.volume.Volume;

/** The analyzer with a segmentation that has no subcutaneous-fat label (hand-built study). */
class DerivedSubcutaneousFatTest {

    private final MuscleAnalyzer analyzer = PhantomCases.analyzer(AnalysisOptions.defaults());

    private static StructureMap withoutSat(Synthetic s) {
        Map<Integer, Structure> m = new HashMap<>(s.structures().labels());
        m.remove(Synthetic.SAT);
        return StructureMap.of(m);
    }

    private static Synthetic withImat() {
        Synthetic s = new Synthetic(7);
        // 2 of 8 rows of each compartment fat: 25 % IMAT.
        s.paint(10, 30, 14, 16, 5, s.nz - 5, Synthetic.FAT);
        return s;
    }

    @Test
    void singleContrastWithoutTheLabelIsCalibratedFromTheImage() {
        Synthetic s = withImat();
        AnalysisResult labelled = analyzer.analyze(s.single(Synthetic.man()));
        s.box(0, 40, 24, 28, 0, s.nz, 0);
        AnalysisResult derived = analyzer.analyze(AnalysisInput.singleContrast(
                new Volume(s.grid, s.image), "T2 test", s.labelMap(), withoutSat(s), Synthetic.man()));
        assertThat(derived.qc().passed()).as(derived.qc().flags().toString()).isTrue();
        assertThat(derived.qc().flags())
                .anyMatch(
                        f -> f.startsWith(
                                "subcutaneous fat reference derived from the image (no subcutaneous fat label in the segmentation)"));
        assertThat(derived.measurements().imatPercent().getAsDouble())
                .isCloseTo(labelled.measurements().imatPercent().getAsDouble(), within(1e-9));
    }

    @Test
    void withoutAFatRimTheRefusalSaysWhy() {
        Synthetic s = withImat();
        s.box(0, 40, 24, 28, 0, s.nz, 0);
        s.paint(0, 40, 24, 28, 0, s.nz, Synthetic.MUSCLE);
        AnalysisResult r = analyzer.analyze(AnalysisInput.singleContrast(
                new Volume(s.grid, s.image), "T2 test", s.labelMap(), withoutSat(s), Synthetic.man()));
        assertThat(r.qc().passed()).isFalse();
        assertThat(r.qc().flags())
                .contains("no subcutaneous fat label: single-contrast IMAT threshold cannot be calibrated");
        assertThat(r.qc().flags())
                .anyMatch(f -> f.startsWith("subcutaneous fat could not be derived from the image: "
                        + "no fat rim clearly brighter than muscle"));
    }
}
