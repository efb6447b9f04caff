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
import org.myoscreen.analysis.LevelRange;
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
    /** Half-width of the IMAT-level mode window (muscle 0, subcutaneous fat 1). */
    static final double SCALE_WINDOW = 0.1;
    /** Largest blur weight per neighbour accepted (the inverse kernel stays well conditioned below 0.25). */
    static final double MAX_BLUR_WEIGHT = 0.22;
    /** Blur estimate: the inner neighbour of a sampled edge voxel lies below this share (muscle 0, fat 1). */
    static final double LEAN_NEIGHBOUR = 0.2;
    /** Edge mask of a voxel on the grid border (neighbours unknown: classified whole). */
    static final byte AT_BORDER = (byte) 0x40;

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
        String partial = options.fractionalImat() ? "fractional share per voxel (v - muscle)/(IMAT level - muscle) on "
                + "the image with its in-slice blur undone" : "whole-voxel classification";
        if (input.images() instanceof Images.Dixon dixon) {
            method = String.format(Locale.ROOT, "Dixon fat fraction F/(F+W); IMAT volume: %s%s; lean voxels: fat "
                    + "fraction < %.0f %%", options.fractionalImat() && !sat.isEmpty() ? partial + " (fat image F)"
                    : partial, options.fractionalImat() ? "" : " at fat fraction >= "
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
            byte[] edgeFlags = edges(lab, map, grid, comp, side, nc);
            // Dixon, fractional: the fat image itself is the signal — linear in the IMAT share under
            // partial volume and blur, unlike F/(F+W) (PD of fat and muscle differ).
            boolean fatChannel = dixonInput && options.fractionalImat() && !sat.isEmpty();
            float[] split = fatChannel ? ((Images.Dixon) input.images()).pair().fat().voxels() : signal;
            double[][][] refs = new double[3][][];
            int[][] slabOfOut = new int[1][];
            String problem = classify(split, dixonInput && !fatChannel, fatChannel, geo, comp, side, modelImat,
                    edgeFlags, nc, sat, psoasVoxels, zLo, options, frac, grid, null, refs, slabOfOut);
            if (problem == null && options.fractionalImat()) {
                // In-slice blur moves IMAT signal out of the compartment and outside fat into it;
                // undo it with the kernel measured on this image, then every voxel's share counts.
                double[] w = blurWeights(split, comp, edgeFlags, modelImat, nc, slabOfOut[0], side, refs[0], refs[1],
                        grid.nx());
                if (w[0] > 0 || w[1] > 0) {
                    float[] sharp = deblur(split, grid, w);
                    problem = classify(sharp, dixonInput && !fatChannel, fatChannel, geo, comp, side, modelImat,
                            edgeFlags, nc, sat, psoasVoxels, zLo, options, frac, grid, w, refs, slabOfOut);
                } else {
                    notes.add("in-slice blur not measurable (too few compartment edges against fat): edge voxels "
                            + "classified whole, IMAT may be underestimated");
                }
            }
            if (problem != null) {
                blocking.add(problem);
                splitOk = false;
            }
        }

        // Sums per side (over the measurement range), region and level.
        LevelRange range = options.measurementRange();
        Optional<double[]> interval = range.zIntervalMm(levels);
        if (interval.isEmpty()) {
            notes.add("level range " + range.label() + " not identified (missing " + String.join(", ",
                    range.missingIn(levels).isEmpty() ? List.of("ordered ends") : range.missingIn(levels))
                    + "): lmm, imat and lmm_index summed over the whole compartment");
            range = LevelRange.WHOLE_COMPARTMENT;
            interval = range.zIntervalMm(levels);
        }
        double rangeLo = interval.get()[0];
        double rangeHi = interval.get()[1];
        List<VertebralLevel> lv = levels.levels();
        double[][] perLevel = new double[lv.size()][2];
        double[][] perSide = new double[2][2];
        for (int c = 0; c < nc; c++) {
            double fatCm3 = frac[c] * cm3;
            double z = geo.z(comp[c]);
            if (z >= rangeLo && z < rangeHi) {
                perSide[side[c]][0] += cm3 - fatCm3;
                perSide[side[c]][1] += fatCm3;
            }
            if (!lv.isEmpty()) {
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
                pmi, pmfi, leanFf, method + "; volumes over " + range.label(), range.label(), notes);
        return new Measured(m, blocking, leftCm3, rightCm3, extent, meanConfidence, satFf);
    }

    /**
     * Per compartment voxel, which 6-neighbours lie outside its side's compartment: bit 2·axis for
     * the lower and 2·axis+1 for the upper neighbour along x, y, z; {@link #AT_BORDER} when the voxel
     * touches the grid border. 0 = interior. Blur and partial volume mix outside tissue
     * (subcutaneous fat, posterior elements) into edge voxels; see {@link #classify}.
     */
    static byte[] edges(short[] lab, StructureMap map, Grid grid, int[] comp, byte[] side, int nc) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        byte[] edge = new byte[nc];
        for (int c = 0; c < nc; c++) {
            int p = comp[c];
            int i = p % nx;
            int j = (p / nx) % ny;
            int k = p / plane;
            if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == grid.nz() - 1) {
                edge[c] = AT_BORDER;
                continue;
            }
            int[] nb = {p - 1, p + 1, p - nx, p + nx, p - plane, p + plane};
            int mask = 0;
            for (int b = 0; b < 6; b++) {
                if (!same(lab, map, nb[b], side[c])) {
                    mask |= 1 << b;
                }
            }
            edge[c] = (byte) mask;
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
     * Calibrates per cranio-caudal slab and side: muscle = the lean mode of the compartment's
     * values ({@link #muscleMode}); fat = median of the subcutaneous fat near that side's
     * compartment (Dixon without a subcutaneous fat label: fat fraction 1); where the compartment
     * has no lean mode (all fat) the psoas median is the muscle reference (Dixon without psoas: fat
     * fraction 0, fat image 0). Then fills {@code frac}: fractional mode
     * {@code (v − muscle) / (IMAT level − muscle)} clamped to [−1, 2] per voxel only against
     * outliers (no clamp to [0, 1], which would bias noisy lean voxels upward). On the first pass
     * ({@code deblurred == null}) edge voxels (see {@link #edges}) are whole: 1 at or above the
     * midpoint, else 0, and the IMAT level is {@link #fatScale} of the blurred image; on the second
     * pass {@code sig} is the deblurred image, the calibration of the first pass (passed in
     * {@code refsOut}) is kept, every voxel but those on the grid border takes its share, and the
     * IMAT level is {@link #sharpFatScale}. Voxel mode: every voxel whole (Dixon: at or above the
     * fat fraction rule). Model-labelled IMAT is 1. Returns a blocking problem or null; leaves
     * muscle, fat and IMAT-level references and the slab of each voxel in {@code refsOut} and
     * {@code slabOfOut}.
     */
    private static String classify(float[] sig, boolean dixon, boolean fatChannel, Geometry geo, int[] comp, byte[] side,
            boolean[] modelImat, byte[] edge, int nc, Ints sat, Ints psoas, double zLo,
            AnalysisOptions options, double[] frac, Grid grid, double[] deblurred, double[][][] refsOut,
            int[][] slabOfOut) {
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
                } else if (fatChannel && Double.isNaN(psoasRef) && m > 0.5 * f) {
                    m = 0; // Dixon fat image, all fat and no psoas: lean muscle has (almost) no fat signal
                }
                boolean contrastOk = dixon ? f - m >= 0.3 : f >= MIN_FAT_TO_MUSCLE * m && f > 0;
                if (fatChannel && !contrastOk && m == 0) {
                    contrastOk = f > 0;
                }
                if (!contrastOk) {
                    return String.format(Locale.ROOT, "%s: subcutaneous fat (%.2f) not clearly above muscle (%.2f): "
                            + "IMAT not computed", dixon ? "Dixon fat fraction" : fatChannel ? "Dixon fat signal"
                            : "single contrast", f, m);
                }
                muscleRef[s][d] = m;
                fatRef[s][d] = f;
            }
        }
        double[] fatScale = {fatScale(sig, comp, side, modelImat, edge, nc, slabOf, muscleRef, fatRef, 0),
            fatScale(sig, comp, side, modelImat, edge, nc, slabOf, muscleRef, fatRef, 1)};
        if (deblurred != null) {
            // Calibration from the image as acquired: deblurring amplifies noise, which would
            // widen the muscle mode and the fat-dominated tail; homogeneous levels are unchanged.
            muscleRef = refsOut[0];
            fatRef = refsOut[1];
            fatScale = new double[] {sharpFatScale(sig, comp, side, modelImat, edge, nc, slabOf, muscleRef, fatRef, 0,
                    grid.nx() * grid.ny()),
                sharpFatScale(sig, comp, side, modelImat, edge, nc, slabOf, muscleRef, fatRef, 1, grid.nx() * grid.ny())};
        }
        refsOut[0] = muscleRef;
        refsOut[1] = fatRef;
        refsOut[2] = new double[][] {fatScale};
        slabOfOut[0] = slabOf;
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
            } else if (options.fractionalImat() && edge[c] == 0) {
                frac[c] = Math.max(-1, Math.min(2, (v - m) / (f - m)));
            } else if (options.fractionalImat() && edge[c] != AT_BORDER && deblurred != null) {
                frac[c] = Math.max(-1, Math.min(2, (v - m) / (f - m)));
            } else {
                frac[c] = v >= threshold ? 1 : 0;
            }
        }
        return null;
    }

    /**
     * The in-slice blur kernel {@code [w, 1 − 2w, w]} per axis, measured on this image. Where a lean
     * edge voxel p has one outside neighbour q of clearly brighter tissue (fat), the kernel gives
     * {@code v(p) − muscle = w·(s(q) − muscle)} and {@code v(q) − muscle = (1 − w)·(s(q) − muscle)},
     * so {@code r = (v(p) − muscle) / (v(q) − muscle) = w / (1 − w)}. r is the mode of the ratios over
     * such voxels (robust to the IMAT voxels among them, which lie above); {@code w = r / (1 + r)},
     * clamped to [0, {@link #MAX_BLUR_WEIGHT}]. An axis with fewer than {@link #MIN_SAMPLES} such
     * voxels gets 0.
     */
    static double[] blurWeights(float[] sig, int[] comp, byte[] edge, boolean[] modelImat, int nc,
            int[] slabOf, byte[] side, double[][] muscleRef, double[][] fatRef, int nx) {
        Floats[] ratios = {new Floats(), new Floats()};
        for (int c = 0; c < nc; c++) {
            byte mask = edge[c];
            if (modelImat[c] || mask == 0 || mask == AT_BORDER || Integer.bitCount(mask & 0x3F) != 1
                    || (mask & 0x0F) == 0) {
                continue;
            }
            double m = muscleRef[slabOf[c]][side[c]];
            double f = fatRef[slabOf[c]][side[c]];
            if (Double.isNaN(m)) {
                continue;
            }
            int b = Integer.numberOfTrailingZeros(mask);
            int p = comp[c];
            int q = p + ((b & 1) == 0 ? -1 : 1) * ((b >> 1) == 0 ? 1 : nx);
            double d = sig[q] - m;
            // The voxel on the other side (inside) must look lean, so that p is not in an IMAT
            // patch at the fascia (which would inflate the ratio).
            int inner = 2 * p - q;
            if (d < 0.5 * (f - m) || (sig[inner] - m) > LEAN_NEIGHBOUR * (f - m)) {
                continue;
            }
            ratios[b >> 1].add((float) ((sig[p] - m) / d));
        }
        // One weight for both in-slice axes: pooling doubles the samples, and the ratio is noisy.
        Floats pooled = new Floats();
        pooled.addAll(ratios[0]);
        pooled.addAll(ratios[1]);
        double[] w = new double[2];
        if (pooled.size() >= MIN_SAMPLES) {
            double mode = pooled.quantile(0.3);
            for (int it = 0; it < 20; it++) {
                double next = pooled.medianWithin(mode - 0.05, mode + 0.05);
                if (Double.isNaN(next) || Math.abs(next - mode) < 1e-4) {
                    break;
                }
                mode = next;
            }
            double r = Math.max(0, mode);
            w[0] = Math.min(MAX_BLUR_WEIGHT, r / (1 + r));
            w[1] = w[0];
        }
        return w;
    }

    /**
     * The image with the in-slice kernel {@code [w, 1 − 2w, w]} (per axis, edges replicated)
     * undone: per row and per column a tridiagonal solve (diagonally dominant for w < 0.25, so
     * exact and stable; noise is amplified, which the sums over many voxels average out).
     */
    static float[] deblur(float[] img, Grid grid, double[] w) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        float[] out = img.clone();
        int nz = grid.nz();
        java.util.stream.IntStream.range(0, nz).parallel().forEach(k -> {
            double[] line = new double[Math.max(nx, ny)];
            double[] scratch = new double[line.length];
            for (int axis = 0; axis < 2; axis++) {
                if (w[axis] <= 0) {
                    continue;
                }
                int n = axis == 0 ? nx : ny;
                int lines = axis == 0 ? ny : nx;
                int stride = axis == 0 ? 1 : nx;
                for (int l = 0; l < lines; l++) {
                    int base = k * plane + (axis == 0 ? l * nx : l);
                    for (int i = 0; i < n; i++) {
                        line[i] = out[base + i * stride];
                    }
                    solveTridiagonal(line, scratch, n, w[axis]);
                    for (int i = 0; i < n; i++) {
                        out[base + i * stride] = (float) line[i];
                    }
                }
            }
        });
        return out;
    }

    /** Solves {@code [w, 1 − 2w, w] x = y} in place (first and last row: {@code 1 − w, w}). */
    static void solveTridiagonal(double[] y, double[] cPrime, int n, double w) {
        if (n == 1) {
            return;
        }
        double diag = 1 - 2 * w;
        double b0 = 1 - w;
        cPrime[0] = w / b0;
        y[0] = y[0] / b0;
        for (int i = 1; i < n; i++) {
            double b = i == n - 1 ? 1 - w : diag;
            double den = b - w * cPrime[i - 1];
            cPrime[i] = w / den;
            y[i] = (y[i] - w * y[i - 1]) / den;
        }
        for (int i = n - 2; i >= 0; i--) {
            y[i] -= cPrime[i] * y[i + 1];
        }
    }

    /**
     * One side's own pure-fat (IMAT) level on the deblurred image, relative to subcutaneous fat
     * (muscle 0, subcutaneous fat 1): the mode of the fat-dominated (≥ 0.5) voxels' values, each
     * averaged with its two through-plane neighbours where both are in the compartment
     * ({@code plane} = voxels per slice; 0: no averaging) — once blur is undone, voxels wholly
     * inside IMAT form a peak at IMAT's own level. Used when those
     * voxels are at least {@link #MIN_FAT_SHARE} of the side (and 50) and the mode lies in
     * [{@link #MIN_FAT_SCALE}, {@link #MAX_FAT_SCALE}]; else 1.
     */
    static double sharpFatScale(float[] sig, int[] comp, byte[] side, boolean[] modelImat, byte[] edge, int nc,
            int[] slabOf, double[][] muscleRef, double[][] fatRef, int whichSide, int plane) {
        Floats fatDominated = new Floats();
        int count = 0;
        for (int c = 0; c < nc; c++) {
            double m = muscleRef[slabOf[c]][side[c]];
            if (side[c] != whichSide || modelImat[c] || edge[c] == AT_BORDER || Double.isNaN(m)) {
                continue;
            }
            count++;
            double v = sig[comp[c]];
            if (plane > 0) {
                // Averaged with its two through-plane neighbours (IMAT extends further along the
                // spine than across it): a third of the noise variance that deblurring amplified.
                if ((edge[c] & 0x30) != 0) {
                    continue;
                }
                v = (sig[comp[c] - plane] + v + sig[comp[c] + plane]) / 3;
            }
            double u = (v - m) / (fatRef[slabOf[c]][side[c]] - m);
            if (u >= 0.5) {
                fatDominated.add((float) u);
            }
        }
        if (fatDominated.size() < Math.max(50, MIN_FAT_SHARE * count)) {
            return 1;
        }
        double mode = fatDominated.quantile(0.5);
        for (int it = 0; it < 20; it++) {
            double next = fatDominated.medianWithin(mode - SCALE_WINDOW, mode + SCALE_WINDOW);
            if (Double.isNaN(next) || Math.abs(next - mode) < 1e-4) {
                break;
            }
            mode = next;
        }
        return mode >= MIN_FAT_SCALE && mode <= MAX_FAT_SCALE ? mode : 1;
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
    static double fatScale(float[] sig, int[] comp, byte[] side, boolean[] modelImat, byte[] edge, int nc,
            int[] slabOf, double[][] muscleRef, double[][] fatRef, int whichSide) {
        Floats fatDominated = new Floats();
        int interior = 0;
        for (int c = 0; c < nc; c++) {
            double m = muscleRef[slabOf[c]][side[c]];
            if (side[c] != whichSide || modelImat[c] || edge[c] != 0 || Double.isNaN(m)) {
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
