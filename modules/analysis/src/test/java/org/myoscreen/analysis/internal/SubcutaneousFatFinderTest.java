package org.myoscreen.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;

/**
 * Hand-built axial bodies (2 mm voxels, 48 mm tall): an elliptical body (x semi-axis 72 mm, y
 * 52 mm) with a 12 mm rim of a chosen intensity, interior soft tissue at muscle intensity, two
 * labelled paraspinal compartments near the posterior wall and a labelled vertebral body; air at
 * 3 ± noise, Gaussian noise σ 5 everywhere.
 */
class SubcutaneousFatFinderTest {

    static final int NX = 80;
    static final int NY = 64;
    static final int NZ = 24;
    static final float MUSCLE = 100;
    static final Grid GRID = new Grid(
            NX,
            NY,
            NZ,
            Affine.fromAxes(
                    new double[] {-80, -64, 0}, new double[] {2, 0, 0}, new double[] {0, 2, 0}, new double[] {0, 0, 2
                    }));
    static final StructureMap MAP = StructureMap.of(Map.of(
            1, Structure.of(StructureKind.PARASPINAL, Laterality.LEFT),
            2, Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT),
            3, Structure.of(StructureKind.VERTEBRA, Laterality.NONE)));

    /** Body, rim and labels; {@code rim[p]} marks the true rim. */
    record Body(float[] image, LabelMap labels, boolean[] rim) {}

    static Body body(float rimValue) {
        float[] img = new float[GRID.size()];
        short[] lab = new short[GRID.size()];
        boolean[] rim = new boolean[GRID.size()];
        Random random = new Random(7);
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    int p = GRID.index(i, j, k);
                    double x = i - 40 + 0.5;
                    double y = j - 32 + 0.5;
                    double outer = sq(x / 36) + sq(y / 26);
                    double inner = sq(x / 30) + sq(y / 20);
                    float v;
                    if (outer > 1) {
                        v = 3;
                    } else if (inner > 1) {
                        v = rimValue;
                        rim[p] = true;
                    } else {
                        v = MUSCLE;
                    }
                    if (i >= 41 && i < 51 && j >= 40 && j < 50) {
                        lab[p] = 1;
                    } else if (i >= 29 && i < 39 && j >= 40 && j < 50) {
                        lab[p] = 2;
                    } else if (i >= 36 && i < 44 && j >= 26 && j < 34) {
                        lab[p] = 3;
                        v = 300;
                    }
                    img[p] = (float) Math.abs(v + 5 * random.nextGaussian());
                }
            }
        }
        return new Body(img, new LabelMap(GRID, lab), rim);
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void findsTheFatRimAndNothingElse() {
        Body b = body(500);
        SubcutaneousFatFinder.Found f = SubcutaneousFatFinder.find(b.image(), b.labels(), MAP, 40);
        assertThat(f.reason()).isEmpty();
        assertThat(f.slabsFound()).isEqualTo(f.slabs());
        int inRim = 0;
        int rimNear = 0;
        for (int p = 0; p < b.rim().length; p++) {
            inRim += f.mask()[p] && b.rim()[p] ? 1 : 0;
            rimNear += b.rim()[p] ? 1 : 0;
        }
        assertThat(f.voxels()).isPositive();
        assertThat(inRim).as("mask voxels in the rim").isEqualTo(f.voxels());
        // The rim minus its outer (skin / air) layer, within 40 mm of the compartments: a good part of it.
        assertThat(f.voxels()).isGreaterThan(rimNear / 4);
        // Every slice has posterior rim voxels.
        assertThat(java.util.Arrays.stream(SubcutaneousFatFinder.perSlice(f.mask(), GRID))
                        .min()
                        .orElse(0))
                .isGreaterThan(30);
    }

    @Test
    void noRimGivesNoMask() {
        Body b = body(MUSCLE);
        SubcutaneousFatFinder.Found f = SubcutaneousFatFinder.find(b.image(), b.labels(), MAP, 40);
        assertThat(f.voxels()).isZero();
        assertThat(f.reason()).startsWith("no fat rim clearly brighter than muscle");
    }

    @Test
    void rimDarkerThanMuscleGivesNoMask() {
        Body b = body(60);
        SubcutaneousFatFinder.Found f = SubcutaneousFatFinder.find(b.image(), b.labels(), MAP, 40);
        assertThat(f.voxels()).isZero();
        assertThat(f.reason()).startsWith("no fat rim clearly brighter than muscle");
    }

    @Test
    void rimOnlySlightlyBrighterThanMuscleGivesNoMask() {
        Body b = body(120);
        SubcutaneousFatFinder.Found f = SubcutaneousFatFinder.find(b.image(), b.labels(), MAP, 40);
        assertThat(f.voxels()).isZero();
    }

    @Test
    void depthIsTheInPlaneDistanceToAir() {
        Body b = body(500);
        float[] d = SubcutaneousFatFinder.depthMm(b.image(), GRID, 50);
        // Posterior midline: outline at y = 26 voxels from the centre; voxel j = 32 + 25 is 1 voxel inside.
        assertThat(d[GRID.index(40, 57, 5)]).isBetween(1.9f, 2.1f);
        assertThat(d[GRID.index(40, 52, 5)]).isBetween(11.9f, 12.1f);
        assertThat(d[GRID.index(2, 2, 5)]).isZero();
    }
}
