package org.myoscreen.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.myoscreen.analysis.AnalysisOptions;

/**
 * The per-patient calibration of one image: per cranio-caudal slab and side, the muscle level (the
 * lean mode of the compartment's values, {@link #muscleMode}) and the fat level (median of the
 * subcutaneous fat near that side's compartment; Dixon fat fraction without a subcutaneous fat
 * label: 1). Where the compartment has no lean mode (all fat) the psoas median is the muscle level
 * (Dixon without psoas: fat fraction 0, fat image 0). Owns the slab of each compartment voxel, the
 * pooling of thin slabs and the contrast check that blocks a study. Arrays are shared, not copied.
 *
 * @param muscle muscle level per {@code [slab][side]}; NaN where the compartment has no sample at all
 * @param fat fat level per {@code [slab][side]}
 * @param slabOf slab of each compartment voxel
 */
record Calibration(double[][] muscle, double[][] fat, int[] slabOf) {

    /** Half-width of the muscle mode window, as a share of the muscle-to-fat distance. */
    static final double MODE_WINDOW = 0.04;

    /** Muscle level of compartment voxel {@code c}. */
    double muscleAt(Compartment comp, int c) {
        return muscle[slabOf[c]][comp.side(c)];
    }

    /** Fat level of compartment voxel {@code c}. */
    double fatAt(Compartment comp, int c) {
        return fat[slabOf[c]][comp.side(c)];
    }

    /**
     * A calibration, or why the image cannot be calibrated (the study is blocked).
     *
     * @param calibration present when {@code problem} is empty
     * @param problem the blocking reason
     */
    record Outcome(Optional<Calibration> calibration, Optional<String> problem) {
        static Outcome of(Calibration c) {
            return new Outcome(Optional.of(c), Optional.empty());
        }

        static Outcome blocked(String problem) {
            return new Outcome(Optional.empty(), Optional.of(problem));
        }
    }

    /** The compartment's non-IMAT values per slab and side, its in-plane bounding boxes, and per side. */
    private record MuscleSamples(Floats[][] bySlab, double[][][] box, Floats[] bySide) {}

    /** The subcutaneous fat's voxels per slab, and all its values. */
    private record FatSamples(List<Ints> bySlab, Floats all) {}

    /** Calibrates {@code sig} (of {@code kind}) on {@code tissues}; see the type comment. */
    static Outcome estimate(float[] sig, SignalKind kind, Tissues tissues, AnalysisOptions options) {
        Floats psoasValues = new Floats();
        Ints psoas = tissues.psoas();
        for (int q = 0; q < psoas.size(); q++) {
            psoasValues.add(sig[psoas.get(q)]);
        }
        double psoasRef = psoasValues.quantile(0.5);
        Ints sat = tissues.subcutaneousFat();
        if (sat.isEmpty() && kind != SignalKind.FAT_FRACTION) {
            return Outcome.blocked("no subcutaneous fat label: single-contrast IMAT threshold cannot be calibrated");
        }
        Compartment comp = tissues.compartment();
        Geometry geo = tissues.geometry();
        double slabMm = options.slabThicknessMm();
        int slabs = 1;
        int[] slabOf = new int[comp.size()];
        for (int c = 0; c < comp.size(); c++) {
            slabOf[c] = (int) Math.floor((geo.z(comp.voxel(c)) - comp.zLoMm()) / slabMm);
            slabs = Math.max(slabs, slabOf[c] + 1);
        }
        MuscleSamples muscle = muscleSamples(sig, geo, comp, slabOf, slabs);
        FatSamples fatSamples = fatSamples(sig, geo, sat, comp.zLoMm(), slabMm, slabs);
        double[][] muscleRef = new double[slabs][2];
        double[][] fatRef = new double[slabs][2];
        for (int s = 0; s < slabs; s++) {
            for (int d = 0; d < 2; d++) {
                double f = sat.isEmpty() ? 1.0 : fatReference(sig, geo, fatSamples, s, muscle.box()[s][d]);
                Floats values = pooled(muscle, s, d);
                if (values.size() == 0) {
                    muscleRef[s][d] = Double.NaN;
                    fatRef[s][d] = f;
                    continue;
                }
                double m = withoutLeanMode(muscleMode(values, f), f, psoasRef, kind, options);
                Optional<String> problem = contrastProblem(m, f, kind);
                if (problem.isPresent()) {
                    return Outcome.blocked(problem.get());
                }
                muscleRef[s][d] = m;
                fatRef[s][d] = f;
            }
        }
        return Outcome.of(new Calibration(muscleRef, fatRef, slabOf));
    }

    private static MuscleSamples muscleSamples(float[] sig, Geometry geo, Compartment comp, int[] slabOf, int slabs) {
        Floats[][] muscle = new Floats[slabs][2];
        double[][][] box = new double[slabs][2][];
        for (int s = 0; s < slabs; s++) {
            for (int d = 0; d < 2; d++) {
                muscle[s][d] = new Floats();
                box[s][d] = new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
            }
        }
        Floats[] sideAll = {new Floats(), new Floats()};
        for (int c = 0; c < comp.size(); c++) {
            if (comp.modelImat(c)) {
                continue;
            }
            int p = comp.voxel(c);
            muscle[slabOf[c]][comp.side(c)].add(sig[p]);
            sideAll[comp.side(c)].add(sig[p]);
            double[] b = box[slabOf[c]][comp.side(c)];
            double x = geo.coord(0, p);
            double y = geo.coord(1, p);
            b[0] = Math.min(b[0], x);
            b[1] = Math.max(b[1], x);
            b[2] = Math.min(b[2], y);
            b[3] = Math.max(b[3], y);
        }
        return new MuscleSamples(muscle, box, sideAll);
    }

