package org.myoscreen.inference;

import java.util.List;
import java.util.Objects;
import org.myoscreen.inference.internal.ModelGrid;
import org.myoscreen.inference.internal.Normalizer;
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

    private Preprocessing() {
    }

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
            image[c] = Resampler.trilinear(v, grid, min(v.voxels())).voxels();
            Normalizer.apply(image[c], manifest.channels().get(c).normalization());
        }
        return new ModelInput(grid, image);
    }

    private static float min(float[] v) {
        float m = Float.MAX_VALUE;
        for (float x : v) {
            m = Math.min(m, x);
        }
        return m;
    }
}
