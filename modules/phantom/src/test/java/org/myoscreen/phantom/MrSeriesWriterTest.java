package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.Vec;
import org.myoscreen.volume.Volume;

class MrSeriesWriterTest {

    @TempDir
    Path dir;

    private static final MrSeriesWriter.Study STUDY = new MrSeriesWriter.Study(
            new PatientInfo(Sex.M, 50, 80, 1.8),
            "TEST^GRID",
            "T1",
            Uids.fromName("grid-study"),
            Uids.fromName("grid-for"),
            LocalDate.of(2025, 5, 5),
            LocalTime.of(9, 30),
            "",
            "grid test");

    private static MrSeriesWriter.Series series(String name) {
        return new MrSeriesWriter.Series(
                Uids.fromName(name), 3, name, List.of("ORIGINAL", "PRIMARY", "M"), "*tse2d1", "SE", 4, 1, "SPINE");
    }

    @Test
    void leftHandedShearedGridWithFractionalValuesComesBackAtTheSameWorldPositions() {
        double c = Math.cos(0.2);
        double s = Math.sin(0.2);
        double[] row = {c, 0, -s};
        double[] col = {0, 1, 0};
        double[] normal = Vec.cross(row, col);
        // k steps against the normal (left-handed) and slides 0.5 mm along the row per slice (shear).
        double[] kStep = Vec.add(Vec.scale(normal, -4), Vec.scale(row, 0.5));
        Grid grid = new Grid(
                6,
                5,
                7,
                Affine.fromAxes(new double[] {12, -30, 44}, Vec.scale(row, 1.25), Vec.scale(col, 0.75), kStep));
        float[] v = new float[grid.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Math.sin(i * 0.37) * 123.4567 - 20);
        }
        Volume volume = new Volume(grid, v);
        MrSeriesWriter.write(dir, volume, STUDY, series("sheared"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        Volume back = SeriesLoader.loadDirectory(dir, LoadOptions.STRICT).get(0).volume();

        assertThat(back.dims()).containsExactly(6, 5, 7);
        double slope = (maxOf(v) - minOf(v)) / 65000;
        for (int k = 0; k < 7; k++) {
            // The loader orders slices along the normal, so k is reversed.
            int kk = 6 - k;
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 6; i++) {
                    assertThat(back.grid().worldOf(i, j, kk)).containsExactly(grid.worldOf(i, j, k), within(1e-6));
                    assertThat((double) back.get(i, j, kk)).isCloseTo(volume.get(i, j, k), within(slope));
                }
            }
        }
    }

    private static double maxOf(float[] v) {
        double m = -Double.MAX_VALUE;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    private static double minOf(float[] v) {
        double m = Double.MAX_VALUE;
        for (float f : v) {
            m = Math.min(m, f);
        }
        return m;
    }
}
