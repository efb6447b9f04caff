package org.myoscreen.volume;

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
            throw new VolumeException(name, VolumeException.Problem.INCOMPATIBLE_VOLUMES,
                    "fat image does not overlap the water image");
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
}
