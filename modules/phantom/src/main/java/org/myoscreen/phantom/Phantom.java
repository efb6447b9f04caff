package org.myoscreen.phantom;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.myoscreen.phantom.internal.Acquisition;
import org.myoscreen.phantom.internal.Anatomy;
import org.myoscreen.phantom.internal.ContrastModel;
import org.myoscreen.phantom.internal.Draw;
import org.myoscreen.phantom.internal.Renderer;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a phantom study in memory (no files): see {@link PhantomWriter} for DICOM output.
 * Deterministic for given options; uses the common fork-join pool for slices. Thread-safe
 * (stateless).
 */
public final class Phantom {

    private static final Logger LOG = LoggerFactory.getLogger(Phantom.class);
    private static final double FINE_MM = 0.5;

    private Phantom() {}

    /** The patient for {@code options}: drawn from the seed, overridden by given values. */
    public static PatientInfo patient(PhantomOptions options) {
        return draw(options).patient();
    }

    private record Drawn(PatientInfo patient, double imatPercent) {}

    // All draws are made in a fixed order whether or not an option overrides them, so a given
    // option never shifts another draw.
    private static Drawn draw(PhantomOptions options) {
        Draw d = new Draw(options.seed(), "patient");
        Sex drawnSex = d.chance(0.5) ? Sex.M : Sex.F;
        Sex sex = options.sex().orElse(drawnSex);
        int drawnAge = d.integer(30, 75);
        double z = d.normal(0, 1, -2.5, 2.5);
        double drawnHeightM = sex == Sex.M ? 1.78 + 0.07 * z : 1.65 + 0.065 * z;
        double drawnBmi = d.uniform(20, 34);
        double drawnImat = d.uniform(3, 15);
        double height = options.heightM().orElse(Math.round(drawnHeightM * 100) / 100.0);
        double weight = options.weightKg().orElse(Math.round(drawnBmi * height * height * 10) / 10.0);
        int age = options.ageYears().orElse(drawnAge);
        double imat = options.imatPercent().orElse(Math.round(drawnImat * 10) / 10.0);
        return new Drawn(new PatientInfo(sex, age, weight, height), imat);
    }

    /** Generates the study for {@code options}. */
    public static PhantomStudy generate(PhantomOptions options) {
        return generate(options, Optional.empty());
    }

    /** Receives each series as soon as it is rendered (instead of keeping it in the study). */
    interface SeriesSink {
        void accept(PhantomSeries series, int stationCount);
    }

    /**
     * Generates the study; with a sink, series go to the sink one by one and the returned study
     * holds none, so memory stays at one contrast's worth of images.
     */
    static PhantomStudy generate(PhantomOptions options, Optional<SeriesSink> sink) {
        long t0 = System.nanoTime();
        Drawn drawn = draw(options);
        PatientInfo patient = drawn.patient();
        double imatPercent = drawn.imatPercent();
        Anatomy anatomy = new Anatomy(options.seed(), patient, imatPercent / 100);
        Acquisition acq = Acquisition.resolve(options, anatomy);
        ContrastModel model = new ContrastModel(options.seed());
        Renderer renderer = new Renderer(anatomy, acq.union());
        List<PhantomSeries> series = new ArrayList<>();
        List<Contrast> contrasts = new ArrayList<>(EnumSet.copyOf(options.contrasts()));
        for (Contrast c : contrasts) {
            Volume whole = renderer.render(model, c);
            for (int s = 0; s < acq.stations(); s++) {
                PhantomSeries one = new PhantomSeries(c, s, slab(whole, acq.stationGrid(s), acq.firstSlice(s)));
                if (sink.isPresent()) {
                    sink.get().accept(one, acq.stations());
                } else {
                    series.add(one);
                }
            }
        }
        series.sort((a, b) -> a.station() != b.station()
                ? Integer.compare(a.station(), b.station())
                : a.contrast().compareTo(b.contrast()));
        LabelMap labels = renderer.tissue();
        LabelMap levels = renderer.levels();
        boolean dixon = contrasts.stream().anyMatch(Contrast::isDixon);
        Truth truth = truth(anatomy, model, patient, labels, levels, imatPercent, dixon);
        LOG.info(
                "event=phantom_generated seed={} stations={} contrasts={} dims={}x{}x{} ms={}",
                options.seed(),
                acq.stations(),
                contrasts.size(),
                acq.union().nx(),
                acq.union().ny(),
                acq.union().nz(),
                (System.nanoTime() - t0) / 1_000_000);
        return new PhantomStudy(
                options, patient, series, labels, levels, truth, acq.sliceThicknessMm(), acq.overlapSlices());
    }

