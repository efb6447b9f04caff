package org.myoscreen.inference.internal;

/**
 * Connected components (6-connectivity) of one label in a label array on an {@code nx*ny*nz}
 * grid. Not thread-safe (reuses its work arrays); one instance per segmentation.
 */
public final class Components {

    private final int nx;
    private final int ny;
    private final int nz;
    private final int[] component;
    private final int[] stack;

    /** Work arrays for a grid of these dimensions. */
    public Components(int nx, int ny, int nz) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.component = new int[nx * ny * nz];
        this.stack = new int[nx * ny * nz];
    }

    /**
     * Sets voxels of {@code label} to 0 unless they are in the largest component ({@code
     * keepOnlyLargest}) or in a component at least {@code minFraction} of the largest one.
     * Returns the number of voxels removed.
     */
    public long filter(short[] labels, short label, boolean keepOnlyLargest, double minFraction) {
        java.util.Arrays.fill(component, 0);
        int count = 0;
        int[] sizes = new int[16];
        int plane = nx * ny;
        for (int start = 0; start < labels.length; start++) {
            if (labels[start] != label || component[start] != 0) {
                continue;
            }
            count++;
            if (count >= sizes.length) {
                sizes = java.util.Arrays.copyOf(sizes, sizes.length * 2);
            }
            int top = 0;
            stack[top++] = start;
            component[start] = count;
            int size = 0;
            while (top > 0) {
                int v = stack[--top];
                size++;
                int i = v % nx;
                int j = (v / nx) % ny;
                int k = v / plane;
                if (i > 0) {
                    top = push(labels, label, v - 1, count, top);
                }
                if (i < nx - 1) {
                    top = push(labels, label, v + 1, count, top);
                }
                if (j > 0) {
                    top = push(labels, label, v - nx, count, top);
                }
                if (j < ny - 1) {
                    top = push(labels, label, v + nx, count, top);
                }
                if (k > 0) {
                    top = push(labels, label, v - plane, count, top);
                }
                if (k < nz - 1) {
                    top = push(labels, label, v + plane, count, top);
                }
            }
            sizes[count] = size;
        }
        if (count <= 1) {
            return 0;
        }
        int largest = 1;
        for (int c = 2; c <= count; c++) {
            if (sizes[c] > sizes[largest]) {
                largest = c;
            }
        }
        boolean[] keep = new boolean[count + 1];
        for (int c = 1; c <= count; c++) {
            keep[c] = c == largest || (!keepOnlyLargest && sizes[c] >= minFraction * sizes[largest]);
        }
        long removed = 0;
        for (int v = 0; v < labels.length; v++) {
            if (labels[v] == label && !keep[component[v]]) {
                labels[v] = 0;
                removed++;
            }
        }
        return removed;
    }

    private int push(short[] labels, short label, int v, int id, int top) {
        if (labels[v] == label && component[v] == 0) {
            component[v] = id;
            stack[top++] = v;
        }
        return top;
    }
}
