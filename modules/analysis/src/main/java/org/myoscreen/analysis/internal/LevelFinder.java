package org.myoscreen.analysis.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.LevelAssignment;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.analysis.VertebralLevel;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;

/**
 * Identifies vertebral levels from vertebral body and disc labels, counting from the lumbosacral
 * junction upward.
 *
 * <p>Rules: vertebral bodies and discs are 6-connected components of their labels (specks below
 * {@link AnalysisOptions#minVertebraComponentCm3()} ignored), ordered by centroid z. The lowest
 * body is S1 when (a) exactly one disc lies between it and the body above, (b) no disc lies below
 * it and (c) the label map reaches at least {@link AnalysisOptions#minMarginBelowSacrumMm()} below
 * it — otherwise the sacrum is not in view (or is not segmented) and no level is named. From S1
 * upward the bodies are L5..L1, T12..T1, C7..C1. Counting stops, with a flag, at the first
 * junction the geometry contradicts: no disc or more than one disc between two neighbouring bodies,
 * or a body taller than {@link AnalysisOptions#maxBodyHeightRatio()} times the one below (two
 * bodies merged across a missed disc). Levels above the contradiction are not named: a QC flag,
 * not a guess. Stateless; thread-safe.
 */
public final class LevelFinder {

    private static final String[] NAMES = names();

    private LevelFinder() {
    }

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

    /** The levels of {@code labels} under {@code structures}. */
    public static LevelAssignment find(LabelMap labels, StructureMap structures, AnalysisOptions options) {
        Grid grid = labels.grid();
        short[] l = labels.labels();
        boolean[] body = new boolean[l.length];
        boolean[] disc = new boolean[l.length];
        boolean anyBody = false;
        for (int p = 0; p < l.length; p++) {
            StructureKind kind = structures.of(l[p]).kind();
            body[p] = kind == StructureKind.VERTEBRA;
            disc[p] = kind == StructureKind.DISC;
            anyBody |= body[p];
        }
        List<String> flags = new ArrayList<>();
        if (!anyBody) {
            flags.add("no vertebral body labels: vertebral levels not identified");
            return new LevelAssignment(List.of(), flags);
        }
        int minVoxels = Math.max(1, (int) Math.ceil(options.minVertebraComponentCm3() * 1000 / grid.voxelVolumeMm3()));
        Comparator<Components.Component> caudalFirst = Comparator.comparingDouble(Components.Component::zCentroid);
        List<Components.Component> bodies = new ArrayList<>(Components.find(body, grid, minVoxels));
        List<Components.Component> discs = new ArrayList<>(Components.find(disc, grid, minVoxels));
        bodies.sort(caudalFirst);
        discs.sort(caudalFirst);
        Geometry geometry = new Geometry(grid);
        double dz = geometry.voxelExtentZ();
        double gridZMin = Double.MAX_VALUE;
        for (int c = 0; c < 8; c++) {
            double z = grid.worldOf((c & 1) == 0 ? 0 : grid.nx() - 1, (c & 2) == 0 ? 0 : grid.ny() - 1,
                    (c & 4) == 0 ? 0 : grid.nz() - 1)[2];
            gridZMin = Math.min(gridZMin, z);
        }
        if (bodies.isEmpty()) {
            flags.add("no vertebral body larger than " + options.minVertebraComponentCm3()
                    + " cm³: vertebral levels not identified");
            return new LevelAssignment(List.of(), flags);
        }
        Components.Component lowest = bodies.get(0);
        long discsBelow = discs.stream().filter(d -> d.zCentroid() < lowest.zCentroid()).count();
        double margin = lowest.zMin() - gridZMin;
        if (discsBelow > 0) {
            flags.add("lumbosacral junction not identified: a disc lies below the lowest vertebral body "
                    + "(sacrum not in view): vertebral levels not assigned");
            return new LevelAssignment(List.of(), flags);
        }
        if (margin < options.minMarginBelowSacrumMm()) {
            flags.add(String.format(Locale.ROOT, "lumbosacral junction not identified: label map ends %.1f mm below the "
                    + "lowest vertebral body (minimum %.1f): vertebral levels not assigned", margin,
                    options.minMarginBelowSacrumMm()));
            return new LevelAssignment(List.of(), flags);
        }
        if (bodies.size() < 2 || discsBetween(discs, bodies.get(0), bodies.get(1)) != 1) {
            flags.add("lumbosacral junction not identified: no single disc above the lowest vertebral body: "
                    + "vertebral levels not assigned");
            return new LevelAssignment(List.of(), flags);
        }
        // Walk upward: body n is named NAMES[n] while each junction below it is consistent.
        int named = 1;
        for (int n = 1; n < bodies.size() && n < NAMES.length; n++) {
            Components.Component below = bodies.get(n - 1);
            Components.Component here = bodies.get(n);
            int between = discsBetween(discs, below, here);
            String problem = null;
            if (between != 1) {
                problem = between + " discs between the bodies";
            } else if (here.zMax() - here.zMin() + dz > options.maxBodyHeightRatio() * (below.zMax() - below.zMin() + dz)) {
                problem = String.format(Locale.ROOT, "body height %.0f mm vs %.0f mm below (merged bodies?)",
                        here.zMax() - here.zMin() + dz, below.zMax() - below.zMin() + dz);
            }
            if (problem != null) {
                flags.add("vertebral levels above " + NAMES[n - 1] + " not assigned: geometry contradicts the count ("
                        + problem + ")");
                break;
            }
            named = n + 1;
        }
        if (bodies.size() > NAMES.length) {
            flags.add("more vertebral bodies than C1–S1: levels above C1 not assigned");
        }
        List<VertebralLevel> levels = new ArrayList<>();
        for (int n = 0; n < named; n++) {
            Components.Component b = bodies.get(n);
            double lower = n == 0 ? Double.NEGATIVE_INFINITY : discCentroidBetween(discs, bodies.get(n - 1), b);
            double upper;
            if (n + 1 < bodies.size() && discsBetween(discs, b, bodies.get(n + 1)) == 1) {
                upper = discCentroidBetween(discs, b, bodies.get(n + 1));
            } else {
                // Top of the named column: the disc above if one lies above the body, else the body top.
                upper = discs.stream().filter(d -> d.zCentroid() > b.zCentroid()).mapToDouble(
                        Components.Component::zCentroid).min().orElse(b.zMax() + dz / 2);
            }
            levels.add(new VertebralLevel(NAMES[n], b.zMin(), b.zMax(), b.zCentroid(), lower, upper));
        }
        java.util.Collections.reverse(levels);
        return new LevelAssignment(levels, flags);
    }

    private static int discsBetween(List<Components.Component> discs, Components.Component lower,
            Components.Component upper) {
        int n = 0;
        for (Components.Component d : discs) {
            if (d.zCentroid() > lower.zCentroid() && d.zCentroid() < upper.zCentroid()) {
                n++;
            }
        }
        return n;
    }

    private static double discCentroidBetween(List<Components.Component> discs, Components.Component lower,
            Components.Component upper) {
        for (Components.Component d : discs) {
            if (d.zCentroid() > lower.zCentroid() && d.zCentroid() < upper.zCentroid()) {
                return d.zCentroid();
            }
        }
        return 0.5 * (lower.zMax() + upper.zMin());
    }
}
