package org.myoscreen.volume;

import java.util.Objects;

/**
 * An integer label per voxel on a {@link Grid} ({@code short}, 0 = background), laid out as
 * {@code labels[i + nx * (j + ny * k)]}. What each value means is defined by the producer
 * (for the phantom: {@code org.myoscreen.phantom.TissueLabel}).
 *
 * <p>Immutable by contract: the array is shared, not copied; callers must not modify it.
 */
public final class LabelMap {

    private final Grid grid;
    private final short[] labels;

    /**
     * A label map; {@code labels.length} must equal {@code grid.size()}.
     *
     * @throws IllegalArgumentException when the sizes differ
     */
    public LabelMap(Grid grid, short[] labels) {
        this.grid = Objects.requireNonNull(grid, "grid is null");
        this.labels = Objects.requireNonNull(labels, "labels is null");
        if (labels.length != grid.size()) {
            throw new IllegalArgumentException("label count " + labels.length + " does not match grid " + grid.nx()
                    + "x" + grid.ny() + "x" + grid.nz());
        }
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** The backing array (do not modify). */
    public short[] labels() {
        return labels;
    }

    /** Label at voxel (i, j, k). */
    public int get(int i, int j, int k) {
        return labels[grid.index(i, j, k)];
    }

    /** Number of voxels carrying {@code label}. */
    public long count(int label) {
        long n = 0;
        for (short l : labels) {
            if (l == label) {
                n++;
            }
        }
        return n;
    }

    /** This label map as a float volume (for resampling or writing as an image). */
    public Volume toVolume() {
        float[] f = new float[labels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = labels[i];
        }
        return new Volume(grid, f);
    }

    @Override
    public String toString() {
        return "LabelMap[" + grid.nx() + "x" + grid.ny() + "x" + grid.nz() + ", " + grid.affine() + "]";
    }
}
