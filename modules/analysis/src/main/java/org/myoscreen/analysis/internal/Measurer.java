package org.myoscreen.analysis.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.myoscreen.analysis.AnalysisInput;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.CompartmentValues;
import org.myoscreen.analysis.Images;
import org.myoscreen.analysis.LevelAssignment;
import org.myoscreen.analysis.LevelRange;
import org.myoscreen.analysis.Measurements;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.Region;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.VertebralLevel;

/**
 * Separates each paraspinal compartment voxel into lean muscle or IMAT and sums volumes, and
 * measures the psoas at L3. See the module README for the rules and the partial-volume choice.
 * Owns the signal (fat fraction or intensity), the sums per side, region and level and the notes;
 * the split itself is {@link ImatSplit}, the psoas {@link PsoasArea}. Stateless; thread-safe.
 */
public final class Measurer {

    private Measurer() {}

    /**
     * The values the split is read from and the fat-fraction values of Dixon input.
     *
     * @param values per voxel: Dixon {@code F / (F + W)} on the compartment, psoas and subcutaneous fat
     *     (0 elsewhere), single contrast the intensity
     * @param method how lean and IMAT are told apart, for {@code Measurements.method}
     * @param pmfi Dixon: mean compartment fat fraction, %
     * @param leanFf Dixon: mean fat fraction of the lean voxels, %
     * @param satFf Dixon: median fat fraction of subcutaneous fat (0..1)
     * @param notes what is not computed and why
     */
    private record Signal(
            float[] values,
            String method,
            OptionalDouble pmfi,
            OptionalDouble leanFf,
            OptionalDouble satFf,
            List<String> notes) {}

    /**
     * The lean / IMAT split of the compartment.
     *
     * @param shares IMAT share per compartment voxel
     * @param ok whether the shares can be summed and reported
     */
    private record Split(double[] shares, boolean ok) {}

    /**
     * Lean and IMAT per side (over the measurement range), region and level; empty when the split
     * failed.
     */
    private record Totals(
            Optional<CompartmentValues> left,
            Optional<CompartmentValues> right,
            Optional<CompartmentValues> total,
            Map<Region, CompartmentValues> regions,
            Map<String, CompartmentValues> byLevel) {}

    /** Measures {@code input} with the levels already identified. */
    public static Measured measure(AnalysisInput input, LevelAssignment levels, AnalysisOptions options) {
        Tissues tissues = Tissues.of(input.labels(), input.structures());
        Compartment comp = tissues.compartment();
        int nc = comp.size();
        double cm3 = tissues.grid().voxelVolumeMm3() / 1000;
        List<String> notes = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        double leftCm3 = 0;
        double rightCm3 = 0;
        for (int c = 0; c < nc; c++) {
            if (comp.side(c) == 0) {
                leftCm3 += cm3;
            } else {
                rightCm3 += cm3;
            }
        }
        double extent =
                nc > 0 ? comp.zHiMm() - comp.zLoMm() + tissues.geometry().voxelExtentZ() : 0;
        if (nc == 0) {
            blocking.add("no paraspinal compartment voxels in the label map: nothing measured");
        }
        Signal signal = input.images() instanceof Images.Dixon dixon
                ? dixonSignal(dixon, tissues, options)
                : singleContrastSignal((Images.SingleContrast) input.images(), options);
        notes.addAll(signal.notes());
        String method = signal.method();
        Split split;
        if (input.structures().has(StructureKind.IMAT)) {
            // The model separates lean and IMAT itself: its labels are the split.
            method = "lean muscle and IMAT as labelled by the segmentation; " + method;
            split = new Split(modelShares(comp), nc > 0);
        } else if (nc > 0) {
            ImatSplit.Result r = splitFromImage(input, tissues, signal, options);
            r.note().ifPresent(notes::add);
            r.problem().ifPresent(blocking::add);
            split = new Split(r.shares(), r.problem().isEmpty());
        } else {
            split = new Split(new double[0], false);
        }

        LevelRange range = options.measurementRange();
        Optional<double[]> interval = range.zIntervalMm(levels);
        if (interval.isEmpty()) {
            notes.add("level range " + range.label() + " not identified (missing "
                    + String.join(
                            ", ", range.missingIn(levels).isEmpty() ? List.of("ordered ends") : range.missingIn(levels))
                    + "): lmm, imat and lmm_index summed over the whole compartment");
            range = LevelRange.WHOLE_COMPARTMENT;
            interval = range.zIntervalMm(levels);
        }
        Totals totals = totals(tissues, split, cm3, interval.get(), levels.levels());
        if (levels.levels().isEmpty()) {
            notes.add("vertebral levels unknown: per-region and per-level values not computed");
        }
        notes.addAll(lmmIndexNotes(input.patient()));
        OptionalDouble lmmIndex = lmmIndex(input.patient(), totals.total());
        PsoasArea psoas = PsoasArea.atL3(tissues, input.structures(), levels, input.patient());
        notes.addAll(psoas.notes());
        Measurements m = new Measurements(
                totals.total(),
                totals.left(),
                totals.right(),
                totals.regions(),
                totals.byLevel(),
                leftCm3 + rightCm3,
                lmmIndex,
                psoas.areaCm2(),
                psoas.pmiCm2PerM2(),
                signal.pmfi(),
                signal.leanFf(),
                method + "; volumes over " + range.label(),
                range.label(),
                notes);
        return new Measured(m, blocking, leftCm3, rightCm3, extent, meanConfidence(input, comp), signal.satFf());
    }

