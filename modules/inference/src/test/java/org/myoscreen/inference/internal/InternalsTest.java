package org.myoscreen.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Resampler;

class InternalsTest {

    @Test
    void nearestResamplingAgreesWithTheVolumeModule() {
        Random r = new Random(11);
        Grid source = new Grid(23, 17, 9, Affine.fromAxes(new double[] {-10, 5, 30}, new double[] {1.7, 0.2, 0},
                new double[] {-0.2, 1.7, 0.1}, new double[] {0, -0.3, 4.5}));
        short[] l = new short[source.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (short) r.nextInt(7);
        }
        LabelMap labels = new LabelMap(source, l);
        Grid target = ModelGrid.of(source, 1.3, 1.1, 2.0);
        assertThat(NearestResampler.resample(labels, target).labels())
                .isEqualTo(Resampler.nearest(labels, target).labels());
        LabelMap model = NearestResampler.resample(labels, target);
        assertThat(NearestResampler.resample(model, source).labels())
                .isEqualTo(Resampler.nearest(model, source).labels());
    }

    @Test
    void histogramPercentilesAreCloseToSortedOnes() {
        Random r = new Random(12);
        float[] v = new float[200_001];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 100 + (i % 3 == 0 ? 500 : 0));
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] p = Normalizer.percentiles(v, 0.5, 99.5);
        double range = sorted[sorted.length - 1] - sorted[0];
        assertThat(p[0]).isCloseTo(sorted[(int) Math.round(0.005 * (v.length - 1))], offset(range * 1e-3));
        assertThat(p[1]).isCloseTo(sorted[(int) Math.round(0.995 * (v.length - 1))], offset(range * 1e-3));
    }

    @Test
    void componentsKeepTheLargestOrTheBigEnoughOnes() {
        // one row: label 1 blobs of 5 and 2 voxels, label 2 blobs of 10 and 1 voxels, label 3 blobs of 4 and 3
        short[] l = {1, 1, 1, 1, 1, 0, 1, 1, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 0, 3, 3, 3, 3, 0, 3, 3, 3};
        boolean[] only = {false, true, false, false};
        double[] fraction = {0, 0, 0.2, 0};
        long removed = new Components(l.length, 1, 1).filter(l, only, fraction);
        assertThat(removed).isEqualTo(3);
        assertThat(l).containsExactly(1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 3, 3, 3, 3, 0, 3, 3,
                3);
    }
}
