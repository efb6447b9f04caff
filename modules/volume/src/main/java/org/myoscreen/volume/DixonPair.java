package org.myoscreen.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Water and fat images of one Dixon acquisition on the same grid, paired voxel by voxel.
 * Build with {@link #of(String, Volume, Volume)}, which resamples the fat image onto the water
 * image's grid when the two grids differ (same frame of reference assumed).
 *
 * <p>Immutable; thread-safe.
 *
 * @param water water image
 * @param fat fat image on {@code water.grid()}
 */
public record DixonPair(Volume water, Volume fat) {

    /** Grids must agree within this many mm at every voxel to be used as they are. */
    public static final double SAME_GRID_TOLERANCE_MM = 0.01;

    /** Validates that both images share one grid. */
    public DixonPair {
        Objects.requireNonNull(water, "water is null");
        Objects.requireNonNull(fat, "fat is null");
        if (!water.grid().sameAs(fat.grid(), SAME_GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException("water and fat grids differ: " + water.grid() + " vs " + fat.grid());
        }
    }

    /**
     * Pairs {@code water} and {@code fat}; {@code name} (for example the series UIDs) is used in
     * the error when the fat image does not overlap the water image at all.
     */
    public static DixonPair of(String name, Volume water, Volume fat) {
        if (water.grid().sameAs(fat.grid(), SAME_GRID_TOLERANCE_MM)) {
            return new DixonPair(water, new Volume(water.grid(), fat.voxels()));
        }
        Volume resampled = Resampler.trilinear(fat, water.grid(), Float.NaN);
        float[] f = resampled.voxels();
        long inside = 0;
        for (int i = 0; i < f.length; i++) {
            if (Float.isNaN(f[i])) {
                f[i] = 0;
            } else {
                inside++;
            }
        }
        if (inside == 0) {
            throw new VolumeException(
                    name, VolumeException.Problem.INCOMPATIBLE_VOLUMES, "fat image does not overlap the water image");
        }
        return new DixonPair(water, resampled);
    }

    /**
     * Signal fat fraction in percent, {@code 100 * F / (W + F)} per voxel; voxels where
     * {@code W + F} is below {@code minSignal} (background) get 0.
     */
    public Volume fatFractionPercent(float minSignal) {
        float[] w = water.voxels();
        float[] f = fat.voxels();
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            float wi = Math.max(w[i], 0);
            float fi = Math.max(f[i], 0);
            float total = wi + fi;
            out[i] = total >= minSignal && total > 0 ? 100f * fi / total : 0f;
        }
        return new Volume(water.grid(), out);
    }

    /**
     * Pairs the Dixon water and fat series among {@code series}: a water series (Image Type value
     * WATER or W from the third value on) is paired with the fat series (FAT or F) of the same
     * Frame of Reference on the same grid, else with the one of that frame whose centre is nearest
     * (resampled onto the water grid). Water series without a fat partner are left out.
     */
    public static List<DixonPair> pairSeries(List<LoadedSeries> series) {
        List<LoadedSeries> water = series.stream()
                .filter(s -> s.hasImageType("WATER") || s.hasImageType("W"))
                .toList();
        List<LoadedSeries> fat = series.stream()
                .filter(s -> s.hasImageType("FAT") || s.hasImageType("F"))
                .toList();
        List<DixonPair> pairs = new ArrayList<>();
        for (LoadedSeries w : water) {
            LoadedSeries best = null;
            double bestDistance = Double.MAX_VALUE;
            for (LoadedSeries f : fat) {
                if (!f.frameOfReferenceUid().equals(w.frameOfReferenceUid())) {
                    continue;
                }
                double distance = f.volume().grid().sameAs(w.volume().grid(), SAME_GRID_TOLERANCE_MM)
                        ? -1
                        : Vec.distance(
                                centre(f.volume().grid()), centre(w.volume().grid()));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = f;
                }
            }
            if (best != null) {
                pairs.add(of(w.seriesInstanceUid() + "+" + best.seriesInstanceUid(), w.volume(), best.volume()));
            }
        }
        return pairs;
    }

    private static double[] centre(Grid g) {
        return g.worldOf((g.nx() - 1) / 2.0, (g.ny() - 1) / 2.0, (g.nz() - 1) / 2.0);
    }
}
