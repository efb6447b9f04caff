package org.myoscreen.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.Volume;

class PreprocessingSlabTest {

    @Test
    void resamplingInParallelSlabsGivesTheWholeGridResampling() {
        // An oblique, anisotropic source and a target whose slice count is not a multiple of the slab.
        Grid source = new Grid(
                23,
                19,
                17,
                Affine.fromAxes(
                        new double[] {-20, -15, -30},
                        new double[] {1.7, 0.2, 0},
                        new double[] {-0.1, 1.6, 0.3},
                        new double[] {0, -0.2, 4.5}));
        float[] v = new float[source.size()];
        for (int p = 0; p < v.length; p++) {
            v[p] = (float) Math.sin(p * 0.37) * 100 + p % 7;
        }
        Grid target = new Grid(
                21,
                18,
                37,
                Affine.fromAxes(
                        new double[] {-22, -16, -33}, new double[] {2, 0, 0}, new double[] {0, 2, 0}, new double[] {
                            0, 0, 2.1
                        }));
        float[] whole = Resampler.trilinear(new Volume(source, v), target, -5f).voxels();
        float[] slabs = Preprocessing.resampleInSlabs(new Volume(source, v), target, -5f);
        assertThat(slabs).hasSameSizeAs(whole);
        for (int p = 0; p < whole.length; p++) {
            assertThat((double) slabs[p]).as("voxel %d", p).isCloseTo(whole[p], within(1e-3));
        }
    }
}
