package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.myoscreen.analysis.internal.SubcutaneousFatFinder;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.Sex;
import org.myoscreen.phantom.TissueLabel;
import org.myoscreen.phantom.Truth;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * The fat reference derived from a T2 HASTE image against the phantom's exact subcutaneous-fat
 * label, with a label map holding only what the reference model labels (compartment, psoas,
 * vertebral body, disc): the fat level per 40 mm slab and side (median of the voxels near that
 * side's compartment) and the IMAT % it gives. Seeds 301, 302, 304, 305 (not used to tune the
 * finder), both sexes, IMAT 2–20 %, 2.5 mm pixels, 3 mm slices, one station.
 */
class DerivedSubcutaneousFatPhantomTest {

    /**
     * Largest relative difference of a slab/side fat level, derived vs exact label (measured: ≤ 2 %
     * on five seeds, 5.4 % on one slab of seed 305, where the exact label's median is pulled down by
     * partial-volume voxels of a thin fat layer that the derived mask leaves out).
     */
    static final double FAT_LEVEL_TOLERANCE = 0.06;
    /** Largest IMAT % difference, derived vs exact label, in percentage points. */
    static final double IMAT_TOLERANCE_PP = 0.5;

    static Stream<Arguments> cases() {
        long base = Long.getLong("subq.seedBase", 300);
        // Four of the six measured cases (303 M 10 %, 306 F 25 % gave the same agreement) to keep CI short.
        return Stream.of(
                Arguments.of(base + 1, Sex.M, 2.0),
                Arguments.of(base + 2, Sex.F, 5.0),
                Arguments.of(base + 4, Sex.F, 15.0),
                Arguments.of(base + 5, Sex.M, 20.0));
    }

    /** The reference model's structures only (no subcutaneous fat, no IMAT): other labels zeroed. */
    static LabelMap modelLike(LabelMap exact, boolean keepSat) {
        short[] lab = exact.labels().clone();
        for (int p = 0; p < lab.length; p++) {
            TissueLabel t = TissueLabel.of(lab[p]).orElse(TissueLabel.BACKGROUND);
            boolean keep = t.isParaspinalCompartment()
                    || t == TissueLabel.PSOAS_LEFT
                    || t == TissueLabel.PSOAS_RIGHT
                    || t == TissueLabel.VERTEBRAL_BODY
                    || t == TissueLabel.INTERVERTEBRAL_DISC
                    || (keepSat && t == TissueLabel.SUBCUTANEOUS_FAT);
            if (!keep) {
                lab[p] = 0;
            }
        }
        return new LabelMap(exact.grid(), lab);
    }

    static StructureMap mapWithoutSat() {
        Map<Integer, Structure> m = new HashMap<>(PhantomCases.compartmentOnly().labels());
        m.remove(TissueLabel.SUBCUTANEOUS_FAT.value());
        return StructureMap.of(m);
    }

