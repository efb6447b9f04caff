package org.myoscreen.analysis.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.LevelAssignment;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.analysis.VertebralLevel;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * Identifies vertebral levels from the spine column of the label map, counting from the
 * lumbosacral junction upward.
 *
 * <p>Why a profile and not one component per body: a network often confuses vertebral body and
 * disc in an axial slice (their cross-sections look alike), so that the body label runs through
 * missed discs and several bodies form one component. The column (body ∪ disc voxels, 6-connected
 * components under {@link AnalysisOptions#minVertebraComponentCm3()} ignored) is therefore cut
 * into slabs one voxel extent thick along patient z, and each slab is called body or disc:
 * <ul>
 *   <li>when an image is given and the study itself shows a clear body–disc contrast, by the
 *       slab's mean intensity, divided by the median slab mean within ±{@value #LOCAL_WINDOW_MM} mm
 *       so that a bias field along z cancels: these values fall into two clusters (two-means,
 *       started from the means of the slabs the labels call body and disc); a slab nearer the
 *       disc cluster is disc. Used only when the clusters differ by at least
 *       {@value #MIN_CONTRAST} of the larger and the disc cluster holds the larger share of
 *       disc-labelled voxels, so the direction (discs brighter or darker) comes from the study,
 *       not from an assumption about the contrast;</li>
 *   <li>otherwise by the labels: disc when at least {@value #DISC_SLAB_FRACTION} of the slab's
 *       column voxels are disc.</li>
 * </ul>
 * Slabs with less than {@value #MIN_SLAB_FRACTION} of the local median column cross-section are
 * empty, and so are runs whose widest slab has less than {@value #MIN_RUN_FRACTION} of it.
 * Consecutive body slabs form a body, consecutive disc slabs a disc.
 *
 * <p>The lowest body is the sacrum, named S1 (the label may hold S1 alone or the whole sacrum, so
 * its height is no reference), when (a) exactly one disc lies between it and the body above, (b)
 * no disc lies below it (a single slab at the column's caudal end that only the image calls disc
 * is taken for partial volume), (c) the label map reaches at least
 * {@link AnalysisOptions#minMarginBelowSacrumMm()} below it — otherwise the sacrum is not in view
 * (or is not segmented) — and (d) none of its inner slabs holds {@value #DISC_HINT_FRACTION} disc
 * labels (L5 merged into it across a missed disc); else no level is named. From S1 upward the
 * bodies are L5..L1, T12..T1, C7..C1. Counting stops, with a flag, at the first junction the
 * geometry contradicts: no disc (also a gap without a disc label) or more than one disc between
 * two neighbouring bodies; a lumbar body outside {@value #MIN_LUMBAR_BODY_MM}–{@value #MAX_LUMBAR_BODY_MM} mm;
 * from L4 upward a body taller than {@link AnalysisOptions#maxBodyHeightRatio()} times the one
 * below (merged across a missed disc) or shorter than the one below divided by it squared (a body
 * split by a spurious disc); or a centre-to-centre distance more than that ratio times the one
 * below (a body missed). A contradiction between L4 and L5 leaves L5 unnamed too (L5 had no body
 * below to be checked against). A body cut by the top of the field of view is not named. Levels
 * above the contradiction are not named: a QC flag, not a guess. Stateless; thread-safe.
 */
public final class LevelFinder {

    /**
     * By the labels, a slab is disc when at least this fraction of its column voxels is disc: less
     * than half, because an oblique disc (L5/S1 under lordosis) or a thin, broken network disc
     * never fills most of an axial slab.
     */
    static final double DISC_SLAB_FRACTION = 0.3;
    /**
     * A slab of the lowest body run with at least this fraction of disc voxels (below
     * {@link #DISC_SLAB_FRACTION}) hints at a missed disc: L5 may be merged into the sacrum.
     */
    static final double DISC_HINT_FRACTION = 0.1;
    /**
     * Lumbar bodies of adults are 25–35 mm tall; these wider bounds leave room for small adults and
     * thick slices, and still catch two bodies merged across a missed disc or one split in two.
     */
    static final double MIN_LUMBAR_BODY_MM = 14;
    /** Upper bound, see {@link #MIN_LUMBAR_BODY_MM}. */
    static final double MAX_LUMBAR_BODY_MM = 45;
    /** Least relative body–disc contrast (of the larger median) for intensity to call slabs. */
    static final double MIN_CONTRAST = 0.15;
    /**
     * Slabs whose column cross-section is below this fraction of the median within
     * ±{@value #LOCAL_WINDOW_MM} mm are empty: partial-volume tips, and stray labels below the
     * sacrum or beside the column that are no body or disc cross-section.
     */
    static final double MIN_SLAB_FRACTION = 0.5;
    /** A body or disc whose widest slab is below this fraction of the local median is empty. */
    static final double MIN_RUN_FRACTION = 0.75;
    /** Half-width of the window for the local median cross-section (mm); bodies shrink cranially. */
    static final double LOCAL_WINDOW_MM = 60;

    private static final String[] NAMES = names();

    private enum Kind {
        EMPTY,
        BODY,
        DISC
    }

    /** A run of slabs of one kind: bins [from, to], voxel count, z sum. */
    private record Run(Kind kind, int from, int to, long voxels, double zSum, double zMin, double zMax) {
        double centre() {
            return zSum / voxels;
        }

        double heightMm(double dz) {
            return (to - from + 1) * dz;
        }
    }

    /** The spine column mask (body or disc voxels), its disc voxels, and whether any body is labelled. */
    private record Column(boolean[] column, boolean[] disc, boolean anyBody) {}

    /**
     * The column cut into slabs one voxel extent ({@code dz}) thick along patient z from
     * {@code zMin}: per slab the column voxels, the disc-labelled ones, their z sum and (null
     * without an image) their intensity sum; with an image, the body and disc voxel totals.
     */
    private record Profile(
            double zMin,
            double dz,
            long[] count,
            long[] discCount,
            double[] zSum,
            double[] intensitySum,
            long bodyVoxels,
            long discVoxels) {}

    /** How many bodies the upward count named, and why it stopped early, if it did. */
    private record Count(int named, Optional<String> flag) {}

    private LevelFinder() {}

    private static String[] names() {
        List<String> n = new ArrayList<>();
        n.add("S1");
        for (int l = 5; l >= 1; l--) {
            n.add("L" + l);
        }
        for (int t = 12; t >= 1; t--) {
            n.add("T" + t);
        }
        for (int c = 7; c >= 1; c--) {
            n.add("C" + c);
        }
        return n.toArray(String[]::new);
    }

    /** The levels of {@code labels} under {@code structures}, from the labels alone. */
    public static LevelAssignment find(LabelMap labels, StructureMap structures, AnalysisOptions options) {
        return find(labels, structures, Optional.empty(), options);
    }

    /**
     * The levels of {@code labels} under {@code structures}; {@code image} (on the label map's
     * grid) helps to tell bodies from discs where the study shows a clear contrast between them.
     */
    public static LevelAssignment find(
            LabelMap labels, StructureMap structures, Optional<Volume> image, AnalysisOptions options) {
        Grid grid = labels.grid();
        Column column = column(labels.labels(), structures);
        if (!column.anyBody()) {
            return unassigned("no vertebral body labels: vertebral levels not identified");
        }
        int minVoxels = Math.max(1, (int) Math.ceil(options.minVertebraComponentCm3() * 1000 / grid.voxelVolumeMm3()));
        dropSpecks(column.column(), grid, minVoxels);
        Profile profile = profile(grid, column, image.map(Volume::voxels).orElse(null));
        if (Arrays.stream(profile.count()).allMatch(c -> c == 0)) {
            return unassigned("no vertebral body larger than " + options.minVertebraComponentCm3()
                    + " cm³: vertebral levels not identified");
        }
        int window = Math.max(1, (int) Math.round(LOCAL_WINDOW_MM / profile.dz()));
        Kind[] kinds = withoutNarrowRuns(slabKinds(profile, window, minVoxels), profile, window);
        List<Run> runs = runs(kinds, profile.count(), profile.zSum(), profile.zMin(), profile.dz());
        List<Integer> bodies = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            if (runs.get(r).kind() == Kind.BODY) {
                bodies.add(r);
            }
        }
        if (bodies.isEmpty()) {
            return unassigned("no vertebral body slab in the spine column: vertebral levels not identified");
        }
        Optional<String> noSacrum = sacrumProblem(runs, bodies, profile, options);
        if (noSacrum.isPresent()) {
            return unassigned(noSacrum.get());
        }
        Count count = countUpward(runs, bodies, profile.count().length, profile.dz(), options.maxBodyHeightRatio());
        List<String> flags = new ArrayList<>();
        count.flag().ifPresent(flags::add);
        if (bodies.size() > NAMES.length) {
            flags.add("more vertebral bodies than C1–S1: levels above C1 not assigned");
        }
        return new LevelAssignment(levels(runs, bodies, count.named(), profile.dz()), flags);
    }

    private static LevelAssignment unassigned(String flag) {
        return new LevelAssignment(List.of(), List.of(flag));
    }

    /** Which voxels belong to the spine column (body or disc) and which of those are disc. */
    private static Column column(short[] l, StructureMap structures) {
        boolean[] column = new boolean[l.length];
        boolean[] disc = new boolean[l.length];
        boolean anyBody = false;
        for (int p = 0; p < l.length; p++) {
            StructureKind kind = structures.of(l[p]).kind();
            disc[p] = kind == StructureKind.DISC;
            column[p] = disc[p] || kind == StructureKind.VERTEBRA;
            anyBody |= kind == StructureKind.VERTEBRA;
        }
        return new Column(column, disc, anyBody);
    }

    /**
     * The column's slab profile along patient z. Slab 0 starts at the lowest z any grid corner
     * reaches, so that the slabs cover the whole field of view whatever the grid's orientation.
     * Intensity sums and body/disc voxel counts are kept only when {@code v} (the image's voxels)
     * is given.
     */
    private static Profile profile(Grid grid, Column column, float[] v) {
        Geometry geometry = new Geometry(grid);
        double dz = geometry.voxelExtentZ();
        double gridZMin = Double.MAX_VALUE;
        double gridZMax = -Double.MAX_VALUE;
        for (int c = 0; c < 8; c++) {
            double z = grid.worldOf(
                            (c & 1) == 0 ? 0 : grid.nx() - 1,
                            (c & 2) == 0 ? 0 : grid.ny() - 1,
                            (c & 4) == 0 ? 0 : grid.nz() - 1)[2];
            gridZMin = Math.min(gridZMin, z);
            gridZMax = Math.max(gridZMax, z);
        }
        int bins = (int) Math.round((gridZMax - gridZMin) / dz) + 1;
        long[] count = new long[bins];
        long[] discCount = new long[bins];
        double[] zSum = new double[bins];
        double[] intensitySum = new double[bins];
        long bodyVoxels = 0;
        long discVoxels = 0;
        boolean[] disc = column.disc();
        for (int p = 0; p < disc.length; p++) {
            if (!column.column()[p]) {
                continue;
            }
            double z = geometry.z(p);
            int b = Math.min(bins - 1, Math.max(0, (int) Math.round((z - gridZMin) / dz)));
            count[b]++;
            zSum[b] += z;
            if (disc[p]) {
                discCount[b]++;
            }
            if (v != null) {
                intensitySum[b] += v[p];
                if (disc[p]) {
                    discVoxels++;
                } else {
                    bodyVoxels++;
                }
            }
        }
        return new Profile(
                gridZMin, dz, count, discCount, zSum, v == null ? null : intensitySum, bodyVoxels, discVoxels);
    }

    /**
     * Each slab called empty, body or disc: by intensity where the study shows a clear body–disc
     * contrast (and enough of both labels to tell), else by the labels.
     */
    private static Kind[] slabKinds(Profile profile, int window, int minVoxels) {
        long[] count = profile.count();
        long[] discCount = profile.discCount();
        int bins = count.length;
        boolean[] present = new boolean[bins];
        for (int b = 0; b < bins; b++) {
            present[b] = count[b] > 0 && count[b] >= MIN_SLAB_FRACTION * medianNonZero(count, b - window, b + window);
        }
        double[] relative =
                profile.intensitySum() == null || profile.bodyVoxels() < minVoxels || profile.discVoxels() < minVoxels
                        ? null
                        : detrended(present, count, profile.intensitySum(), window);
        double[] centres = relative == null ? null : twoMeans(present, count, discCount, relative);
        boolean byIntensity = centres != null;
        Kind[] kinds = new Kind[bins];
        for (int b = 0; b < bins; b++) {
            if (!present[b]) {
                kinds[b] = Kind.EMPTY;
            } else if (byIntensity) {
                kinds[b] =
                        Math.abs(relative[b] - centres[1]) < Math.abs(relative[b] - centres[0]) ? Kind.DISC : Kind.BODY;
            } else {
                kinds[b] = discCount[b] >= DISC_SLAB_FRACTION * count[b] ? Kind.DISC : Kind.BODY;
            }
        }
        return kinds;
    }

    /**
     * {@code kinds} with every run whose widest slab is well below the local cross-section made
     * empty: such a run is no body or disc (stray labels below the sacrum, a partial-volume tip).
     */
    private static Kind[] withoutNarrowRuns(Kind[] kinds, Profile profile, int window) {
        long[] count = profile.count();
        Kind[] out = kinds.clone();
        for (Run r : runs(kinds, count, profile.zSum(), profile.zMin(), profile.dz())) {
            long peak = 0;
            for (int b = r.from(); b <= r.to(); b++) {
                peak = Math.max(peak, count[b]);
            }
            int centre = (r.from() + r.to()) / 2;
            if (r.kind() != Kind.EMPTY
                    && peak < MIN_RUN_FRACTION * medianNonZero(count, centre - window, centre + window)) {
                Arrays.fill(out, r.from(), r.to() + 1, Kind.EMPTY);
            }
        }
        return out;
    }

    /**
     * Why the lowest body run cannot be named S1 (conditions (a)–(d) of the class comment), or
     * empty when it can.
     */
    private static Optional<String> sacrumProblem(
            List<Run> runs, List<Integer> bodies, Profile profile, AnalysisOptions options) {
        Run lowest = runs.get(bodies.get(0));
        // A disc below the lowest body means the sacrum is not in view - unless it is one slab that
        // only the image calls disc (partial volume at the column's caudal end).
        boolean discBelow = runs.subList(0, bodies.get(0)).stream()
                .anyMatch(r -> r.kind() == Kind.DISC
                        && (r.to() > r.from() || 2 * labelledDisc(r, profile.discCount()) > r.voxels()));
        double margin = lowest.zMin() - profile.zMin();
        if (discBelow) {
            return Optional.of("lumbosacral junction not identified: a disc lies below the lowest vertebral body "
                    + "(sacrum not in view): vertebral levels not assigned");
        }
        if (margin < options.minMarginBelowSacrumMm()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "lumbosacral junction not identified: label map ends %.1f mm "
                            + "below the lowest vertebral body (minimum %.1f): vertebral levels not assigned",
                    margin,
                    options.minMarginBelowSacrumMm()));
        }
        if (bodies.size() < 2 || junction(runs, bodies.get(0), bodies.get(1)) != null) {
            return Optional.of("lumbosacral junction not identified: no single disc above the lowest vertebral body: "
                    + "vertebral levels not assigned");
        }
        return discHintInside(lowest, profile.count(), profile.discCount(), profile.zSum())
                .map(z -> String.format(
                        Locale.ROOT,
                        "lumbosacral junction not identified: disc labels inside the "
                                + "lowest vertebral body at z=%.0f mm (L5 merged into the sacrum?): vertebral levels not "
                                + "assigned",
                        z));
    }

    /**
     * Walks upward from S1: body n is named NAMES[n] while each junction below it is consistent.
     * Returns how many bodies are named and, when the walk stopped early, why.
     */
    private static Count countUpward(List<Run> runs, List<Integer> bodies, int bins, double dz, double ratio) {
        int named = 1;
        for (int n = 1; n < bodies.size() && n < NAMES.length; n++) {
            if (runs.get(bodies.get(n)).to() >= bins - 1) {
                return new Count(
                        named,
                        Optional.of("vertebral body above " + NAMES[n - 1] + " cut by the field of view: not named"));
            }
            String problem = geometryProblem(runs, bodies, n, dz, ratio);
            if (problem != null) {
                // L5 was measured against no body below (the sacrum is no reference): a contradiction
                // with L4 may be L5's own, so it is not named either.
                int last = n == 2 ? 0 : n - 1;
                return new Count(
                        last + 1,
                        Optional.of("vertebral levels above " + NAMES[last]
                                + " not assigned: geometry contradicts the count (" + problem + ")"));
            }
            named = n + 1;
        }
        return new Count(named, Optional.empty());
    }

    /**
     * Null when body n (of {@code bodies}) fits the count from the body below it, else what
     * contradicts it. The sacrum's height is no reference (one label may hold S1 alone or the
     * whole sacrum), so heights and spacings are compared from L4 (n = 2) upward.
     */
    private static String geometryProblem(List<Run> runs, List<Integer> bodies, int n, double dz, double ratio) {
        Run below = runs.get(bodies.get(n - 1));
        Run here = runs.get(bodies.get(n));
        String problem = junction(runs, bodies.get(n - 1), bodies.get(n));
        double hereHeight = here.heightMm(dz);
        double belowHeight = below.heightMm(dz);
        boolean lumbar = NAMES[n].startsWith("L");
        if (problem == null && lumbar && (hereHeight < MIN_LUMBAR_BODY_MM || hereHeight > MAX_LUMBAR_BODY_MM)) {
            problem = String.format(
                    Locale.ROOT,
                    "body height %.0f mm outside %.0f–%.0f mm for a lumbar body (%s)",
                    hereHeight,
                    MIN_LUMBAR_BODY_MM,
                    MAX_LUMBAR_BODY_MM,
                    hereHeight > MAX_LUMBAR_BODY_MM ? "merged bodies?" : "a body split by a spurious disc?");
        }
        boolean fromL4 = n >= 2;
        if (problem == null && fromL4 && hereHeight > ratio * belowHeight) {
            problem = String.format(
                    Locale.ROOT, "body height %.0f mm vs %.0f mm below (merged bodies?)", hereHeight, belowHeight);
        }
        if (problem == null && fromL4 && hereHeight * ratio * ratio < belowHeight) {
            problem = String.format(
                    Locale.ROOT,
                    "body height %.0f mm vs %.0f mm below (a body split by a " + "spurious disc?)",
                    hereHeight,
                    belowHeight);
        }
        if (problem == null && n >= 2) {
            double spacing = here.centre() - below.centre();
            double spacingBelow = below.centre() - runs.get(bodies.get(n - 2)).centre();
            if (spacing > ratio * spacingBelow) {
                problem = String.format(
                        Locale.ROOT, "centre spacing %.0f mm vs %.0f mm below (a body missed?)", spacing, spacingBelow);
            }
        }
        return problem;
    }

    /**
     * The first {@code named} body runs as levels, cranial first; a level reaches from the centre
     * of the disc below it to the centre of the disc above (S1 has no lower bound, and a body
     * without a disc above ends half a slab above its top).
     */
    private static List<VertebralLevel> levels(List<Run> runs, List<Integer> bodies, int named, double dz) {
        List<VertebralLevel> levels = new ArrayList<>();
        for (int n = 0; n < named; n++) {
            int r = bodies.get(n);
            Run b = runs.get(r);
            double lower = n == 0
                    ? Double.NEGATIVE_INFINITY
                    : discAbove(runs, bodies.get(n - 1)).orElseThrow().centre();
            double upper = discAbove(runs, r).map(Run::centre).orElse(b.zMax() + dz / 2);
            levels.add(new VertebralLevel(NAMES[n], b.zMin(), b.zMax(), b.centre(), lower, upper));
        }
        Collections.reverse(levels);
        return levels;
    }

    /**
     * The z of a slab inside body run {@code lowest} (its end slabs, partial volume, aside) whose
     * disc labels reach {@link #DISC_HINT_FRACTION} of its column voxels: a disc the slab profile
     * missed, so that the lowest body may be L5 and the sacrum together.
     */
    private static Optional<Double> discHintInside(Run lowest, long[] count, long[] discCount, double[] zSum) {
        for (int b = lowest.from() + 1; b < lowest.to(); b++) {
            if (count[b] > 0 && discCount[b] >= DISC_HINT_FRACTION * count[b]) {
                return Optional.of(zSum[b] / count[b]);
            }
        }
        return Optional.empty();
    }

    /** Null when exactly one disc and nothing else lies between body runs {@code lower} and {@code upper}, else why not. */
    private static String junction(List<Run> runs, int lower, int upper) {
        int discs = 0;
        boolean gap = false;
        for (int r = lower + 1; r < upper; r++) {
            if (runs.get(r).kind() == Kind.DISC) {
                discs++;
            } else {
                gap = true;
            }
        }
        // Empty slabs beside one disc are its partial-volume edges; a missed body shows in the spacing.
        return discs == 1 ? null : discs + " discs between the bodies" + (gap ? ", a gap without a disc label" : "");
    }

    private static long labelledDisc(Run r, long[] discCount) {
        long n = 0;
        for (int b = r.from(); b <= r.to(); b++) {
            n += discCount[b];
        }
        return n;
    }

    /** The first disc run above body run {@code body} and below the next body run. */
    private static Optional<Run> discAbove(List<Run> runs, int body) {
        for (int r = body + 1; r < runs.size() && runs.get(r).kind() != Kind.BODY; r++) {
            if (runs.get(r).kind() == Kind.DISC) {
                return Optional.of(runs.get(r));
            }
        }
        return Optional.empty();
    }

    private static List<Run> runs(Kind[] kinds, long[] count, double[] zSum, double zMin, double dz) {
        List<Run> out = new ArrayList<>();
        int b = 0;
        while (b < kinds.length) {
            int from = b;
            long voxels = 0;
            double sum = 0;
            while (b < kinds.length && kinds[b] == kinds[from]) {
                voxels += count[b];
                sum += zSum[b];
                b++;
            }
            if (kinds[from] != Kind.EMPTY || (!out.isEmpty() && b < kinds.length)) {
                // Leading and trailing empty slabs are not gaps; inner ones are.
                out.add(new Run(
                        kinds[from],
                        from,
                        b - 1,
                        Math.max(1, voxels),
                        voxels > 0 ? sum : zMin + dz * (from + b - 1) / 2.0,
                        zMin + from * dz,
                        zMin + (b - 1) * dz));
            }
        }
        return out;
    }

    private static void dropSpecks(boolean[] mask, Grid grid, int minVoxels) {
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        int plane = nx * ny;
        boolean[] seen = new boolean[mask.length];
        int[] queue = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = queue[head++];
                int i = p % nx;
                int j = (p / nx) % ny;
                int k = p / plane;
                int[] next = {
                    i > 0 ? p - 1 : -1,
                    i < nx - 1 ? p + 1 : -1,
                    j > 0 ? p - nx : -1,
                    j < ny - 1 ? p + nx : -1,
                    k > 0 ? p - plane : -1,
                    k < nz - 1 ? p + plane : -1
                };
                for (int q : next) {
                    if (q >= 0 && mask[q] && !seen[q]) {
                        seen[q] = true;
                        queue[tail++] = q;
                    }
                }
            }
            if (tail < minVoxels) {
                for (int t = 0; t < tail; t++) {
                    mask[queue[t]] = false;
                }
            }
        }
    }

    /**
     * Each present slab's mean intensity divided by the median of the present slabs' means within
     * ±{@code window} bins: a bias field varies slowly along z and cancels, while bodies (most of
     * the column) sit near 1 and discs apart from it. Null where the local median is not positive.
     */
    private static double[] detrended(boolean[] present, long[] count, double[] intensitySum, int window) {
        double[] mean = new double[present.length];
        for (int b = 0; b < present.length; b++) {
            mean[b] = present[b] ? intensitySum[b] / count[b] : Double.NaN;
        }
        double[] out = new double[present.length];
        for (int b = 0; b < present.length; b++) {
            if (!present[b]) {
                continue;
            }
            double[] near = Arrays.stream(mean, Math.max(0, b - window), Math.min(mean.length, b + window + 1))
                    .filter(x -> !Double.isNaN(x))
                    .sorted()
                    .toArray();
            double trend = near[near.length / 2];
            if (!(trend > 0)) {
                return null;
            }
            out[b] = mean[b] / trend;
        }
        return out;
    }

    /**
     * Body and disc slab values {@code [body, disc]} by two-means over the present slabs' detrended
     * intensities, started from the means of the slabs the labels call body and disc; null when the
     * study shows no clear contrast (below {@link #MIN_CONTRAST}) or when the clusters disagree with
     * the labels (the disc cluster must hold the larger share of disc-labelled voxels).
     */
    private static double[] twoMeans(boolean[] present, long[] count, long[] discCount, double[] relative) {
        double[] startSum = new double[2];
        int[] startSlabs = new int[2];
        for (int b = 0; b < present.length; b++) {
            if (present[b]) {
                int c = discCount[b] >= DISC_SLAB_FRACTION * count[b] ? 1 : 0;
                startSum[c] += relative[b];
                startSlabs[c]++;
            }
        }
        if (startSlabs[0] == 0 || startSlabs[1] == 0) {
            return null;
        }
        double body = startSum[0] / startSlabs[0];
        double disc = startSum[1] / startSlabs[1];
        long[] voxels = new long[2];
        long[] discVoxels = new long[2];
        for (int iteration = 0; iteration < 20; iteration++) {
            double[] sum = new double[2];
            int[] slabs = new int[2];
            Arrays.fill(voxels, 0);
            Arrays.fill(discVoxels, 0);
            for (int b = 0; b < present.length; b++) {
                if (!present[b]) {
                    continue;
                }
                int c = Math.abs(relative[b] - disc) < Math.abs(relative[b] - body) ? 1 : 0;
                sum[c] += relative[b];
                slabs[c]++;
                voxels[c] += count[b];
                discVoxels[c] += discCount[b];
            }
            if (slabs[0] == 0 || slabs[1] == 0) {
                return null;
            }
            body = sum[0] / slabs[0];
            disc = sum[1] / slabs[1];
        }
        boolean contrast = Math.abs(disc - body) >= MIN_CONTRAST * Math.max(Math.abs(disc), Math.abs(body));
        boolean agrees = (double) discVoxels[1] / voxels[1] > (double) discVoxels[0] / voxels[0];
        return contrast && agrees ? new double[] {body, disc} : null;
    }

    private static long medianNonZero(long[] counts, int from, int to) {
        long[] nz = Arrays.stream(counts, Math.max(0, from), Math.min(counts.length, to + 1))
                .filter(c -> c > 0)
                .sorted()
                .toArray();
        return nz.length == 0 ? 0 : nz[nz.length / 2];
    }
}
