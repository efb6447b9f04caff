package org.myoscreen.analysis.internal;

import static org.myoscreen.analysis.internal.IntensityModes.MIN_FAT_TO_MUSCLE;
import static org.myoscreen.analysis.internal.IntensityModes.MIN_SAMPLES;
import static org.myoscreen.analysis.internal.IntensityModes.NEAR_MM;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.myoscreen.analysis.AnalysisInput;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.Images;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives a subcutaneous-fat mask from a single-contrast image (fat bright: T2 HASTE, T1) when the
 * segmentation has no subcutaneous-fat label, so the per-patient IMAT threshold can still be
 * calibrated. Only the fat <em>intensity</em> is needed (the median of the mask near each
 * compartment), so the mask favours precision over completeness:
 *
 * <ol>
 *   <li>body = voxels above half the muscle level (the paraspinal compartment's 25th percentile),
 *       holes (lungs, bowel gas) filled per slice;</li>
 *   <li>the body wall = body voxels between one pixel (skin and air partial volume) and
 *       {@link #MAX_DEPTH_MM} from the body outline in the slice plane, with no label and no
 *       labelled in-plane neighbour, within {@link IntensityModes#NEAR_MM} of the compartments'
 *       bounding box per cranio-caudal slab;</li>
 *   <li>per slab (bias fields vary slowly): the wall's intensities are split in two classes
 *       (Otsu); the fat mode is sought from the bright class's median (repeated median within
 *       ±{@link #MODE_WINDOW} of the muscle-to-fat distance), anchored by the slab's muscle level;
 *       the slab counts only when that mode is at least {@link IntensityModes#MIN_FAT_TO_MUSCLE} ×
 *       muscle, clearly more populated than the midpoint between them (a real second mode, not a
 *       tail) and holds at least {@link IntensityModes#MIN_SAMPLES} voxels;</li>
 *   <li>the mask = wall voxels within ±{@link #KEEP_WINDOW} of that distance around the fat mode
 *       (symmetric, so its median is the fat mode; partial-volume voxels at the skin and fascia and
 *       intermediate tissue such as kidney or bowel are left out).</li>
 * </ol>
 *
 * <p>Stateless; thread-safe.
 */
public final class SubcutaneousFatFinder {

    private static final Logger LOG = LoggerFactory.getLogger(SubcutaneousFatFinder.class);
    /** Deepest wall voxel, in mm from the body outline in the slice plane. */
    static final double MAX_DEPTH_MM = 30;
    /** Half-width of the fat-mode seeking window, as a share of the muscle-to-fat distance. */
    static final double MODE_WINDOW = 0.1;
    /** Half-width of the kept band around the fat mode, as a share of the muscle-to-fat distance. */
    static final double KEEP_WINDOW = 0.25;
    /** The fat mode must hold at least this many times the voxels of an equal band at the midpoint. */
    static final double MIN_MODE_TO_VALLEY = 2;
    /** Muscle level: this quantile of the slab's compartment voxels (lean voxels dominate it). */
    static final double MUSCLE_QUANTILE = 0.25;
    /** The flag a study carries when its fat reference was derived. */
    static final String DERIVED_FLAG =
            "subcutaneous fat reference derived from the image (no subcutaneous fat " + "label in the segmentation)";

    private SubcutaneousFatFinder() {}

    /**
     * A derived mask.
     *
     * @param mask per voxel: derived subcutaneous fat
     * @param voxels number of mask voxels
     * @param slabsFound slabs with a credible fat rim
     * @param slabs slabs examined
     * @param reason why the mask is empty (empty string when not)
     */
    public record Found(boolean[] mask, int voxels, int slabsFound, int slabs, String reason) {}

    /**
     * The input to measure and the flags to add: {@code input} with a derived subcutaneous-fat
     * structure when it is single contrast, has no subcutaneous-fat label and the image shows a
     * credible fat rim; else {@code input} unchanged (with a reason flag when a rim was sought but
     * not found).
     *
     * @param input the study
     * @param derived the input to measure
     * @param flags what to add to {@code qc.flags}
     */
    public record Supplemented(AnalysisInput input, AnalysisInput derived, List<String> flags) {
        /** Copies the list. */
        public Supplemented {
            flags = List.copyOf(flags);
        }
    }

    /** See {@link Supplemented}. */
    public static Supplemented supplement(AnalysisInput input, AnalysisOptions options) {
        if (!(input.images() instanceof Images.SingleContrast single)
                || input.structures().has(StructureKind.SUBCUTANEOUS_FAT)) {
            return new Supplemented(input, input, List.of());
        }
        long t0 = System.nanoTime();
        Found found = find(single.image().voxels(), input.labels(), input.structures(), options.slabThicknessMm());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (found.voxels() == 0) {
            LOG.warn("event=subcutaneous_fat_not_derived reason=\"{}\" ms={}", found.reason(), ms);
            return new Supplemented(
                    input, input, List.of("subcutaneous fat could not be derived from the image: " + found.reason()));
        }
        int free = freeLabel(input.structures());
        short[] lab = input.labels().labels().clone();
        boolean[] mask = found.mask();
        for (int p = 0; p < lab.length; p++) {
            if (mask[p]) {
                lab[p] = (short) free;
            }
        }
        Map<Integer, Structure> byLabel = new HashMap<>(input.structures().labels());
        byLabel.put(free, Structure.of(StructureKind.SUBCUTANEOUS_FAT, Laterality.NONE));
        AnalysisInput derived = new AnalysisInput(
                input.images(),
                new LabelMap(input.labels().grid(), lab),
                StructureMap.of(byLabel),
                input.patient(),
                input.confidence());
        LOG.info(
                "event=subcutaneous_fat_derived voxels={} slabs_found={} slabs={} ms={}",
                found.voxels(),
                found.slabsFound(),
                found.slabs(),
                ms);
        return new Supplemented(
                input,
                derived,
                List.of(String.format(
                        Locale.ROOT,
                        "%s: %d voxels in %d of %d slabs",
                        DERIVED_FLAG,
                        found.voxels(),
                        found.slabsFound(),
                        found.slabs())));
    }

    /** A label value the map does not use (the highest free one). */
    private static int freeLabel(StructureMap map) {
        for (int v = 65535; v >= 1; v--) {
            if (!map.labels().containsKey(v)) {
                return v;
            }
        }
        throw new IllegalStateException("no free label value in " + map);
    }

    /**
     * Derives the mask from {@code img} (fat bright) and the label map; see the class comment.
     * Voxels with any non-zero label are never in the mask.
     */
    public static Found find(float[] img, LabelMap labels, StructureMap map, double slabMm) {
        Grid grid = labels.grid();
        Geometry geo = new Geometry(grid);
        short[] lab = labels.labels();
        int n = lab.length;
        Ints comp = new Ints();
        double zLo = Double.MAX_VALUE;
        for (int p = 0; p < n; p++) {
            StructureKind k = map.of(lab[p]).kind();
            if (k == StructureKind.PARASPINAL || k == StructureKind.IMAT) {
                comp.add(p);
                zLo = Math.min(zLo, geo.z(p));
            }
        }
        if (comp.size() < MIN_SAMPLES) {
            return new Found(new boolean[n], 0, 0, 0, "no paraspinal compartment to anchor the muscle level");
        }
        int slabs = 1;
        for (int q = 0; q < comp.size(); q++) {
            slabs = Math.max(slabs, slabOf(geo.z(comp.get(q)), zLo, slabMm) + 1);
        }
        Slabs slabbing = new Slabs(zLo, slabMm, slabs);
        CompartmentSamples samples = compartmentSamples(img, comp, geo, slabbing);
        double muscleAll = samples.all().quantile(MUSCLE_QUANTILE);
        if (!(muscleAll > 0)) {
            return new Found(new boolean[n], 0, 0, slabs, "paraspinal muscle has no signal");
        }
        float[] depth = depthMm(img, grid, 0.5 * muscleAll);
        List<Ints> wall = wallVoxels(lab, depth, grid, geo, samples.box(), slabbing);
        return rim(img, n, wall, samples.muscle(), muscleAll);
    }

    /**
     * Cranio-caudal slabs of the compartment.
     *
     * @param zLoMm lowest compartment voxel centre
     * @param slabMm slab thickness
     * @param count number of slabs
     */
    private record Slabs(double zLoMm, double slabMm, int count) {
        int of(double z) {
            return slabOf(z, zLoMm, slabMm);
        }
    }

    /**
     * The compartment's values per slab and overall, and its in-plane bounding box per slab
     * ({xmin, xmax, ymin, ymax}).
     */
    private record CompartmentSamples(Floats[] muscle, double[][] box, Floats all) {}

    private static CompartmentSamples compartmentSamples(float[] img, Ints comp, Geometry geo, Slabs slabs) {
        Floats all = new Floats();
        Floats[] muscle = new Floats[slabs.count()];
        double[][] box = new double[slabs.count()][];
        for (int s = 0; s < slabs.count(); s++) {
            muscle[s] = new Floats();
            box[s] = new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        }
        for (int q = 0; q < comp.size(); q++) {
            int p = comp.get(q);
            int s = slabs.of(geo.z(p));
            muscle[s].add(img[p]);
            all.add(img[p]);
            double x = geo.coord(0, p);
            double y = geo.coord(1, p);
            double[] b = box[s];
            b[0] = Math.min(b[0], x);
            b[1] = Math.max(b[1], x);
            b[2] = Math.min(b[2], y);
            b[3] = Math.max(b[3], y);
        }
        return new CompartmentSamples(muscle, box, all);
    }

    /** The body-wall voxels per slab (step 2 of the class comment). */
    private static List<Ints> wallVoxels(
            short[] lab, float[] depth, Grid grid, Geometry geo, double[][] box, Slabs slabs) {
        List<Ints> wall = new ArrayList<>();
        for (int s = 0; s < slabs.count(); s++) {
            wall.add(new Ints());
        }
        int nx = grid.nx();
        int ny = grid.ny();
        double[] sp = grid.spacingMm();
        double minDepth = Math.max(sp[0], sp[1]);
        for (int p = 0; p < lab.length; p++) {
            if (lab[p] != 0 || depth[p] <= minDepth || depth[p] > MAX_DEPTH_MM) {
                continue;
            }
            int s = slabs.of(geo.z(p));
            if (s < 0 || s >= slabs.count() || box[s][0] > box[s][1]) {
                continue;
            }
            double x = geo.coord(0, p);
            double y = geo.coord(1, p);
            double[] b = box[s];
            double near = NEAR_MM;
            if (x < b[0] - near || x > b[1] + near || y < b[2] - near || y > b[3] + near) {
                continue;
            }
            if (labelledNeighbour(lab, p, nx, ny)) {
                continue;
            }
            wall.get(s).add(p);
        }
        return wall;
    }

    /** The mask (steps 3 and 4 of the class comment) over an image of {@code n} voxels. */
    private static Found rim(float[] img, int n, List<Ints> wall, Floats[] muscle, double muscleAll) {
        boolean[] mask = new boolean[n];
        int found = 0;
        int voxels = 0;
        String lastReason = "no body wall voxels near the paraspinal compartments";
        for (int s = 0; s < wall.size(); s++) {
            Ints w = wall.get(s);
            Floats values = new Floats();
            for (int q = 0; q < w.size(); q++) {
                values.add(img[w.get(q)]);
            }
            double m = muscle[s].size() >= MIN_SAMPLES ? muscle[s].quantile(MUSCLE_QUANTILE) : muscleAll;
            double[] band = fatBand(values, m);
            if (band.length == 1) {
                lastReason = String.format(Locale.ROOT, "slab %d: %s", s, reasonText(band[0], values, m));
                continue;
            }
            found++;
            for (int q = 0; q < w.size(); q++) {
                int p = w.get(q);
                if (img[p] >= band[0] && img[p] <= band[1]) {
                    mask[p] = true;
                    voxels++;
                }
            }
        }
        String reason = found == 0 ? "no fat rim clearly brighter than muscle in any slab (" + lastReason + ")" : "";
        return new Found(mask, voxels, found, wall.size(), reason);
    }

    private static int slabOf(double z, double zLo, double slabMm) {
        return (int) Math.floor((z - zLo) / slabMm);
    }

    private static boolean labelledNeighbour(short[] lab, int p, int nx, int ny) {
        int i = p % nx;
        int j = (p / nx) % ny;
        for (int dj = -1; dj <= 1; dj++) {
            for (int di = -1; di <= 1; di++) {
                int ii = i + di;
                int jj = j + dj;
                if (ii >= 0 && jj >= 0 && ii < nx && jj < ny && lab[p + di + dj * nx] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Codes for why a slab has no band (returned as a one-element array). */
    private static final double TOO_FEW = 0;

    private static final double NOT_BRIGHTER = 1;
    private static final double NO_MODE = 2;

    private static String reasonText(double code, Floats values, double m) {
        if (code == TOO_FEW) {
            return values.size() + " body-wall voxels (fewer than " + MIN_SAMPLES + ")";
        }
        if (code == NOT_BRIGHTER) {
            return String.format(
                    Locale.ROOT, "brightest body-wall mode not %.1f x muscle (%.0f)", MIN_FAT_TO_MUSCLE, m);
        }
        return "no distinct bright mode in the body wall";
    }

    /**
     * The kept intensity band {lo, hi} around the fat mode of {@code values}, or a one-element
     * array with the reason code when the slab shows no credible fat rim.
     */
    static double[] fatBand(Floats values, double muscle) {
        if (values.size() < MIN_SAMPLES) {
            return new double[] {TOO_FEW};
        }
        double t = otsu(values);
        Floats bright = new Floats();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) > t) {
                bright.add(values.get(i));
            }
        }
        if (bright.size() < MIN_SAMPLES) {
            return new double[] {TOO_FEW};
        }
        double f = IntensityModes.seekRelative(values, bright.quantile(0.5), muscle, MODE_WINDOW, 20);
        if (!(f >= MIN_FAT_TO_MUSCLE * muscle) || !(f > 0)) {
            return new double[] {NOT_BRIGHTER};
        }
        double d = f - muscle;
        double mid = muscle + 0.5 * d;
        int atMode = count(values, f - MODE_WINDOW * d, f + MODE_WINDOW * d);
        int atMid = count(values, mid - MODE_WINDOW * d, mid + MODE_WINDOW * d);
        double lo = f - KEEP_WINDOW * d;
        double hi = f + KEEP_WINDOW * d;
        if (atMode < MIN_MODE_TO_VALLEY * atMid || count(values, lo, hi) < MIN_SAMPLES) {
            return new double[] {NO_MODE};
        }
        return new double[] {lo, hi};
    }

    private static int count(Floats values, double lo, double hi) {
        int c = 0;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) >= lo && values.get(i) <= hi) {
                c++;
            }
        }
        return c;
    }

    /** Otsu's two-class threshold on a 256-bin histogram between the 0.5th and 99.5th percentile. */
    static double otsu(Floats values) {
        double lo = values.quantile(0.005);
        double hi = values.quantile(0.995);
        if (!(hi > lo)) {
            // All (nearly) equal: one class, kept whole as the bright one.
            return Math.nextDown(lo);
        }
        int bins = 256;
        double[] hist = new double[bins];
        for (int i = 0; i < values.size(); i++) {
            int b = (int) ((values.get(i) - lo) / (hi - lo) * (bins - 1));
            hist[Math.max(0, Math.min(bins - 1, b))]++;
        }
        double total = values.size();
        double sumAll = 0;
        for (int b = 0; b < bins; b++) {
            sumAll += b * hist[b];
        }
        double w0 = 0;
        double sum0 = 0;
        double best = -1;
        int bestB = 0;
        for (int b = 0; b < bins - 1; b++) {
            w0 += hist[b];
            sum0 += b * hist[b];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) {
                continue;
            }
            double mu0 = sum0 / w0;
            double mu1 = (sumAll - sum0) / w1;
            double between = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
            if (between > best) {
                best = between;
                bestB = b;
            }
        }
        return lo + (bestB + 0.5) * (hi - lo) / (bins - 1);
    }

    /**
     * In-plane distance (mm) of each body voxel to the nearest voxel outside the body; 0 outside.
     * Body = above {@code threshold}, with holes (regions not connected to the slice border) filled
     * per slice. Exact Euclidean distance transform (separable, lower envelope of parabolas).
     */
    static float[] depthMm(float[] img, Grid grid, double threshold) {
        int nx = grid.nx();
        int ny = grid.ny();
        int plane = nx * ny;
        double[] sp = grid.spacingMm();
        float[] out = new float[img.length];
        java.util.stream.IntStream.range(0, grid.nz()).parallel().forEach(k -> {
            int base = k * plane;
            boolean[] outside = new boolean[plane];
            int[] stack = new int[plane];
            int top = 0;
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    if ((i == 0 || j == 0 || i == nx - 1 || j == ny - 1) && !(img[base + i + j * nx] > threshold)) {
                        int p = i + j * nx;
                        if (!outside[p]) {
                            outside[p] = true;
                            stack[top++] = p;
                        }
                    }
                }
            }
            while (top > 0) {
                int p = stack[--top];
                int i = p % nx;
                int j = p / nx;
                int[] nb = {i > 0 ? p - 1 : -1, i < nx - 1 ? p + 1 : -1, j > 0 ? p - nx : -1, j < ny - 1 ? p + nx : -1};
                for (int q : nb) {
                    if (q >= 0 && !outside[q] && !(img[base + q] > threshold)) {
                        outside[q] = true;
                        stack[top++] = q;
                    }
                }
            }
            double inf = 1e20;
            double[] g = new double[plane];
            for (int p = 0; p < plane; p++) {
                g[p] = outside[p] ? 0 : inf;
            }
            // Rows then columns: squared distances with the pixel spacing of each axis.
            double[] f = new double[Math.max(nx, ny)];
            double[] d = new double[Math.max(nx, ny)];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    f[i] = g[i + j * nx];
                }
                edt1d(f, nx, sp[0], d);
                for (int i = 0; i < nx; i++) {
                    g[i + j * nx] = d[i];
                }
            }
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    f[j] = g[i + j * nx];
                }
                edt1d(f, ny, sp[1], d);
                for (int j = 0; j < ny; j++) {
                    double v = d[j];
                    // No outside voxel in the slice: the body fills it; depth unknown, treated as deep.
                    out[base + i + j * nx] = v >= inf / 2 ? Float.MAX_VALUE : (float) Math.sqrt(v);
                }
            }
        });
        return out;
    }

    /** 1-D squared distance transform of {@code f} (n samples, spacing h) into {@code d}. */
    private static void edt1d(double[] f, int n, double h, double[] d) {
        int[] v = new int[n];
        double[] z = new double[n + 1];
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        double h2 = h * h;
        for (int q = 1; q < n; q++) {
            double s;
            while (true) {
                int r = v[k];
                s = ((f[q] + h2 * q * q) - (f[r] + h2 * r * r)) / (2 * h2 * (q - r));
                if (s <= z[k] && k > 0) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = h * (q - v[k]);
            d[q] = dq * dq + f[v[k]];
        }
    }

    /** For tests: the mask as a count per slice index k. */
    static int[] perSlice(boolean[] mask, Grid grid) {
        int[] c = new int[grid.nz()];
        int plane = grid.nx() * grid.ny();
        for (int p = 0; p < mask.length; p++) {
            if (mask[p]) {
                c[p / plane]++;
            }
        }
        return c;
    }
}
