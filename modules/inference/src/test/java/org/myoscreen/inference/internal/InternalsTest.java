package org.myoscreen.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InternalsTest {

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
        assertThat(l)
                .containsExactly(
                        1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 3, 3, 3, 3, 0, 3, 3, 3);
    }
}