    private static Volume slab(Volume whole, Grid grid, int firstSlice) {
        int plane = grid.nx() * grid.ny();
        float[] v = new float[grid.size()];
        System.arraycopy(whole.voxels(), firstSlice * plane, v, 0, v.length);
        return new Volume(grid, v);
    }

    private static Truth truth(
            Anatomy anatomy,
            ContrastModel model,
            PatientInfo patient,
            LabelMap labels,
            LabelMap levels,
            double requestedImat,
            boolean dixon) {
        long[] count = new long[256];
        long[] whole = new long[256];
        double ffSum = 0;
        double[] range = lumbarRangeZ(levels);
        Grid lg = labels.grid();
        short[] lab = labels.labels();
        int plane = lg.nx() * lg.ny();
        for (int p = 0; p < lab.length; p++) {
            short l = lab[p];
            whole[l]++;
            if (TissueLabel.of(l).map(TissueLabel::isParaspinalCompartment).orElse(false)) {
                ffSum += model.fatFraction(l);
                double z = lg.worldOf(p % lg.nx(), (p / lg.nx()) % lg.ny(), p / plane)[2];
                if (z >= range[0] && z < range[1]) {
                    count[l]++;
                }
            }
        }
        double cm3 = labels.grid().voxelVolumeMm3() / 1000;
        double wholeLmm =
                (whole[TissueLabel.PARASPINAL_LEAN_LEFT.value()] + whole[TissueLabel.PARASPINAL_LEAN_RIGHT.value()])
                        * cm3;
        double wholeImat = (whole[TissueLabel.IMAT_LEFT.value()] + whole[TissueLabel.IMAT_RIGHT.value()]) * cm3;
        String rangeLabel = Double.isInfinite(range[0]) ? "whole compartment" : "L1-L5";
        Truth.Side left =
                side(count[TissueLabel.PARASPINAL_LEAN_LEFT.value()], count[TissueLabel.IMAT_LEFT.value()], cm3);
        Truth.Side right =
                side(count[TissueLabel.PARASPINAL_LEAN_RIGHT.value()], count[TissueLabel.IMAT_RIGHT.value()], cm3);
        double lmm = left.lmmVolumeCm3() + right.lmmVolumeCm3();
        double imat = left.imatVolumeCm3() + right.imatVolumeCm3();
        double imatPercent = lmm + imat > 0 ? 100 * imat / (lmm + imat) : 0;
        long compartment = whole[1] + whole[2] + whole[3] + whole[4];
        OptionalDouble ff =
                dixon && compartment > 0 ? OptionalDouble.of(100 * ffSum / compartment) : OptionalDouble.empty();

        boolean[] present = new boolean[VertebralLevel.values().length + 1];
        for (short c : levels.labels()) {
            if (c >= 1 && c < present.length) {
                present[c] = true;
            }
        }
        List<VertebralLevel> covered = new ArrayList<>();
        for (VertebralLevel l : VertebralLevel.values()) {
            if (present[l.bodyCode()]) {
                covered.add(l);
            }
        }
        Grid g = labels.grid();
        double zLo = Double.MAX_VALUE;
        double zHi = -Double.MAX_VALUE;
        for (int c = 0; c < 8; c++) {
            double z = g.worldOf(
                            (c & 1) == 0 ? 0 : g.nx() - 1,
                            (c & 2) == 0 ? 0 : g.ny() - 1,
                            (c & 4) == 0 ? 0 : g.nz() - 1)[2];
            zLo = Math.min(zLo, z);
            zHi = Math.max(zHi, z);
        }
        double[] l3 = areasAtL3(anatomy);
        OptionalDouble psoas = OptionalDouble.empty();
        OptionalDouble pmi = OptionalDouble.empty();
        if (covered.contains(VertebralLevel.L3)) {
            psoas = OptionalDouble.of(l3[2]);
            pmi = OptionalDouble.of(l3[2] / (patient.heightM() * patient.heightM()));
        }
        return new Truth(
                patient,
                lmm,
                imat,
                imatPercent,
                left,
                right,
                lmm / patient.bmi(),
                psoas,
                pmi,
                ff,
                zLo,
                zHi,
                covered,
                l3[0],
                l3[1],
                requestedImat,
                rangeLabel,
                wholeLmm,
                wholeImat);
    }

