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
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.LevelAssignment;
import org.myoscreen.analysis.Measurements;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.Region;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.analysis.VertebralLevel;
import org.myoscreen.volume.Grid;

/**
 * Separates each paraspinal compartment voxel into lean muscle or IMAT and sums volumes, and
 * measures the psoas at L3. See the module README for the rules and the partial-volume choice.
 * Stateless; thread-safe.
 */
public final class Measurer {

    /** Fewest voxels an intensity estimate is made from before pooling neighbouring slabs. */
    static final int MIN_SAMPLES = 30;
    /** Subcutaneous fat within this many mm of a side's compartment (in-plane) calibrates that side. */
    static final double NEAR_MM = 40;
    /** Single contrast: fat must be at least this many times brighter than muscle. */
    static final double MIN_FAT_TO_MUSCLE = 1.3;
    /** Half-width of the muscle mode window, as a share of the muscle-to-fat distance. */
    static final double MODE_WINDOW = 0.04;
    /** Quantile of the fat-dominated interior voxels taken as the pure-fat level. */
    static final double FAT_LEVEL_QUANTILE = 0.9;
    /** Share of the interior voxels that must be fat-dominated before the pure-fat level is estimated. */
    static final double MIN_FAT_SHARE = 0.03;
    /** Bounds of a credible pure-fat level relative to subcutaneous fat. */
    static final double MIN_FAT_SCALE = 0.75;
    /** Upper bound, see {@link #MIN_FAT_SCALE}. */
    static final double MAX_FAT_SCALE = 1.25;

    private Measurer() {
    }

