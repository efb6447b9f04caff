package org.myoscreen.volume;

/**
 * Small 3-vector helpers on {@code double[3]} (patient coordinates in mm or unit directions).
 * Stateless and thread-safe.
 */
public final class Vec {

    private Vec() {}

    /** Dot product. */
    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** Cross product {@code a x b}. */
    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    /** Euclidean norm. */
    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code a / |a|}; throws {@link IllegalArgumentException} for a zero vector. */
    public static double[] normalize(double[] a) {
        double n = norm(a);
        if (n < 1e-12) {
            throw new IllegalArgumentException("zero-length vector");
        }
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }

    /** {@code a * s}. */
    public static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    /** {@code a + b}. */
    public static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    /** {@code a - b}. */
    public static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    /** Distance between two points. */
    public static double distance(double[] a, double[] b) {
        return norm(sub(a, b));
    }
}