    /**
     * The z interval (mm, lower inclusive) of L1–L5 as the analysis defines a level's slab: from the
     * centroid of the L5/S1 disc to the centroid of the T12/L1 disc, both taken from the voxels of
     * the level map; the whole z range when either disc is not in the map.
     */
    static double[] lumbarRangeZ(LabelMap levels) {
        int low = VertebralLevel.L5.discBelowCode();
        int high = VertebralLevel.T12.discBelowCode();
        double[] sum = new double[2];
        long[] n = new long[2];
        Grid g = levels.grid();
        short[] codes = levels.labels();
        int plane = g.nx() * g.ny();
        for (int p = 0; p < codes.length; p++) {
            int which = codes[p] == low ? 0 : codes[p] == high ? 1 : -1;
            if (which >= 0) {
                sum[which] += g.worldOf(p % g.nx(), (p / g.nx()) % g.ny(), p / plane)[2];
                n[which]++;
            }
        }
        if (n[0] == 0 || n[1] == 0) {
            return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        return new double[] {sum[0] / n[0], sum[1] / n[1]};
    }

    private static Truth.Side side(long lean, long imat, double cm3) {
        double l = lean * cm3;
        double i = imat * cm3;
        return new Truth.Side(l, i, l + i > 0 ? 100 * i / (l + i) : 0);
    }

    /** {left compartment, right compartment, both psoas} areas in cm² at mid-L3. */
    private static double[] areasAtL3(Anatomy anatomy) {
        double z = anatomy.levelMidZ(VertebralLevel.L3);
        double[] half = anatomy.bodyHalfExtentMm(z);
        int nx = (int) Math.ceil(2 * half[0] / FINE_MM) + 2;
        int ny = (int) Math.ceil(2 * half[1] / FINE_MM) + 2;
        Affine a = Affine.fromAxes(
                new double[] {-nx * FINE_MM / 2, -ny * FINE_MM / 2, z},
                new double[] {FINE_MM, 0, 0},
                new double[] {0, FINE_MM, 0},
                new double[] {0, 0, 1});
        long[] n = new long[3];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double[] p = a.apply(i, j, 0);
                int t = anatomy.classify(p[0], p[1], p[2]) & 0xFF;
                if (t == TissueLabel.PARASPINAL_LEAN_LEFT.value() || t == TissueLabel.IMAT_LEFT.value()) {
                    n[0]++;
                } else if (t == TissueLabel.PARASPINAL_LEAN_RIGHT.value() || t == TissueLabel.IMAT_RIGHT.value()) {
                    n[1]++;
                } else if (t == TissueLabel.PSOAS_LEFT.value() || t == TissueLabel.PSOAS_RIGHT.value()) {
                    n[2]++;
                }
            }
        }
        double px = FINE_MM * FINE_MM / 100;
        return new double[] {n[0] * px, n[1] * px, n[2] * px};
    }
}
