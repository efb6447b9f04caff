package org.myoscreen.inference.internal;

import java.util.Arrays;

/**
 * Connected components (6-connectivity) of every label of a label array on an {@code nx*ny*nz}
 * grid, in one pass: each component is flood-filled once, then a label's components are kept or
 * dropped by size. Not thread-safe (reuses its work arrays); one instance per segmentation.
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
     * Filters {@code labels} in place: for a label with {@code onlyLargest[label]} only its largest
     * component stays; for other labels with {@code minFraction[label] > 0}, components smaller than
     * that fraction of the label's largest are set to 0. Labels at or beyond the arrays' length are
     * left alone. Returns the number of voxels removed.
     */
    public long filter(short[] labels, boolean[] onlyLargest, double[] minFraction) {
        Arrays.fill(component, 0);
        int count = 0;
        int[] sizes = new int[64];
        short[] labelOf = new short[64];
        int plane = nx * ny;
        for (int start = 0; start < labels.length; start++) {
            short label = labels[start];
            if (label <= 0
                    || label >= onlyLargest.length
                    || component[start] != 0
                    || (!onlyLargest[label] && minFraction[label] <= 0)) {
                continue;
            }
            count++;
            if (count >= sizes.length) {
                sizes = Arrays.copyOf(sizes, sizes.length * 2);
                labelOf = Arrays.copyOf(labelOf, labelOf.length * 2);
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
            labelOf[count] = label;
        }
        int[] largest = new int[onlyLargest.length];
        for (int c = 1; c <= count; c++) {
            if (sizes[c] > sizes[largest[labelOf[c]]]) {
                largest[labelOf[c]] = c;
            }
        }
        boolean[] drop = new boolean[count + 1];
        boolean any = false;
        for (int c = 1; c <= count; c++) {
            int l = labelOf[c];
            drop[c] = c != largest[l] && (onlyLargest[l] || sizes[c] < minFraction[l] * sizes[largest[l]]);
            any |= drop[c];
        }
        long removed = 0;
        if (any) {
            for (int v = 0; v < labels.length; v++) {
                if (drop[component[v]]) {
                    labels[v] = 0;
                    removed++;
                }
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