    /** Measures {@code input} with the levels already identified. */
    public static Measured measure(AnalysisInput input, LevelAssignment levels, AnalysisOptions options) {
        Grid grid = input.labels().grid();
        Geometry geo = new Geometry(grid);
        StructureMap map = input.structures();
        short[] lab = input.labels().labels();
        int n = lab.length;
        double cm3 = grid.voxelVolumeMm3() / 1000;

        // Compartment voxels: index, side (0 left, 1 right), labelled IMAT by the model.
        int count = 0;
        for (int p = 0; p < n; p++) {
            StructureKind k = map.of(lab[p]).kind();
            if (k == StructureKind.PARASPINAL || k == StructureKind.IMAT) {
                count++;
            }
        }
        int[] comp = new int[count];
        byte[] side = new byte[count];
        boolean[] modelImat = new boolean[count];
        int nc = 0;
        Ints sat = new Ints();
        Ints psoasVoxels = new Ints();
        for (int p = 0; p < n; p++) {
            Structure s = map.of(lab[p]);
            if (s.kind() == StructureKind.PARASPINAL || s.kind() == StructureKind.IMAT) {
                comp[nc] = p;
                side[nc] = (byte) (s.laterality() == Laterality.LEFT ? 0 : 1);
                modelImat[nc] = s.kind() == StructureKind.IMAT;
                nc++;
            } else if (s.kind() == StructureKind.SUBCUTANEOUS_FAT) {
                sat.add(p);
            } else if (s.kind() == StructureKind.PSOAS) {
                psoasVoxels.add(p);
            }
        }
        List<String> notes = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        double leftCm3 = 0;
        double rightCm3 = 0;
        double zLo = Double.MAX_VALUE;
        double zHi = -Double.MAX_VALUE;
        for (int c = 0; c < nc; c++) {
            if (side[c] == 0) {
                leftCm3 += cm3;
            } else {
                rightCm3 += cm3;
            }
            double z = geo.z(comp[c]);
            zLo = Math.min(zLo, z);
            zHi = Math.max(zHi, z);
        }
        double extent = nc > 0 ? zHi - zLo + geo.voxelExtentZ() : 0;
        if (nc == 0) {
            blocking.add("no paraspinal compartment voxels in the label map: nothing measured");
        }

        // Lean / IMAT per voxel: frac[c] is the IMAT share of compartment voxel c.
        double[] frac = new double[nc];
        boolean splitOk = nc > 0;
        String method;
        OptionalDouble pmfi = OptionalDouble.empty();
        OptionalDouble leanFf = OptionalDouble.empty();
        OptionalDouble satFf = OptionalDouble.empty();
        float[] signal;
        boolean dixonInput = input.images() instanceof Images.Dixon;
        String partial = options.fractionalImat() ? "fractional fat estimate per voxel (v - muscle)/(fat - muscle)"
                : "whole-voxel classification";
        if (input.images() instanceof Images.Dixon dixon) {
            method = String.format(Locale.ROOT, "Dixon fat fraction F/(F+W); IMAT volume: %s%s; lean voxels: fat "
                    + "fraction < %.0f %%", partial, options.fractionalImat() ? "" : " at fat fraction >= "
                    + Math.round(100 * options.imatFatFraction()) + " %", 100 * options.imatFatFraction());
            float[] w = dixon.pair().water().voxels();
            float[] f = dixon.pair().fat().voxels();
            signal = new float[n];
            double ffSum = 0;
            double leanSum = 0;
            int leanN = 0;
            for (int c = 0; c < nc; c++) {
                double ff = fatFraction(w[comp[c]], f[comp[c]]);
                signal[comp[c]] = (float) ff;
            }
            for (int q = 0; q < psoasVoxels.size(); q++) {
                int p = psoasVoxels.get(q);
                signal[p] = (float) fatFraction(w[p], f[p]);
            }
            for (int c = 0; c < nc; c++) {
                double ff = signal[comp[c]];
                ffSum += ff;
                if (!modelImat[c] && ff < options.imatFatFraction()) {
                    leanSum += ff;
                    leanN++;
                }
            }
            if (nc > 0) {
                pmfi = OptionalDouble.of(100 * ffSum / nc);
            }
            if (leanN > 0) {
                leanFf = OptionalDouble.of(100 * leanSum / leanN);
            }
            if (!sat.isEmpty()) {
                Floats s = new Floats();
                for (int q = 0; q < sat.size(); q++) {
                    int p = sat.get(q);
                    signal[p] = (float) fatFraction(w[p], f[p]);
                    s.add(signal[p]);
                }
                satFf = OptionalDouble.of(s.quantile(0.5));
            } else {
                notes.add("no subcutaneous fat label: Dixon fat/water swap not checked");
            }
        } else {
            Images.SingleContrast single = (Images.SingleContrast) input.images();
            method = single.description() + ": muscle and subcutaneous-fat intensity per " + options.slabThicknessMm()
                    + " mm slab and side; IMAT volume: " + partial
                    + (options.fractionalImat() ? "" : " at the midpoint threshold");
            notes.add("no Dixon images: fat_fraction not computed");
            signal = single.image().voxels();
        }
        if (map.has(StructureKind.IMAT)) {
            // The model separates lean and IMAT itself: its labels are the split.
            method = "lean muscle and IMAT as labelled by the segmentation; " + method;
            for (int c = 0; c < nc; c++) {
                frac[c] = modelImat[c] ? 1 : 0;
            }
        } else if (nc > 0) {
            String problem = classify(signal, dixonInput, geo, comp, side, modelImat, edges(lab, map, grid, comp, side, nc),
                    nc, sat, psoasVoxels, zLo, options, frac);
            if (problem != null) {
                blocking.add(problem);
                splitOk = false;
            }
        }

        // Sums per side, region and level.
        List<VertebralLevel> lv = levels.levels();
        double[][] perLevel = new double[lv.size()][2];
        double[][] perSide = new double[2][2];
        for (int c = 0; c < nc; c++) {
            double fatCm3 = frac[c] * cm3;
            perSide[side[c]][0] += cm3 - fatCm3;
            perSide[side[c]][1] += fatCm3;
            if (!lv.isEmpty()) {
                double z = geo.z(comp[c]);
                for (int i = 0; i < lv.size(); i++) {
                    if (lv.get(i).contains(z)) {
                        perLevel[i][0] += cm3 - fatCm3;
                        perLevel[i][1] += fatCm3;
                        break;
                    }
                }
            }
        }
        Optional<CompartmentValues> left = Optional.empty();
        Optional<CompartmentValues> right = Optional.empty();
        Optional<CompartmentValues> total = Optional.empty();
        Map<Region, CompartmentValues> regions = new EnumMap<>(Region.class);
        Map<String, CompartmentValues> byLevel = new LinkedHashMap<>();
        if (splitOk) {
            left = Optional.of(values(perSide[0]));
            right = Optional.of(values(perSide[1]));
            total = Optional.of(left.get().plus(right.get()));
            for (int i = 0; i < lv.size(); i++) {
                CompartmentValues v = values(perLevel[i]);
                byLevel.put(lv.get(i).name(), v);
                Region r = lv.get(i).region();
                if (r != Region.OTHER) {
                    regions.merge(r, v, CompartmentValues::plus);
                }
            }
        }
        if (lv.isEmpty()) {
            notes.add("vertebral levels unknown: per-region and per-level values not computed");
        }

        // LMM index.
        PatientFacts patient = input.patient();
        OptionalDouble lmmIndex = OptionalDouble.empty();
        if (patient.weightKg().isEmpty()) {
            notes.add("no PatientWeight: lmm_index not computed");
        }
        if (patient.heightM().isEmpty()) {
            notes.add("no PatientSize: lmm_index not computed");
        }
        if (total.isPresent() && patient.bmi().isPresent()) {
            lmmIndex = OptionalDouble.of(total.get().lmmVolumeCm3() / patient.bmi().getAsDouble());
        }

        // Psoas at L3.
        OptionalDouble psoas = OptionalDouble.empty();
        OptionalDouble pmi = OptionalDouble.empty();
        Optional<VertebralLevel> l3 = levels.level("L3");
        if (!map.has(StructureKind.PSOAS)) {
            notes.add("no psoas label: psoas_area_l3 and pmi not computed");
        } else if (l3.isEmpty()) {
            notes.add("L3 not identified: psoas_area_l3 and pmi not computed");
        } else {
            psoas = OptionalDouble.of(areaAt(lab, map, StructureKind.PSOAS, geo, grid, l3.get().centreZMm()));
            if (patient.heightM().isPresent()) {
                double h = patient.heightM().getAsDouble();
                pmi = OptionalDouble.of(psoas.getAsDouble() / (h * h));
            } else {
                notes.add("no PatientSize: pmi not computed");
            }
        }

        OptionalDouble meanConfidence = OptionalDouble.empty();
        if (input.confidence().isPresent() && nc > 0) {
            float[] conf = input.confidence().get().voxels();
            double sum = 0;
            for (int c = 0; c < nc; c++) {
                sum += conf[comp[c]];
            }
            meanConfidence = OptionalDouble.of(sum / nc);
        }
        Measurements m = new Measurements(total, left, right, regions, byLevel, leftCm3 + rightCm3, lmmIndex, psoas,
                pmi, pmfi, leanFf, method, notes);
        return new Measured(m, blocking, leftCm3, rightCm3, extent, meanConfidence, satFf);
    }

