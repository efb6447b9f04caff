package org.myoscreen.analysis.internal;

import java.util.Arrays;

/** A growable int list (voxel indices) without boxing. Not thread-safe. */
final class Ints {

    private int[] values = new int[64];
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int get(int i) {
        return values[i];
    }
}
