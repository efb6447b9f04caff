package org.myoscreen.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import org.myoscreen.volume.Grid;

/**
 * 6-connected components of a voxel mask, each summarised by its z extent and centroid.
 * Stateless; thread-safe.
 */
public final class Components {

    /**
     * One component.
     *
     * @param voxels voxel count
     * @param zMin lowest voxel-centre z
     * @param zMax highest voxel-centre z
     * @param zCentroid mean voxel-centre z
     */
    public record Component(int voxels, double zMin, double zMax, double zCentroid) {
    }

    private Components() {
    }

    /** Components of {@code mask} on {@code grid} with at least {@code minVoxels} voxels, in discovery order. */
    public static List<Component> find(boolean[] mask, Grid grid, int minVoxels) {
        Geometry g = new Geometry(grid);
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        int plane = nx * ny;
        boolean[] seen = new boolean[mask.length];
        int[] queue = new int[mask.length];
        List<Component> out = new ArrayList<>();
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            double zMin = Double.MAX_VALUE;
            double zMax = -Double.MAX_VALUE;
            double zSum = 0;
            while (head < tail) {
                int p = queue[head++];
                double z = g.z(p);
                zMin = Math.min(zMin, z);
                zMax = Math.max(zMax, z);
                zSum += z;
                int i = p % nx;
                int j = (p / nx) % ny;
                int k = p / plane;
                if (i > 0) {
                    tail = visit(mask, seen, queue, tail, p - 1);
                }
                if (i < nx - 1) {
                    tail = visit(mask, seen, queue, tail, p + 1);
                }
                if (j > 0) {
                    tail = visit(mask, seen, queue, tail, p - nx);
                }
                if (j < ny - 1) {
                    tail = visit(mask, seen, queue, tail, p + nx);
                }
                if (k > 0) {
                    tail = visit(mask, seen, queue, tail, p - plane);
                }
                if (k < nz - 1) {
                    tail = visit(mask, seen, queue, tail, p + plane);
                }
            }
            if (tail >= minVoxels) {
                out.add(new Component(tail, zMin, zMax, zSum / tail));
            }
        }
        return out;
    }

    private static int visit(boolean[] mask, boolean[] seen, int[] queue, int tail, int q) {
        if (mask[q] && !seen[q]) {
            seen[q] = true;
            queue[tail++] = q;
        }
        return tail;
    }
}
