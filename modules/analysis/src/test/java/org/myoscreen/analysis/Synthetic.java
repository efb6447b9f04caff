package org.myoscreen.analysis;

import java.util.Map;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * A hand-built axial study with known answers: 2 mm isotropic voxels (8 mm³), x = −40 + 2i,
 * y = −30 + 2j, z = 2k. A spine column of {@code bodies} vertebral bodies from k = 5 upward (the
 * lowest 15 slices tall, the others 11) with 3-slice discs between; left compartment i 22..29,
 * right i 10..17, j 14..21, k 5..nz−6; subcutaneous fat j 24..27; psoas 2 × 4 × 4 voxels per slice.
 */
final class Synthetic {

    static final int BODY = 1;
    static final int DISC = 2;
    static final int LEFT = 3;
    static final int RIGHT = 4;
    static final int SAT = 5;
    static final int PSOAS_LEFT = 6;
    static final int PSOAS_RIGHT = 7;
    static final int IMAT_LEFT = 8;
    static final float MUSCLE = 100;
    static final float FAT = 500;

    final Grid grid;
    final short[] labels;
    final float[] image;
    final int nx = 40;
    final int ny = 30;
    final int nz;
    /** Lowest slice of each body, caudal first. */
    final int[] bodyStart;

    final int[] bodyEnd;

    Synthetic(int bodies) {
        this(bodies, 5, 15, 5);
    }

    /**
     * A column whose lowest body (the sacrum) starts at slice {@code below} and is {@code lowest}
     * slices tall, with {@code above} slices above the top body.
     */
    Synthetic(int bodies, int below, int lowest, int above) {
        bodyStart = new int[bodies];
        bodyEnd = new int[bodies];
        int k = below;
        for (int b = 0; b < bodies; b++) {
            bodyStart[b] = k;
            bodyEnd[b] = k + (b == 0 ? lowest : 11);
            k = bodyEnd[b] + 3;
        }
        nz = k + above;
        grid = new Grid(
                nx,
                ny,
                nz,
                Affine.fromAxes(
                        new double[] {-40, -30, 0}, new double[] {2, 0, 0}, new double[] {0, 2, 0}, new double[] {
                            0, 0, 2
                        }));
        labels = new short[grid.size()];
        image = new float[grid.size()];
        for (int b = 0; b < bodies; b++) {
            box(17, 23, 5, 12, bodyStart[b], bodyEnd[b], BODY);
            if (b + 1 < bodies) {
                box(17, 23, 5, 12, bodyEnd[b], bodyEnd[b] + 3, DISC);
            }
        }
        box(22, 30, 14, 22, 5, nz - 5, LEFT);
        box(10, 18, 14, 22, 5, nz - 5, RIGHT);
        box(5, 35, 24, 28, 0, nz, SAT);
        box(24, 28, 0, 4, 0, nz, PSOAS_LEFT);
        box(12, 16, 0, 4, 0, nz, PSOAS_RIGHT);
        for (int p = 0; p < image.length; p++) {
            image[p] = labels[p] == SAT ? FAT : labels[p] == 0 ? 0 : MUSCLE;
        }
    }

    /** Sets label {@code label} in the box [i0, i1) × [j0, j1) × [k0, k1). */
    Synthetic box(int i0, int i1, int j0, int j1, int k0, int k1, int label) {
        for (int k = k0; k < k1; k++) {
            for (int j = j0; j < j1; j++) {
                for (int i = i0; i < i1; i++) {
                    labels[grid.index(i, j, k)] = (short) label;
                }
            }
        }
        return this;
    }

    /** Sets the image to {@code value} where the label is {@code label} inside the box. */
    Synthetic paint(int i0, int i1, int j0, int j1, int k0, int k1, float value) {
        for (int k = k0; k < k1; k++) {
            for (int j = j0; j < j1; j++) {
                for (int i = i0; i < i1; i++) {
                    image[grid.index(i, j, k)] = value;
                }
            }
        }
        return this;
    }

    /** Sets the image to {@code value} wherever the label is {@code label}. */
    Synthetic paintLabel(int label, float value) {
        for (int p = 0; p < image.length; p++) {
            if (labels[p] == label) {
                image[p] = value;
            }
        }
        return this;
    }

    /** The convention; IMAT is listed only when some voxel carries it (a model that labels IMAT). */
    StructureMap structures() {
        boolean imat = false;
        for (short l : labels) {
            imat |= l == IMAT_LEFT;
        }
        Map<Integer, Structure> m = new java.util.HashMap<>(Map.of(
                BODY, Structure.of(StructureKind.VERTEBRA, Laterality.NONE),
                DISC, Structure.of(StructureKind.DISC, Laterality.NONE),
                LEFT, Structure.of(StructureKind.PARASPINAL, Laterality.LEFT),
                RIGHT, Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT),
                SAT, Structure.of(StructureKind.SUBCUTANEOUS_FAT, Laterality.NONE),
                PSOAS_LEFT, Structure.of(StructureKind.PSOAS, Laterality.LEFT),
                PSOAS_RIGHT, Structure.of(StructureKind.PSOAS, Laterality.RIGHT)));
        if (imat) {
            m.put(IMAT_LEFT, Structure.of(StructureKind.IMAT, Laterality.LEFT));
        }
        return StructureMap.of(m);
    }

    LabelMap labelMap() {
        return new LabelMap(grid, labels);
    }

    AnalysisInput single(PatientFacts patient) {
        return AnalysisInput.singleContrast(new Volume(grid, image), "T2 test", labelMap(), structures(), patient);
    }

    /** Dixon images from the single-contrast image: fat fraction (v − 100) / 400, signal 1000. */
    AnalysisInput dixon(PatientFacts patient) {
        float[] w = new float[image.length];
        float[] f = new float[image.length];
        for (int p = 0; p < image.length; p++) {
            if (image[p] > 0) {
                double ff = Math.max(0, Math.min(1, (image[p] - MUSCLE) / (FAT - MUSCLE)));
                ff = 0.02 + 0.9 * ff;
                w[p] = (float) (1000 * (1 - ff));
                f[p] = (float) (1000 * ff);
            }
        }
        return AnalysisInput.dixon(
                new DixonPair(new Volume(grid, w), new Volume(grid, f)), labelMap(), structures(), patient);
    }

    /** Compartment voxels of one side, cm³. */
    double sideCm3() {
        return 8.0 * 8 * 8 * (nz - 10) / 1000;
    }

    static PatientFacts man() {
        return PatientFacts.of(Sex.M, 55, 80, 1.80);
    }
}