    /** The model's own split: its IMAT voxels are IMAT, the rest lean. */
    private static double[] modelShares(Compartment comp) {
        double[] shares = new double[comp.size()];
        for (int c = 0; c < comp.size(); c++) {
            shares[c] = comp.modelImat(c) ? 1 : 0;
        }
        return shares;
    }

    /**
     * Splits on the image. Dixon, fractional: the fat image itself is the signal — linear in the IMAT
     * share under partial volume and blur, unlike F/(F+W) (PD of fat and muscle differ).
     */
    private static ImatSplit.Result splitFromImage(
            AnalysisInput input, Tissues tissues, Signal signal, AnalysisOptions options) {
        boolean dixonInput = input.images() instanceof Images.Dixon;
        boolean fatChannel = dixonInput
                && options.fractionalImat()
                && !tissues.subcutaneousFat().isEmpty();
        float[] values =
                fatChannel ? ((Images.Dixon) input.images()).pair().fat().voxels() : signal.values();
        SignalKind kind =
                fatChannel ? SignalKind.FAT_IMAGE : dixonInput ? SignalKind.FAT_FRACTION : SignalKind.INTENSITY;
        return ImatSplit.split(values, kind, tissues, options);
    }

    /** How the IMAT volume is counted, for the method text. */
    private static String partialVolume(AnalysisOptions options) {
        return options.fractionalImat()
                ? "fractional share per voxel (v - muscle)/(IMAT level - muscle) on "
                        + "the image with its in-slice blur undone"
                : "whole-voxel classification";
    }

    /** Dixon: the fat fraction on the compartment, psoas and subcutaneous fat, and its summary values. */
    private static Signal dixonSignal(Images.Dixon dixon, Tissues tissues, AnalysisOptions options) {
        Compartment comp = tissues.compartment();
        int nc = comp.size();
        Ints sat = tissues.subcutaneousFat();
        Ints psoas = tissues.psoas();
        String partial = partialVolume(options);
        String method = String.format(
                Locale.ROOT,
                "Dixon fat fraction F/(F+W); IMAT volume: %s%s; lean voxels: fat " + "fraction < %.0f %%",
                options.fractionalImat() && !sat.isEmpty() ? partial + " (fat image F)" : partial,
                options.fractionalImat()
                        ? ""
                        : " at fat fraction >= " + Math.round(100 * options.imatFatFraction()) + " %",
                100 * options.imatFatFraction());
        float[] w = dixon.pair().water().voxels();
        float[] f = dixon.pair().fat().voxels();
        float[] signal = new float[tissues.grid().size()];
        double ffSum = 0;
        double leanSum = 0;
        int leanN = 0;
        for (int c = 0; c < nc; c++) {
            double ff = fatFraction(w[comp.voxel(c)], f[comp.voxel(c)]);
            signal[comp.voxel(c)] = (float) ff;
        }
        for (int q = 0; q < psoas.size(); q++) {
            int p = psoas.get(q);
            signal[p] = (float) fatFraction(w[p], f[p]);
        }
        for (int c = 0; c < nc; c++) {
            double ff = signal[comp.voxel(c)];
            ffSum += ff;
            if (!comp.modelImat(c) && ff < options.imatFatFraction()) {
                leanSum += ff;
                leanN++;
            }
        }
        OptionalDouble pmfi = nc > 0 ? OptionalDouble.of(100 * ffSum / nc) : OptionalDouble.empty();
        OptionalDouble leanFf = leanN > 0 ? OptionalDouble.of(100 * leanSum / leanN) : OptionalDouble.empty();
        if (sat.isEmpty()) {
            return new Signal(
                    signal,
                    method,
                    pmfi,
                    leanFf,
                    OptionalDouble.empty(),
                    List.of("no subcutaneous fat label: Dixon fat/water swap not checked"));
        }
        Floats s = new Floats();
        for (int q = 0; q < sat.size(); q++) {
            int p = sat.get(q);
            signal[p] = (float) fatFraction(w[p], f[p]);
            s.add(signal[p]);
        }
        return new Signal(signal, method, pmfi, leanFf, OptionalDouble.of(s.quantile(0.5)), List.of());
    }

