package org.myoscreen.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiTest {

    @TempDir
    Path dir;

    @Test
    void readsTheRealFixtureWithItsLpsAffine() {
        Volume mr = Nifti.read(TestVolumes.fixtures().resolve("totalsegmentator-mr/example_mr_sm.nii.gz"));
        assertThat(mr.grid().dims()).containsExactly(117, 91, 20);
        // sform (RAS) has x and y steps of -3 mm: in LPS the i axis points to the patient's left (+x).
        Affine expected = Affine.of(
                3, 0, 0, -168.59963989257812, 0, 3, 0, -166.35943603515625, 0, 0, 3, 28.989641189575195, 0, 0, 0, 1);
        assertThat(mr.grid().affine().equalsWithin(expected, 1e-4)).isTrue();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : mr.voxels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(-47f);
        assertThat(max).isEqualTo(833f);
    }

    @Test
    void readsTheFixtureLabelsPastTheHeaderExtension() {
        LabelMap seg = Nifti.readLabels(TestVolumes.fixtures().resolve("totalsegmentator-mr/example_seg_mr.nii.gz"));
        assertThat(seg.grid().dims()).containsExactly(117, 91, 20);
        assertThat(seg.count(46)).isPositive();
        assertThat(seg.count(47)).isPositive();
        assertThat(seg.count(50)).isZero();
    }

    @Test
    void roundTripsObliqueLeftHandedGridsThroughSformAndQform() throws IOException {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        for (double handedness : List.of(1.0, -1.0)) {
            Affine a = Affine.fromAxes(
                    new double[] {-12.5, 40, 80},
                    new double[] {1.5 * c, 1.5 * s, 0},
                    new double[] {-1.5 * s, 1.5 * c, 0},
                    new double[] {0, 0, 4 * handedness});
            Grid g = new Grid(7, 6, 5, a);
            Volume v = TestVolumes.smooth(g);
            Path file = dir.resolve("img" + handedness + ".nii.gz");
            Nifti.write(file, v);
            Volume back = Nifti.read(file);
            assertThat(back.grid().dims()).containsExactly(7, 6, 5);
            assertThat(back.grid().affine().equalsWithin(a, 1e-4)).isTrue();
            assertThat(back.voxels()).isEqualTo(v.voxels());

            // Same file with the sform switched off must give the same geometry from the qform.
            byte[] raw = Files.readAllBytes(dir.resolve(writePlain(v, "plain" + handedness + ".nii")));
            raw[254] = 0;
            Path qOnly = dir.resolve("q" + handedness + ".nii");
            Files.write(qOnly, raw);
            assertThat(Nifti.read(qOnly).grid().affine().equalsWithin(a, 1e-4)).isTrue();
        }
    }

    @Test
    void labelMapsRoundTripAsInt16() {
        Grid g = TestVolumes.axial(4, 3, 2, 2, 5, new double[] {0, 0, 0});
        short[] l = new short[g.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (short) (i % 7 == 0 ? 1000 + i : i);
        }
        Path file = dir.resolve("labels.nii");
        Nifti.write(file, new LabelMap(g, l));
        assertThat(Nifti.readLabels(file).labels()).isEqualTo(l);
    }

    @Test
    void rejectsAFileThatIsNotNifti() throws IOException {
        Path file = dir.resolve("junk.nii");
        Files.write(file, new byte[400]);
        assertThatThrownBy(() -> Nifti.read(file))
                .isInstanceOf(VolumeException.class)
                .hasMessageContaining("junk.nii")
                .hasMessageContaining("sizeof_hdr");
    }

    private Path writePlain(Volume v, String name) {
        Path p = dir.resolve(name);
        Nifti.write(p, v);
        return p;
    }

    @Test
    void worldCoordinatesAgreeWithRasConventionOfTheFile() throws IOException {
        Grid g = TestVolumes.axial(3, 3, 3, 2, 3, new double[] {10, 20, 30});
        Path file = dir.resolve("ras.nii");
        Nifti.write(file, new Volume(g, new float[27]));
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // srow_x[3] and srow_y[3]: the LPS origin with x and y negated.
        assertThat((double) b.getFloat(280 + 12)).isCloseTo(-10, within(1e-6));
        assertThat((double) b.getFloat(296 + 12)).isCloseTo(-20, within(1e-6));
        assertThat((double) b.getFloat(312 + 12)).isCloseTo(30, within(1e-6));
        assertThat((double) b.getFloat(280)).isCloseTo(-2, within(1e-6));
    }

    @Test
    void readsBigEndianFilesWithScaling() throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(352 + 2 * 2 * 3).order(java.nio.ByteOrder.BIG_ENDIAN);
        b.putInt(0, 348);
        b.putShort(40, (short) 3);
        b.putShort(42, (short) 2);
        b.putShort(44, (short) 1);
        b.putShort(46, (short) 3);
        b.putShort(70, (short) 4);
        b.putShort(72, (short) 16);
        b.putFloat(76, 1);
        b.putFloat(80, 2);
        b.putFloat(84, 3);
        b.putFloat(88, 4);
        b.putFloat(108, 352);
        b.putFloat(112, 0.5f);
        b.putFloat(116, 10);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        for (int i = 0; i < 6; i++) {
            b.putShort(352 + 2 * i, (short) (i - 2));
        }
        Path file = dir.resolve("be.nii");
        Files.write(file, b.array());
        Volume v = Nifti.read(file);
        assertThat(v.voxels()).containsExactly(9f, 9.5f, 10f, 10.5f, 11f, 11.5f);
        // No qform or sform: pixdim scaling in RAS, which is x and y negated in LPS.
        assertThat(v.grid().affine().equalsWithin(Affine.of(-2, 0, 0, 0, 0, -3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1), 1e-9))
                .isTrue();
    }
}
