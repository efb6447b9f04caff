package org.myoscreen.volume;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: small synthetic volumes and the shared fixtures folder. */
final class TestVolumes {

    private TestVolumes() {}

    /** A volume whose value is a smooth function of the patient position (so resampling is checkable). */
    static Volume smooth(Grid g) {
        float[] v = new float[g.size()];
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    double[] p = g.worldOf(i, j, k);
                    v[g.index(i, j, k)] = (float) linear(p);
                }
            }
        }
        return new Volume(g, v);
    }

    /** A function linear in patient position: trilinear interpolation reproduces it exactly. */
    static double linear(double[] p) {
        return 100 + 0.5 * p[0] - 0.25 * p[1] + 0.75 * p[2];
    }

    static Grid axial(int nx, int ny, int nz, double dx, double dz, double[] origin) {
        return new Grid(
                nx, ny, nz, Affine.fromAxes(origin, new double[] {dx, 0, 0}, new double[] {0, dx, 0}, new double[] {
                    0, 0, dz
                }));
    }

    /** {@code shared/fixtures} found by walking up from the working directory. */
    static Path fixtures() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared/fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            Path sibling = p.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(
                "shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }
}