    /**
     * Compartment voxels with a 6-neighbour outside their side's compartment (or at the grid
     * border): blur and partial volume mix outside tissue (subcutaneous fat, posterior elements)
     * into them, so they are classified whole rather than by fraction.
     */
    static boolean[] edges(short[] lab, StructureMap map, Grid grid, int[] comp, byte[] side, int nc) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        boolean[] edge = new boolean[nc];
        for (int c = 0; c < nc; c++) {
            int p = comp[c];
            int i = p % nx;
            int j = (p / nx) % ny;
            int k = p / plane;
            edge[c] = i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == grid.nz() - 1
                    || !same(lab, map, p - 1, side[c]) || !same(lab, map, p + 1, side[c])
                    || !same(lab, map, p - nx, side[c]) || !same(lab, map, p + nx, side[c])
                    || !same(lab, map, p - plane, side[c]) || !same(lab, map, p + plane, side[c]);
        }
        return edge;
    }

    private static boolean same(short[] lab, StructureMap map, int q, byte side) {
        Structure s = map.of(lab[q]);
        return (s.kind() == StructureKind.PARASPINAL || s.kind() == StructureKind.IMAT)
                && (s.laterality() == Laterality.LEFT ? 0 : 1) == side;
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

    /**
     * Calibrates per cranio-caudal slab and side: muscle = median of the compartment's voxels below
     * the current midpoint (iterated from the 30th percentile); fat = median of the subcutaneous fat
     * near that side's compartment (Dixon without a subcutaneous fat label: fat fraction 1); where
     * the compartment has no lean mode (all fat) the psoas median is the muscle reference (Dixon
     * without psoas: fat fraction 0). Then
     * fills {@code frac}: fractional mode {@code (v − muscle) / (fat − muscle)} clamped to [−1, 2]
     * per voxel only against outliers (no clamp to [0, 1], which would bias noisy lean voxels
     * upward) for interior voxels, while edge voxels (see {@link #edges}) are whole: 1 at or above
     * the midpoint, else 0; voxel mode: every voxel whole (Dixon: at or above the fat fraction
     * rule). Model-labelled IMAT is 1. Returns a blocking problem or null.
     */
    private static String classify(float[] sig, boolean dixon, Geometry geo, int[] comp, byte[] side,
            boolean[] modelImat, boolean[] edge, int nc, Ints sat, Ints psoas, double zLo,
            AnalysisOptions options, double[] frac) {
        Floats psoasValues = new Floats();
        for (int q = 0; q < psoas.size(); q++) {
            psoasValues.add(sig[psoas.get(q)]);
        }
        double psoasRef = psoasValues.quantile(0.5);
        if (sat.isEmpty() && !dixon) {
            return "no subcutaneous fat label: single-contrast IMAT threshold cannot be calibrated";
        }
        double slabMm = options.slabThicknessMm();
        int slabs = 1;
        int[] slabOf = new int[nc];
        for (int c = 0; c < nc; c++) {
            slabOf[c] = (int) Math.floor((geo.z(comp[c]) - zLo) / slabMm);
            slabs = Math.max(slabs, slabOf[c] + 1);
        }
        Floats[][] muscle = new Floats[slabs][2];
        double[][][] box = new double[slabs][2][];
        for (int s = 0; s < slabs; s++) {
            for (int d = 0; d < 2; d++) {
                muscle[s][d] = new Floats();
                box[s][d] = new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
            }
        }
        Floats[] sideAll = {new Floats(), new Floats()};
        for (int c = 0; c < nc; c++) {
            if (modelImat[c]) {
                continue;
            }
            int p = comp[c];
            muscle[slabOf[c]][side[c]].add(sig[p]);
            sideAll[side[c]].add(sig[p]);
            double[] b = box[slabOf[c]][side[c]];
            double x = geo.coord(0, p);
            double y = geo.coord(1, p);
            b[0] = Math.min(b[0], x);
            b[1] = Math.max(b[1], x);
            b[2] = Math.min(b[2], y);
            b[3] = Math.max(b[3], y);
        }
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
        double[][] muscleRef = new double[slabs][2];
        double[][] fatRef = new double[slabs][2];
        for (int s = 0; s < slabs; s++) {
            for (int d = 0; d < 2; d++) {
                double f = sat.isEmpty() ? 1.0 : fatReference(sig, geo, satBySlab, s, box[s][d], satAll);
                Floats values = muscle[s][d];
                if (values.size() < MIN_SAMPLES) {
                    values = new Floats();
                    for (int t = Math.max(0, s - 1); t <= Math.min(slabs - 1, s + 1); t++) {
                        values.addAll(muscle[t][0]);
                        values.addAll(muscle[t][1]);
                    }
                    if (values.size() < MIN_SAMPLES) {
                        values = sideAll[d].size() >= MIN_SAMPLES ? sideAll[d] : sideAll[1 - d];
                    }
                }
                if (values.size() == 0) {
                    muscleRef[s][d] = Double.NaN;
                    fatRef[s][d] = f;
                    continue;
                }
                double m = muscleMode(values, f);
                // A compartment without a lean mode (all fat): muscle from the psoas, or (Dixon) fat fraction 0.
                if (dixon && m >= options.imatFatFraction()) {
                    m = Double.isNaN(psoasRef) ? 0 : psoasRef;
                } else if (!dixon && !Double.isNaN(psoasRef) && m > 0.5 * (psoasRef + f)) {
                    m = psoasRef;
                }
                boolean contrastOk = dixon ? f - m >= 0.3 : f >= MIN_FAT_TO_MUSCLE * m && f > 0;
                if (!contrastOk) {
                    return String.format(Locale.ROOT, "%s: subcutaneous fat (%.2f) not clearly above muscle (%.2f): "
                            + "IMAT not computed", dixon ? "Dixon fat fraction" : "single contrast", f, m);
                }
                muscleRef[s][d] = m;
                fatRef[s][d] = f;
            }
        }
        double[] fatScale = {fatScale(sig, comp, side, modelImat, edge, nc, slabOf, muscleRef, fatRef, 0),
            fatScale(sig, comp, side, modelImat, edge, nc, slabOf, muscleRef, fatRef, 1)};
        for (int c = 0; c < nc; c++) {
            if (modelImat[c]) {
                frac[c] = 1;
                continue;
            }
            double m = muscleRef[slabOf[c]][side[c]];
            double f = m + fatScale[side[c]] * (fatRef[slabOf[c]][side[c]] - m);
            double v = sig[comp[c]];
            double threshold = dixon && !options.fractionalImat() ? options.imatFatFraction() : 0.5 * (m + f);
            if (Double.isNaN(m)) {
                frac[c] = 0;
            } else if (options.fractionalImat() && !edge[c]) {
                frac[c] = Math.max(-1, Math.min(2, (v - m) / (f - m)));
            } else {
                frac[c] = v >= threshold ? 1 : 0;
            }
        }
        return null;
    }

    /**
     * One side's own pure-fat level relative to subcutaneous fat, on the scale where muscle
     * is 0 and subcutaneous fat 1: IMAT need not be exactly as bright (or as fatty) as subcutaneous
     * fat, and that difference scales every fractional share. Estimated as the
     * {@link #FAT_LEVEL_QUANTILE} quantile of the fat-dominated (≥ 0.5) interior voxels — most of
     * them are partial-volume voxels, so a high quantile approximates the pure level — and used only
     * when those voxels are at least {@link #MIN_FAT_SHARE} of the interior (and 50) and the
     * estimate lies in [{@link #MIN_FAT_SCALE}, {@link #MAX_FAT_SCALE}]; else 1 (subcutaneous fat).
     */
    static double fatScale(float[] sig, int[] comp, byte[] side, boolean[] modelImat, boolean[] edge, int nc,
            int[] slabOf, double[][] muscleRef, double[][] fatRef, int whichSide) {
        Floats fatDominated = new Floats();
        int interior = 0;
        for (int c = 0; c < nc; c++) {
            double m = muscleRef[slabOf[c]][side[c]];
            if (side[c] != whichSide || modelImat[c] || edge[c] || Double.isNaN(m)) {
                continue;
            }
            interior++;
            double u = (sig[comp[c]] - m) / (fatRef[slabOf[c]][side[c]] - m);
            if (u >= 0.5) {
                fatDominated.add((float) u);
            }
        }
        if (fatDominated.size() < Math.max(50, MIN_FAT_SHARE * interior)) {
            return 1;
        }
        double scale = fatDominated.quantile(FAT_LEVEL_QUANTILE);
        return scale >= MIN_FAT_SCALE && scale <= MAX_FAT_SCALE ? scale : 1;
    }

    /**
     * The lean-muscle mode of a compartment's values: from the 20th percentile, repeatedly the
     * median of the values within {@link #MODE_WINDOW} of the muscle-to-fat distance — a robust
     * mode seeker that partial-volume voxels (between muscle and fat) do not pull upward.
     */
    static double muscleMode(Floats values, double fat) {
        double m = values.quantile(0.2);
        for (int it = 0; it < 10; it++) {
            double w = MODE_WINDOW * Math.abs(fat - m);
            double next = values.medianWithin(m - w, m + w);
            if (Double.isNaN(next) || Math.abs(next - m) < 1e-6 * Math.abs(fat - m)) {
                break;
            }
            m = next;
        }
        return m;
    }

    private static double fatReference(float[] img, Geometry geo, List<Ints> satBySlab, int s, double[] box,
            Floats satAll) {
        Floats near = new Floats();
        Floats slab = new Floats();
        Ints here = satBySlab.get(s);
        for (int q = 0; q < here.size(); q++) {
            int p = here.get(q);
            slab.add(img[p]);
            double x = geo.coord(0, p);
            double y = geo.coord(1, p);
            if (x >= box[0] - NEAR_MM && x <= box[1] + NEAR_MM && y >= box[2] - NEAR_MM && y <= box[3] + NEAR_MM) {
                near.add(img[p]);
            }
        }
        if (near.size() >= MIN_SAMPLES) {
            return near.quantile(0.5);
        }
        if (slab.size() >= MIN_SAMPLES) {
            return slab.quantile(0.5);
        }
        Floats wider = new Floats();
        for (int t = Math.max(0, s - 1); t <= Math.min(satBySlab.size() - 1, s + 1); t++) {
            Ints there = satBySlab.get(t);
            for (int q = 0; q < there.size(); q++) {
                wider.add(img[there.get(q)]);
            }
        }
        return wider.size() >= MIN_SAMPLES ? wider.quantile(0.5) : satAll.quantile(0.5);
    }

    /**
     * Area (cm²) of {@code kind} in the axial plane {@code z0}: each voxel contributes its volume
     * over its z extent, weighted by a triangle of that extent around {@code z0} — linear
     * interpolation between the two nearest slices of an axial grid, exact for sagittal and
     * coronal grids too.
     */
    static double areaAt(short[] lab, StructureMap map, StructureKind kind, Geometry geo, Grid grid, double z0) {
        double dz = geo.voxelExtentZ();
        double perVoxel = grid.voxelVolumeMm3() / dz;
        double sum = 0;
        for (int p = 0; p < lab.length; p++) {
            if (map.of(lab[p]).kind() == kind) {
                double w = 1 - Math.abs(geo.z(p) - z0) / dz;
                if (w > 0) {
                    sum += w * perVoxel;
                }
            }
        }
        return sum / 100;
    }
}
