package org.myoscreen.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StationComposerTest {

    @Test
    void overlappingStationsOfOneFieldComposeBackToTheWhole() {
        Grid whole = TestVolumes.axial(8, 6, 40, 2, 3, new double[] {-8, -6, -60});
        Volume all = TestVolumes.smooth(whole);
        List<Volume> stations = new ArrayList<>();
        // stations of 16 slices overlapping by 4: slices 0-15, 12-27, 24-39
        for (int first : new int[] {24, 0, 12}) {
            stations.add(slab(all, first, 16));
        }
        Volume composed = StationComposer.compose("test", stations);
        assertThat(composed.grid().sameAs(whole, 1e-6)).isTrue();
        for (int i = 0; i < all.voxels().length; i++) {
            assertThat(composed.voxels()[i]).isCloseTo(all.voxels()[i], within(1e-3f));
        }
    }

    @Test
    void blendsStationsWithDifferentIntensityAcrossTheOverlap() {
        Grid g = TestVolumes.axial(2, 2, 10, 1, 2, new double[] {0, 0, 0});
        float[] ones = new float[g.size()];
        java.util.Arrays.fill(ones, 100);
        Volume upper = new Volume(g, ones);
        Grid lowerGrid = TestVolumes.axial(2, 2, 10, 1, 2, new double[] {0, 0, -12});
        float[] twos = new float[g.size()];
        java.util.Arrays.fill(twos, 200);
        Volume composed = StationComposer.compose("test", List.of(upper, new Volume(lowerGrid, twos)));
        assertThat(composed.grid().nz()).isEqualTo(16);
        float previous = 201;
        for (int k = 0; k < 16; k++) {
            float v = composed.get(0, 0, k);
            assertThat(v).isBetween(99.99f, 200.01f).isLessThanOrEqualTo(previous + 0.01f);
            previous = v;
        }
        assertThat(composed.get(0, 0, 0)).isCloseTo(200f, within(0.01f));
        assertThat(composed.get(0, 0, 15)).isCloseTo(100f, within(0.01f));
        assertThat(composed.get(0, 0, 7)).isBetween(120f, 180f);
    }

    @Test
    void refusesStationsWithDifferentOrientation() {
        Grid a = TestVolumes.axial(2, 2, 3, 1, 1, new double[] {0, 0, 0});
        Grid b = new Grid(
                2,
                2,
                3,
                Affine.fromAxes(
                        new double[] {0, 0, 0}, new double[] {0, 1, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1
                        }));
        assertThatThrownBy(() -> StationComposer.compose(
                        "WB T2", List.of(new Volume(a, new float[12]), new Volume(b, new float[12]))))
                .isInstanceOf(VolumeException.class)
                .hasMessageContaining("WB T2")
                .hasMessageContaining("direction");
    }

    static Volume slab(Volume all, int firstSlice, int slices) {
        Grid g = all.grid();
        int plane = g.nx() * g.ny();
        float[] v = new float[plane * slices];
        System.arraycopy(all.voxels(), firstSlice * plane, v, 0, v.length);
        Affine a = g.affine();
        double[] origin = g.worldOf(0, 0, firstSlice);
        return new Volume(
                new Grid(g.nx(), g.ny(), slices, Affine.fromAxes(origin, a.step(0), a.step(1), a.step(2))), v);
    }
}
