package org.myoscreen.inference;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.myoscreen.inference.internal.ModelGrid;
import org.myoscreen.inference.internal.Normalizer;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.Volume;

/**
 * The preprocessing a {@link Segmenter} applies before the network, public so that training
 * tools feed a network exactly what it will see in production: resample each channel
 * (trilinear, outside filled with the channel's minimum) onto the model grid, then normalise it.
 * Stateless and thread-safe.
 */
public final class Preprocessing {

    /** Slices per slab of the parallel resampling. */
    private static final int SLAB_SLICES = 8;

    private Preprocessing() {}

    /**
     * Normalised channels on the model grid.
     *
     * @param grid the model grid (patient axes at the manifest's spacing)
     * @param channels one {@code grid.size()} array per input channel, x fastest
     */
    public record ModelInput(Grid grid, float[][] channels) {
        /** Checks for nulls. */
        public ModelInput {
            Objects.requireNonNull(grid, "grid is null");
            Objects.requireNonNull(channels, "channels is null");
        }
    }

    /** The model grid for a source grid (see {@link ModelManifest} for the convention). */
    public static Grid modelGrid(ModelManifest manifest, Grid source) {
        ModelManifest.Spacing s = manifest.targetSpacingMm();
        return ModelGrid.of(source, s.x(), s.y(), s.z());
    }

    /** Resamples and normalises {@code channels} (manifest order, one grid) for {@code manifest}. */
    public static ModelInput apply(ModelManifest manifest, List<Volume> channels) {
        Grid grid = modelGrid(manifest, channels.get(0).grid());
        float[][] image = new float[channels.size()][];
        for (int c = 0; c < channels.size(); c++) {
            Volume v = channels.get(c);
            image[c] = resampleInSlabs(v, grid, min(v.voxels()));
            Normalizer.apply(image[c], manifest.channels().get(c).normalization());
        }
        return new ModelInput(grid, image);
    }

    /**
     * Trilinear resampling onto {@code grid}, slabs of {@value #SLAB_SLICES} slices in parallel
     * (the common fork-join pool): the resampling was the largest part of the time outside
     * {@code OrtSession.run}. Each slab is resampled onto its own sub-grid (the grid's affine
     * moved by the slab's first slice), so a voxel's value differs from a whole-grid resampling
     * by floating-point rounding of its position only.
     */
    static float[] resampleInSlabs(Volume v, Grid grid, float fill) {
        int plane = grid.nx() * grid.ny();
        float[] out = new float[grid.size()];
        int slabs = (grid.nz() + SLAB_SLICES - 1) / SLAB_SLICES;
        double[] origin = grid.affine().origin();
        double[] iStep = grid.affine().step(0);
        double[] jStep = grid.affine().step(1);
        double[] kStep = grid.affine().step(2);
        IntStream.range(0, slabs).parallel().forEach(s -> {
            int k0 = s * SLAB_SLICES;
            int nz = Math.min(SLAB_SLICES, grid.nz() - k0);
            double[] o = {origin[0] + k0 * kStep[0], origin[1] + k0 * kStep[1], origin[2] + k0 * kStep[2]};
            Grid slab = new Grid(grid.nx(), grid.ny(), nz, Affine.fromAxes(o, iStep, jStep, kStep));
            System.arraycopy(Resampler.trilinear(v, slab, fill).voxels(), 0, out, k0 * plane, nz * plane);
        });
        return out;
    }

    private static float min(float[] v) {
        float m = Float.MAX_VALUE;
        for (float x : v) {
            m = Math.min(m, x);
        }
        return m;
    }
}