    /** Single contrast: the intensity. */
    private static Signal singleContrastSignal(Images.SingleContrast single, AnalysisOptions options) {
        String method = single.description() + ": muscle and subcutaneous-fat intensity per "
                + options.slabThicknessMm() + " mm slab and side; IMAT volume: " + partialVolume(options)
                + (options.fractionalImat() ? "" : " at the midpoint threshold");
        return new Signal(
                single.image().voxels(),
                method,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                List.of("no Dixon images: fat_fraction not computed"));
    }

    /** Sums the split per side over {@code rangeMm} {lo, hi}, and per level and region. */
    private static Totals totals(Tissues tissues, Split split, double cm3, double[] rangeMm, List<VertebralLevel> lv) {
        Compartment comp = tissues.compartment();
        Geometry geo = tissues.geometry();
        double rangeLo = rangeMm[0];
        double rangeHi = rangeMm[1];
        double[] frac = split.shares();
        double[][] perLevel = new double[lv.size()][2];
        double[][] perSide = new double[2][2];
        for (int c = 0; c < comp.size(); c++) {
            double fatCm3 = frac[c] * cm3;
            double z = geo.z(comp.voxel(c));
            if (z >= rangeLo && z < rangeHi) {
                perSide[comp.side(c)][0] += cm3 - fatCm3;
                perSide[comp.side(c)][1] += fatCm3;
            }
            for (int i = 0; i < lv.size(); i++) {
                if (lv.get(i).contains(z)) {
                    perLevel[i][0] += cm3 - fatCm3;
                    perLevel[i][1] += fatCm3;
                    break;
                }
            }
        }
        Map<Region, CompartmentValues> regions = new EnumMap<>(Region.class);
        Map<String, CompartmentValues> byLevel = new LinkedHashMap<>();
        if (!split.ok()) {
            return new Totals(Optional.empty(), Optional.empty(), Optional.empty(), regions, byLevel);
        }
        CompartmentValues left = values(perSide[0]);
        CompartmentValues right = values(perSide[1]);
        for (int i = 0; i < lv.size(); i++) {
            CompartmentValues v = values(perLevel[i]);
            byLevel.put(lv.get(i).name(), v);
            Region r = lv.get(i).region();
            if (r != Region.OTHER) {
                regions.merge(r, v, CompartmentValues::plus);
            }
        }
        return new Totals(Optional.of(left), Optional.of(right), Optional.of(left.plus(right)), regions, byLevel);
    }

    /** What the patient facts lack for the LMM index. */
    private static List<String> lmmIndexNotes(PatientFacts patient) {
        List<String> notes = new ArrayList<>();
        if (patient.weightKg().isEmpty()) {
            notes.add("no PatientWeight: lmm_index not computed");
        }
        if (patient.heightM().isEmpty()) {
            notes.add("no PatientSize: lmm_index not computed");
        }
        return notes;
    }

    /** LMM / BMI. */
    private static OptionalDouble lmmIndex(PatientFacts patient, Optional<CompartmentValues> total) {
        if (total.isPresent() && patient.bmi().isPresent()) {
            return OptionalDouble.of(total.get().lmmVolumeCm3() / patient.bmi().getAsDouble());
        }
        return OptionalDouble.empty();
    }

    /** Mean segmentation confidence over the compartment, when given. */
    private static OptionalDouble meanConfidence(AnalysisInput input, Compartment comp) {
        if (input.confidence().isEmpty() || comp.size() == 0) {
            return OptionalDouble.empty();
        }
        float[] conf = input.confidence().get().voxels();
        double sum = 0;
        for (int c = 0; c < comp.size(); c++) {
            sum += conf[comp.voxel(c)];
        }
        return OptionalDouble.of(sum / comp.size());
    }

    /** F / (F + W) with negative signals clamped to 0; 0 where both are 0. */
    static double fatFraction(float water, float fat) {
        double w = Math.max(water, 0);
        double f = Math.max(fat, 0);
        return w + f > 0 ? f / (w + f) : 0;
    }

    /** Lean and IMAT from summed shares; a fractional sum outside the compartment is clamped to it. */
    private static CompartmentValues values(double[] leanFat) {
        double total = leanFat[0] + leanFat[1];
        double fatCm3 = Math.max(0, Math.min(total, leanFat[1]));
        return new CompartmentValues(Math.max(0, total - fatCm3), fatCm3);
    }
}