    private static FatSamples fatSamples(float[] sig, Geometry geo, Ints sat, double zLo, double slabMm, int slabs) {
        Floats satAll = new Floats();
        List<Ints> satBySlab = new ArrayList<>();
        for (int s = 0; s < slabs; s++) {
            satBySlab.add(new Ints());
        }
        for (int q = 0; q < sat.size(); q++) {
            int p = sat.get(q);
            satAll.add(sig[p]);
            int s = (int) Math.floor((geo.z(p) - zLo) / slabMm);
            if (s >= 0 && s < slabs) {
                satBySlab.get(s).add(p);
            }
        }
        return new FatSamples(satBySlab, satAll);
    }

    /**
     * The muscle samples of slab {@code s}, side {@code d}; with fewer than
     * {@link IntensityModes#MIN_SAMPLES}, both sides of the neighbouring slabs too, then the whole side
     * (or the other side).
     */
    private static Floats pooled(MuscleSamples muscle, int s, int d) {
        Floats values = muscle.bySlab()[s][d];
        if (values.size() >= IntensityModes.MIN_SAMPLES) {
            return values;
        }
        int slabs = muscle.bySlab().length;
        values = new Floats();
        for (int t = Math.max(0, s - 1); t <= Math.min(slabs - 1, s + 1); t++) {
            values.addAll(muscle.bySlab()[t][0]);
            values.addAll(muscle.bySlab()[t][1]);
        }
        if (values.size() < IntensityModes.MIN_SAMPLES) {
            Floats[] sideAll = muscle.bySide();
            values = sideAll[d].size() >= IntensityModes.MIN_SAMPLES ? sideAll[d] : sideAll[1 - d];
        }
        return values;
    }

    /** A compartment without a lean mode (all fat): muscle from the psoas, or (Dixon) fat fraction 0. */
    private static double withoutLeanMode(
            double m, double f, double psoasRef, SignalKind kind, AnalysisOptions options) {
        if (kind == SignalKind.FAT_FRACTION && m >= options.imatFatFraction()) {
            return Double.isNaN(psoasRef) ? 0 : psoasRef;
        } else if (kind != SignalKind.FAT_FRACTION && !Double.isNaN(psoasRef) && m > 0.5 * (psoasRef + f)) {
            return psoasRef;
        } else if (kind == SignalKind.FAT_IMAGE && Double.isNaN(psoasRef) && m > 0.5 * f) {
            return 0; // Dixon fat image, all fat and no psoas: lean muscle has (almost) no fat signal
        }
        return m;
    }

    /** Why fat level {@code f} is not clearly above muscle level {@code m}, if it is not. */
    private static Optional<String> contrastProblem(double m, double f, SignalKind kind) {
        boolean dixon = kind == SignalKind.FAT_FRACTION;
        boolean fatChannel = kind == SignalKind.FAT_IMAGE;
        boolean contrastOk = dixon ? f - m >= 0.3 : f >= IntensityModes.MIN_FAT_TO_MUSCLE * m && f > 0;
        if (fatChannel && !contrastOk && m == 0) {
            contrastOk = f > 0;
        }
        if (contrastOk) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "%s: subcutaneous fat (%.2f) not clearly above muscle (%.2f): " + "IMAT not computed",
                dixon ? "Dixon fat fraction" : fatChannel ? "Dixon fat signal" : "single contrast",
                f,
                m));
    }

    /**
     * The lean-muscle mode of a compartment's values: from the 20th percentile, repeatedly the
     * median of the values within {@link #MODE_WINDOW} of the muscle-to-fat distance — a robust
     * mode seeker that partial-volume voxels (between muscle and fat) do not pull upward.
     */
    static double muscleMode(Floats values, double fat) {
        return IntensityModes.seekRelative(values, values.quantile(0.2), fat, MODE_WINDOW, 10);
    }

    /**
     * The fat level of slab {@code s} for a compartment with in-plane bounding box {@code box}: the
     * median of the slab's subcutaneous fat within {@link IntensityModes#NEAR_MM} of the box, else of
     * the whole slab, else of the neighbouring slabs too, else of the whole study.
     */
    private static double fatReference(float[] img, Geometry geo, FatSamples sat, int s, double[] box) {
        Floats near = new Floats();
        Floats slab = new Floats();
        List<Ints> satBySlab = sat.bySlab();
        Ints here = satBySlab.get(s);
        double nearMm = IntensityModes.NEAR_MM;
        for (int q = 0; q < here.size(); q++) {
            int p = here.get(q);
            slab.add(img[p]);
            double x = geo.coord(0, p);
            double y = geo.coord(1, p);
            if (x >= box[0] - nearMm && x <= box[1] + nearMm && y >= box[2] - nearMm && y <= box[3] + nearMm) {
                near.add(img[p]);
            }
        }
        if (near.size() >= IntensityModes.MIN_SAMPLES) {
            return near.quantile(0.5);
        }
        if (slab.size() >= IntensityModes.MIN_SAMPLES) {
            return slab.quantile(0.5);
        }
        Floats wider = new Floats();
        for (int t = Math.max(0, s - 1); t <= Math.min(satBySlab.size() - 1, s + 1); t++) {
            Ints there = satBySlab.get(t);
            for (int q = 0; q < there.size(); q++) {
                wider.add(img[there.get(q)]);
            }
        }
        return wider.size() >= IntensityModes.MIN_SAMPLES
                ? wider.quantile(0.5)
                : sat.all().quantile(0.5);
    }
}
