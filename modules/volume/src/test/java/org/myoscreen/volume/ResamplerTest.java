package org.myoscreen.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void trilinearReproducesALinearFieldOnAnObliqueTargetGrid() {
        Grid source = TestVolumes.axial(40, 40, 30, 2, 3, new double[] {-40, -40, -45});
        Volume v = TestVolumes.smooth(source);
        double c = Math.cos(0.4);
        double s = Math.sin(0.4);
        Grid target = new Grid(
                10,
                10,
                8,
                Affine.fromAxes(
                        new double[] {-10, -10, -10},
                        new double[] {1.7 * c, 0, 1.7 * s},
                        new double[] {0, 1.3, 0},
                        new double[] {-2.1 * s, 0, 2.1 * c}));
        Volume r = Resampler.trilinear(v, target, -1);
        for (int k = 0; k < target.nz(); k++) {
            for (int j = 0; j < target.ny(); j++) {
                for (int i = 0; i < target.nx(); i++) {
                    assertThat((double) r.get(i, j, k))
                            .isCloseTo(TestVolumes.linear(target.worldOf(i, j, k)), within(1e-3));
                }
            }
        }
    }

    @Test
    void outsideTheSourceGetsTheFillValue() {
        Grid source = TestVolumes.axial(4, 4, 4, 1, 1, new double[] {0, 0, 0});
        Grid target = TestVolumes.axial(2, 1, 1, 10, 1, new double[] {0, 0, 0});
        Volume r = Resampler.trilinear(TestVolumes.smooth(source), target, -7);
        assertThat(r.get(1, 0, 0)).isEqualTo(-7f);
    }

    @Test
    void nearestKeepsLabelsOnAShiftedGrid() {
        Grid source = TestVolumes.axial(4, 4, 4, 1, 1, new double[] {0, 0, 0});
        short[] l = new short[source.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (short) i;
        }
        // Target voxel centres 0.3 mm off the source centres: each picks the nearest source voxel.
        Grid target = new Grid(
                3,
                3,
                3,
                Affine.fromAxes(
                        new double[] {1.3, 0.7, 2.2}, new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {
                            0, 0, 1
                        }));
        LabelMap r = Resampler.nearest(new LabelMap(source, l), target);
        assertThat(r.get(0, 0, 0)).isEqualTo(source.index(1, 1, 2));
        assertThat(r.get(2, 2, 0)).isEqualTo(source.index(3, 3, 2));
        assertThat(r.get(2, 2, 2)).isZero();
    }

    @Test
    void nearestStepsAlongRowsToTheSameLabelsAsThePerVoxelRule() {
        Random r = new Random(11);
        Grid source = new Grid(
                23,
                17,
                9,
                Affine.fromAxes(
                        new double[] {-10, 5, 30},
                        new double[] {1.7, 0.2, 0},
                        new double[] {-0.2, 1.7, 0.1},
                        new double[] {0, -0.3, 4.5}));
        short[] l = new short[source.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (short) r.nextInt(7);
        }
        LabelMap labels = new LabelMap(source, l);
        Grid target = new Grid(
                31,
                27,
                21,
                Affine.fromAxes(
                        new double[] {-10.4, 4.6, 29.5},
                        new double[] {1.3, 0.15, 0},
                        new double[] {-0.13, 1.1, 0.06},
                        new double[] {0, -0.13, 2.0}));
        LabelMap there = Resampler.nearest(labels, target);
        assertThat(there.labels()).isEqualTo(nearestPerVoxel(labels, target).labels());
        assertThat(Resampler.nearest(there, source).labels())
                .isEqualTo(nearestPerVoxel(there, source).labels());
    }

    /** The nearest-neighbour rule written out voxel by voxel, as the reference for the stepped one. */
    private static LabelMap nearestPerVoxel(LabelMap source, Grid target) {
        Grid s = source.grid();
        Affine m = s.affine().inverse().multiply(target.affine());
        short[] out = new short[target.size()];
        int idx = 0;
        for (int k = 0; k < target.nz(); k++) {
            for (int j = 0; j < target.ny(); j++) {
                for (int i = 0; i < target.nx(); i++, idx++) {
                    double[] p = m.apply(i, j, k);
                    int si = (int) Math.floor(p[0] + 0.5 + Resampler.EDGE_EPS);
                    int sj = (int) Math.floor(p[1] + 0.5 + Resampler.EDGE_EPS);
                    int sk = (int) Math.floor(p[2] + 0.5 + Resampler.EDGE_EPS);
                    if (s.contains(si, sj, sk)) {
                        out[idx] = source.labels()[s.index(si, sj, sk)];
                    }
                }
            }
        }
        return new LabelMap(target, out);
    }
}