    @ParameterizedTest(name = "seed {0} {1} IMAT {2} %")
    @MethodSource("cases")
    void derivedFatReferenceMatchesTheExactLabel(long seed, Sex sex, double imat) {
        PhantomStudy study = Phantom.generate(PhantomOptions.builder()
                .seed(seed)
                .sex(sex)
                .imatPercent(imat)
                .matrix(192)
                .spacingMm(2.5)
                .sliceThicknessMm(3)
                .stations(1)
                .contrasts(EnumSet.of(Contrast.T2_HASTE))
                .build());
        Truth t = study.truth();
        Volume image = study.seriesOf(Contrast.T2_HASTE).get(0).volume();
        PatientFacts facts = PhantomCases.facts(study);
        MuscleAnalyzer analyzer = PhantomCases.analyzer(AnalysisOptions.defaults());
        LabelMap withSat = modelLike(study.labels(), true);
        LabelMap withoutSat = modelLike(study.labels(), false);
        AnalysisResult exact = analyzer.analyze(
                AnalysisInput.singleContrast(image, "T2 HASTE", withSat, PhantomCases.compartmentOnly(), facts));
        AnalysisInput in = AnalysisInput.singleContrast(image, "T2 HASTE", withoutSat, mapWithoutSat(), facts);
        AnalysisResult derived = analyzer.analyze(in);
        SubcutaneousFatFinder.Found found = SubcutaneousFatFinder.find(
                image.voxels(),
                withoutSat,
                mapWithoutSat(),
                AnalysisOptions.defaults().slabThicknessMm());

        // Fat level per slab and side: median of the voxels within 40 mm of that side's compartment box.
        short[] exactLab = withSat.labels();
        boolean[] exactMask = new boolean[exactLab.length];
        int exactN = 0;
        for (int p = 0; p < exactLab.length; p++) {
            exactMask[p] = exactLab[p] == TissueLabel.SUBCUTANEOUS_FAT.value();
            exactN += exactMask[p] ? 1 : 0;
        }
        double[][] exactLevels = levels(image, withoutSat, exactMask);
        double[][] derivedLevels = levels(image, withoutSat, found.mask());
        double worst = 0;
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < exactLevels.length; s++) {
            for (int d = 0; d < 2; d++) {
                double e = exactLevels[s][d];
                double g = derivedLevels[s][d];
                if (Double.isNaN(e) || Double.isNaN(g)) {
                    rows.add(String.format(Locale.ROOT, "s%d%s exact=%.0f derived=%.0f", s, d == 0 ? "L" : "R", e, g));
                    continue;
                }
                worst = Math.max(worst, Math.abs(g / e - 1));
                rows.add(String.format(
                        Locale.ROOT, "s%d%s %.0f/%.0f(%+.1f%%)", s, d == 0 ? "L" : "R", g, e, 100 * (g / e - 1)));
            }
        }
        double imatExact = exact.measurements().imatPercent().orElse(Double.NaN);
        double imatDerived = derived.measurements().imatPercent().orElse(Double.NaN);
        // Precision: the derived mask lies in the exact subcutaneous fat, nearly everywhere.
        int inside = 0;
        for (int p = 0; p < exactMask.length; p++) {
            inside += found.mask()[p] && exactMask[p] ? 1 : 0;
        }
        System.out.printf(
                Locale.ROOT,
                "SUBQ seed=%d sex=%s imat_truth=%.2f imat_exact_sat=%.2f imat_derived_sat=%.2f "
                        + "diff_pp=%+.2f worst_fat_level=%.1f%% mask=%d in_exact=%.1f%% exact=%d slabs=%d/%d qc=%s "
                        + "levels=[%s]%n",
                seed,
                sex,
                t.imatPercent(),
                imatExact,
                imatDerived,
                imatDerived - imatExact,
                100 * worst,
                found.voxels(),
                100.0 * inside / found.voxels(),
                exactN,
                found.slabsFound(),
                found.slabs(),
                derived.qc().passed(),
                String.join(" ", rows));
        assertThat(derived.qc().passed()).as(derived.qc().flags().toString()).isTrue();
        assertThat(derived.qc().flags())
                .anyMatch(f -> f.startsWith("subcutaneous fat reference derived from the image"));
        assertThat(worst).isLessThanOrEqualTo(FAT_LEVEL_TOLERANCE);
        assertThat(Math.abs(imatDerived - imatExact)).isLessThanOrEqualTo(IMAT_TOLERANCE_PP);
        assertThat(inside).isGreaterThanOrEqualTo((int) (0.9 * found.voxels()));
    }

    /** Per 40 mm slab (from the compartment's lowest z) and side: median image value of the mask near the side. */
    static double[][] levels(Volume image, LabelMap labels, boolean[] mask) {
        Grid grid = labels.grid();
        short[] lab = labels.labels();
        float[] img = image.voxels();
        double zLo = Double.MAX_VALUE;
        double zHi = -Double.MAX_VALUE;
        for (int p = 0; p < lab.length; p++) {
            if (TissueLabel.of(lab[p]).orElse(TissueLabel.BACKGROUND).isParaspinalCompartment()) {
                double z = world(grid, p)[2];
                zLo = Math.min(zLo, z);
                zHi = Math.max(zHi, z);
            }
        }
        int slabs = (int) Math.floor((zHi - zLo) / 40) + 1;
        double[][][] box = new double[slabs][2][];
        for (double[][] b : box) {
            b[0] = new double[] {1e9, -1e9, 1e9, -1e9};
            b[1] = new double[] {1e9, -1e9, 1e9, -1e9};
        }
        for (int p = 0; p < lab.length; p++) {
            TissueLabel t = TissueLabel.of(lab[p]).orElse(TissueLabel.BACKGROUND);
            if (t.isParaspinalCompartment()) {
                double[] w = world(grid, p);
                int side = t == TissueLabel.PARASPINAL_LEAN_LEFT || t == TissueLabel.IMAT_LEFT ? 0 : 1;
                double[] b = box[(int) Math.floor((w[2] - zLo) / 40)][side];
                b[0] = Math.min(b[0], w[0]);
                b[1] = Math.max(b[1], w[0]);
                b[2] = Math.min(b[2], w[1]);
                b[3] = Math.max(b[3], w[1]);
            }
        }
        List<List<List<Float>>> values = new ArrayList<>();
        for (int s = 0; s < slabs; s++) {
            values.add(List.of(new ArrayList<>(), new ArrayList<>()));
        }
        for (int p = 0; p < lab.length; p++) {
            if (!mask[p]) {
                continue;
            }
            double[] w = world(grid, p);
            int s = (int) Math.floor((w[2] - zLo) / 40);
            if (s < 0 || s >= slabs) {
                continue;
            }
            for (int d = 0; d < 2; d++) {
                double[] b = box[s][d];
                if (w[0] >= b[0] - 40 && w[0] <= b[1] + 40 && w[1] >= b[2] - 40 && w[1] <= b[3] + 40) {
                    values.get(s).get(d).add(img[p]);
                }
            }
        }
        double[][] out = new double[slabs][2];
        for (int s = 0; s < slabs; s++) {
            for (int d = 0; d < 2; d++) {
                List<Float> v = values.get(s).get(d);
                if (v.size() < 30) {
                    out[s][d] = Double.NaN;
                    continue;
                }
                float[] a = new float[v.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = v.get(i);
                }
                Arrays.sort(a);
                out[s][d] = a[(a.length - 1) / 2];
            }
        }
        return out;
    }

    private static double[] world(Grid grid, int p) {
        int i = p % grid.nx();
        int j = (p / grid.nx()) % grid.ny();
        int k = p / (grid.nx() * grid.ny());
        return grid.worldOf(i, j, k);
    }
}
