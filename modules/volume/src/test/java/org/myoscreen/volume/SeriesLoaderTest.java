package org.myoscreen.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;

class SeriesLoaderTest {

    private static final String SERIES = "1.2.826.0.1.3680043.2.1125.9";
    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    @TempDir
    Path dir;

    /** A 4x3 slice at {@code position}; pixel (c, r) = base + 10 r + c. */
    static Attributes slice(double[] position, double[] orientation, int base) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, Uids.MR_IMAGE_STORAGE);
        ds.setString(Tag.SOPInstanceUID, VR.UI, Uids.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2.3.4");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "M");
        ds.setInt(Tag.InstanceNumber, VR.IS, base);
        ds.setDouble(Tag.ImagePositionPatient, VR.DS, position);
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, orientation);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 2.0, 1.5);
        ds.setInt(Tag.Rows, VR.US, 3);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putShort((short) (base + 10 * r + c));
            }
        }
        ds.setBytes(Tag.PixelData, VR.OW, b.array());
        return ds;
    }

    static List<Attributes> stack(int n, double stepMm) {
        List<Attributes> l = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            l.add(slice(new double[] {-10, 20, 30 + k * stepMm}, AXIAL, 100 * (k + 1)));
        }
        return l;
    }

    @Test
    void sortsSlicesAlongTheNormalNotByInstanceNumberOrFileOrder() {
        List<Attributes> slices = stack(5, 3);
        // Instance numbers descending along +z, then shuffled
        for (int k = 0; k < 5; k++) {
            slices.get(k).setInt(Tag.InstanceNumber, VR.IS, 5 - k);
        }
        Collections.shuffle(slices, new Random(7));
        LoadedSeries s = SeriesLoader.load(slices, LoadOptions.STRICT);
        Volume v = s.volume();
        assertThat(v.grid().dims()).containsExactly(4, 3, 5);
        for (int k = 0; k < 5; k++) {
            assertThat(v.get(2, 1, k)).isEqualTo(100f * (k + 1) + 12);
        }
        assertThat(v.grid()
                        .affine()
                        .equalsWithin(Affine.of(1.5, 0, 0, -10, 0, 2, 0, 20, 0, 0, 3, 30, 0, 0, 0, 1), 1e-9))
                .isTrue();
        assertThat(s.seriesInstanceUid()).isEqualTo(SERIES);
        assertThat(s.header().contains(Tag.PixelData)).isFalse();
    }

    @Test
    void rejectsAnInstanceWithZeroFramesAsMissingGeometry() {
        // Alone in its series, such an instance once escaped as IndexOutOfBoundsException, which ended a folder scan.
        List<Attributes> slices = stack(1, 3);
        slices.get(0).setInt(Tag.NumberOfFrames, VR.IS, 0);
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .isInstanceOfSatisfying(
                        VolumeException.class,
                        e -> assertThat(e.problem()).isEqualTo(VolumeException.Problem.MISSING_GEOMETRY))
                .hasMessageContaining("Number of Frames 0");
    }

    @Test
    void obliqueStackKeepsItsFullAffine() {
        double c = Math.cos(0.5);
        double sn = Math.sin(0.5);
        double[] orientation = {c, sn, 0, 0, 0, -1};
        double[] normal = Vec.cross(new double[] {c, sn, 0}, new double[] {0, 0, -1});
        List<Attributes> slices = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            slices.add(slice(Vec.add(new double[] {5, 6, 7}, Vec.scale(normal, 4 * k)), orientation, k * 100));
        }
        Collections.reverse(slices);
        Volume v = SeriesLoader.load(slices, LoadOptions.STRICT).volume();
        double[] p = v.grid().worldOf(3, 2, 1);
        double[] expected = Vec.add(
                Vec.add(new double[] {5, 6, 7}, Vec.scale(normal, 4)),
                Vec.add(Vec.scale(new double[] {c, sn, 0}, 3 * 1.5), Vec.scale(new double[] {0, 0, -1}, 2 * 2.0)));
        assertThat(p).containsExactly(expected, within(1e-6));
        assertThat(v.get(3, 2, 1)).isEqualTo(100f + 23);
    }

    @Test
    void appliesRescaleSlopeAndIntercept() {
        List<Attributes> slices = stack(2, 3);
        slices.get(1).setDouble(Tag.RescaleSlope, VR.DS, 2.5);
        slices.get(1).setDouble(Tag.RescaleIntercept, VR.DS, -100);
        Volume v = SeriesLoader.load(slices, LoadOptions.STRICT).volume();
        assertThat(v.get(0, 0, 0)).isEqualTo(100f);
        assertThat(v.get(1, 0, 1)).isEqualTo((200 + 1) * 2.5f - 100);
    }

    @Test
    void signedPixelsAreSignExtended() {
        Attributes s = slice(new double[] {0, 0, 0}, AXIAL, 0);
        s.setInt(Tag.PixelRepresentation, VR.US, 1);
        s.setInt(Tag.BitsStored, VR.US, 16);
        byte[] px = new byte[24];
        ByteBuffer.wrap(px).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) -47);
        s.setBytes(Tag.PixelData, VR.OW, px);
        assertThat(SeriesLoader.load(List.of(s), LoadOptions.STRICT).volume().get(0, 0, 0))
                .isEqualTo(-47f);
    }

    @Test
    void aGapIsAnErrorNamingTheSeriesAndTheMissingPosition() {
        List<Attributes> slices = stack(5, 3);
        slices.remove(2); // z = 36
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .isInstanceOf(VolumeException.class)
                .hasMessageContaining(SERIES)
                .hasMessageContaining("gap")
                .hasMessageContaining("36.0000")
                .extracting(e -> ((VolumeException) e).problem())
                .isEqualTo(VolumeException.Problem.GAP);
    }

    @Test
    void aToleratedGapIsFilledWithZeros() {
        List<Attributes> slices = stack(5, 3);
        slices.remove(2);
        Volume v = SeriesLoader.load(slices, LoadOptions.STRICT.withTolerateGaps(true))
                .volume();
        assertThat(v.grid().nz()).isEqualTo(5);
        assertThat(v.get(0, 0, 2)).isZero();
        assertThat(v.get(0, 0, 3)).isEqualTo(400f);
    }

    @Test
    void duplicatePositionsAreAnError() {
        List<Attributes> slices = stack(3, 3);
        slices.add(slice(new double[] {-10, 20, 33}, AXIAL, 999));
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .hasMessageContaining(SERIES)
                .hasMessageContaining("duplicate position");
    }

    @Test
    void mixedOrientationsAreAnError() {
        List<Attributes> slices = stack(3, 3);
        slices.add(slice(new double[] {-10, 20, 60}, new double[] {0, 1, 0, 0, 0, -1}, 5));
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .hasMessageContaining(SERIES)
                .hasMessageContaining("mixed orientation");
    }

    @Test
    void inconsistentMatrixIsAnError() {
        List<Attributes> slices = stack(3, 3);
        slices.get(1).setInt(Tag.Rows, VR.US, 2);
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .hasMessageContaining(SERIES)
                .hasMessageContaining("inconsistent matrix")
                .hasMessageContaining("2x4");
        List<Attributes> other = stack(3, 3);
        other.get(2).setDouble(Tag.PixelSpacing, VR.DS, 2.0, 1.6);
        assertThatThrownBy(() -> SeriesLoader.load(other, LoadOptions.STRICT)).hasMessageContaining("Pixel Spacing");
    }

    @Test
    void missingGeometryIsAnError() {
        List<Attributes> slices = stack(3, 3);
        slices.get(1).remove(Tag.ImagePositionPatient);
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .hasMessageContaining(SERIES)
                .hasMessageContaining("missing geometry")
                .hasMessageContaining("Image Position (Patient)");
        List<Attributes> noSpacing = stack(2, 3);
        noSpacing.get(0).remove(Tag.PixelSpacing);
        assertThatThrownBy(() -> SeriesLoader.load(noSpacing, LoadOptions.STRICT))
                .hasMessageContaining("Pixel Spacing");
    }

    @Test
    void irregularSpacingIsAnError() {
        List<Attributes> slices = stack(3, 3);
        slices.add(slice(new double[] {-10, 20, 30 + 7.5}, AXIAL, 7));
        assertThatThrownBy(() -> SeriesLoader.load(slices, LoadOptions.STRICT))
                .hasMessageContaining("nonuniform spacing");
    }

    @Test
    void enhancedMrTakesGeometryAndRescaleFromFunctionalGroups() {
        Attributes ds = slice(new double[] {0, 0, 0}, AXIAL, 0);
        ds.remove(Tag.ImagePositionPatient);
        ds.remove(Tag.ImageOrientationPatient);
        ds.remove(Tag.PixelSpacing);
        ds.setString(Tag.SOPClassUID, VR.UI, Uids.ENHANCED_MR_IMAGE_STORAGE);
        ds.setInt(Tag.NumberOfFrames, VR.IS, 3);
        Attributes shared = new Attributes();
        shared.newSequence(Tag.PlaneOrientationSequence)
                .add(new Attributes().setDouble(Tag.ImageOrientationPatient, VR.DS, 0, 1, 0, 0, 0, -1));
        shared.newSequence(Tag.PixelMeasuresSequence)
                .add(new Attributes()
                        .setDouble(Tag.PixelSpacing, VR.DS, 2.0, 1.5)
                        .setDouble(Tag.SliceThickness, VR.DS, 5));
        ds.newSequence(Tag.SharedFunctionalGroupsSequence).add(shared);
        List<Attributes> perFrame = ds.newSequence(Tag.PerFrameFunctionalGroupsSequence);
        // frames stored out of order: x = 10, 0, 5 (the normal of this sagittal plane is -x)
        double[] xs = {10, 0, 5};
        for (double x : xs) {
            Attributes item = new Attributes();
            item.newSequence(Tag.PlanePositionSequence)
                    .add(new Attributes().setDouble(Tag.ImagePositionPatient, VR.DS, x, -50, 60));
            item.newSequence(Tag.PixelValueTransformationSequence)
                    .add(new Attributes()
                            .setDouble(Tag.RescaleSlope, VR.DS, x == 5 ? 2 : 1)
                            .setDouble(Tag.RescaleIntercept, VR.DS, 0));
            perFrame.add(item);
        }
        ByteBuffer b = ByteBuffer.allocate(3 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < 3; f++) {
            for (int p = 0; p < 12; p++) {
                b.putShort((short) (100 * (f + 1) + p));
            }
        }
        ds.setBytes(Tag.PixelData, VR.OW, b.array());
        // The same through Part 10 files in both transfer syntaxes (sequences encoded and decoded).
        Part10Writer.write(dir.resolve("enhanced-ivr.dcm"), ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        Part10Writer.write(dir.resolve("enhanced-evr.dcm"), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        for (String name : List.of("enhanced-ivr.dcm", "enhanced-evr.dcm")) {
            Volume fromFile = SeriesLoader.loadFiles(List.of(dir.resolve(name)), LoadOptions.STRICT)
                    .volume();
            assertThat(fromFile.voxels())
                    .isEqualTo(SeriesLoader.load(List.of(ds), LoadOptions.STRICT)
                            .volume()
                            .voxels());
            assertThat(fromFile.affine())
                    .isEqualTo(SeriesLoader.load(List.of(ds), LoadOptions.STRICT)
                            .volume()
                            .affine());
        }
        Volume v = SeriesLoader.load(List.of(ds), LoadOptions.STRICT).volume();
        assertThat(v.grid().dims()).containsExactly(4, 3, 3);
        // k runs along the normal (-x): x = 10 (frame 1), 5 (frame 3, slope 2), 0 (frame 2)
        assertThat(v.grid().worldOf(0, 0, 0)).containsExactly(new double[] {10, -50, 60}, within(1e-9));
        assertThat(v.get(0, 0, 0)).isEqualTo(100f);
        assertThat(v.get(1, 0, 1)).isEqualTo(2 * 301f);
        assertThat(v.get(1, 0, 2)).isEqualTo(201f);
        assertThat(v.grid().spacingMm()).containsExactly(new double[] {1.5, 2, 5}, within(1e-9));
    }

    @Test
    void loadsADirectoryOfPart10FilesGroupedBySeries() throws Exception {
        List<Attributes> slices = stack(3, 3);
        for (int i = 0; i < slices.size(); i++) {
            Part10Writer.write(
                    dir.resolve("f" + i + ".dcm"),
                    slices.get(i),
                    i % 2 == 0 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        }
        java.nio.file.Files.writeString(dir.resolve("README.txt"), "not dicom");
        List<LoadedSeries> all = SeriesLoader.loadDirectory(dir, LoadOptions.STRICT);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).volume().get(3, 2, 2)).isEqualTo(323f);
        assertThat(all.get(0).frameOfReferenceUid()).isEqualTo("1.2.3.4");
    }

    @Test
    void scanningADirectoryReportsABadSeriesAndStillLoadsTheGoodOne() {
        List<Attributes> good = stack(3, 3);
        List<Attributes> localizer = new ArrayList<>();
        double[][] planes = {{1, 0, 0, 0, 1, 0}, {0, 1, 0, 0, 0, -1}, {1, 0, 0, 0, 0, -1}};
        for (int i = 0; i < 3; i++) {
            Attributes ds = slice(new double[] {0, 0, 10 * i}, planes[i], i);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.99");
            localizer.add(ds);
        }
        int n = 0;
        for (Attributes ds : good) {
            Part10Writer.write(dir.resolve("g" + n++ + ".dcm"), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        for (Attributes ds : localizer) {
            Part10Writer.write(dir.resolve("l" + n++ + ".dcm"), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        DirectoryLoad result = SeriesLoader.scanDirectory(dir, LoadOptions.STRICT);
        assertThat(result.loaded()).extracting(LoadedSeries::seriesInstanceUid).containsExactly(SERIES);
        assertThat(result.failed()).hasSize(1);
        assertThat(result.failed().get(0).source()).isEqualTo("1.2.3.99");
        assertThat(result.failed().get(0).problem()).isEqualTo(VolumeException.Problem.MIXED_ORIENTATION);
        assertThatThrownBy(() -> SeriesLoader.loadDirectory(dir, LoadOptions.STRICT))
                .hasMessageContaining("1.2.3.99");
    }
}
