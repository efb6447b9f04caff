package org.myoscreen.analysis.internal;

import java.util.Arrays;

/** A growable float list with robust statistics. Not thread-safe. */
final class Floats {

    private float[] values = new float[64];
    private int size;

    void add(float v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    void addAll(Floats other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    float get(int i) {
        return values[i];
    }

    /** The {@code q}-quantile (0..1, nearest rank on a sorted copy); NaN when empty. */
    double quantile(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        float[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        int r = (int) Math.round(q * (size - 1));
        return s[Math.max(0, Math.min(size - 1, r))];
    }

    /** The median of the values in [{@code lo}, {@code hi}]; NaN when none. */
    double medianWithin(double lo, double hi) {
        Floats in = new Floats();
        for (int i = 0; i < size; i++) {
            if (values[i] >= lo && values[i] <= hi) {
                in.add(values[i]);
            }
        }
        return in.quantile(0.5);
    }
}
