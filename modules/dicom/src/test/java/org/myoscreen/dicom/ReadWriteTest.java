package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.testing.TestDatasets;

class ReadWriteTest {

    private static final List<TransferSyntax> WRITABLE = List.of(
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);

    private static Attributes withNestedSequences() {
        Attributes ds = TestDatasets.mrImage(4, 3);
        Attributes item = new Attributes();
        ds.newSequence(Tag.ReferencedSeriesSequence).add(item);
        item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4");
        Attributes inner = new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4.5");
        item.newSequence(Tag.ReferencedInstanceSequence).add(inner);
        item.newSequence(Tag.ReferencedImageSequence);
        ds.newSequence(Tag.ReferencedImageSequence).add(new Attributes());
        ds.setBytes(0x00290010, VR.LO, "ACME 1.0".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(0x00291001, VR.UN, new byte[] {1, 2, 3, 4});
        return ds;
    }

    @Test
    void roundTripsEveryWritableSyntax() {
        Attributes ds = withNestedSequences();
        for (TransferSyntax ts : WRITABLE) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(out, ds, ts);
            DicomFile file = new Part10Reader(new ByteArrayInputStream(out.toByteArray()), "mem").read();
            assertThat(file.transferSyntax()).isEqualTo(ts);
            Attributes back = file.dataset();
            assertThat(back.getString(Tag.PatientName)).hasValue("Müller^Jürgen");
            assertThat(back.getSequence(Tag.ReferencedSeriesSequence)
                            .get(0)
                            .getSequence(Tag.ReferencedInstanceSequence)
                            .get(0)
                            .getString(Tag.ReferencedSOPInstanceUID))
                    .hasValue("1.2.3.4.5");
            assertThat(back.getSequence(Tag.ReferencedImageSequence)).hasSize(1);
            assertThat(back.getBytes(Tag.PixelData))
                    .hasValueSatisfying(b ->
                            assertThat(b).isEqualTo(ds.getBytes(Tag.PixelData).orElseThrow()));
            if (ts.explicitVr()) {
                assertThat(back).as(ts.uid()).isEqualTo(ds);
            } else {
                // Implicit VR: the private element comes back as UN, everything else is identical.
                assertThat(back.get(0x00291001).orElseThrow().vr()).isEqualTo(VR.UN);
                assertThat(back.get(Tag.PixelData).orElseThrow().vr()).isEqualTo(VR.OW);
                assertThat(back.size()).isEqualTo(ds.size());
            }
            assertThat(file.fileMetaInformation().getString(Tag.TransferSyntaxUID))
                    .hasValue(ts.uid());
            assertThat(file.fileMetaInformation().getString(Tag.ImplementationClassUID))
                    .hasValue(Implementation.CLASS_UID);
        }
    }

    @Test
    void metaGroupLengthCountsTheMetaElements() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.writeFileMetaInformation(
                out, Uids.MR_IMAGE_STORAGE, "1.2.3", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "MYAE");
        byte[] bytes = out.toByteArray();
        assertThat(Arrays.copyOfRange(bytes, 128, 132)).containsExactly('D', 'I', 'C', 'M');
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(132)).isEqualTo((short) 2);
        assertThat(b.getShort(134)).isEqualTo((short) 0);
        assertThat(new String(bytes, 136, 2, StandardCharsets.US_ASCII)).isEqualTo("UL");
        int groupLength = b.getInt(140);
        assertThat(bytes.length).isEqualTo(144 + groupLength);
        DicomFile file = new Part10Reader(new ByteArrayInputStream(bytes), "meta").read();
        assertThat(file.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle))
                .hasValue("MYAE");
        assertThat(file.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID))
                .hasValue("1.2.3");
        assertThat(file.dataset().isEmpty()).isTrue();
        // every value in the meta group is even
        for (DataElement e : file.fileMetaInformation()) {
            assertThat(e.length() % 2).as(e.toString()).isZero();
        }
    }

    @Test
    void padsOddValuesWithTheVrsPaddingByte() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        ds.setString(Tag.PatientID, VR.LO, "ABC");
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {7});
        byte[] bytes = DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        // (0008,0018) UI 6 "1.2.3\0"
        assertThat(Arrays.copyOfRange(bytes, 0, 14))
                .containsExactly(0x08, 0, 0x18, 0, 'U', 'I', 6, 0, '1', '.', '2', '.', '3', 0);
        assertThat(Arrays.copyOfRange(bytes, 14, 26))
                .containsExactly(0x10, 0, 0x20, 0, 'L', 'O', 4, 0, 'A', 'B', 'C', ' ');
        assertThat(Arrays.copyOfRange(bytes, 26, 40))
                .containsExactly(0x42, 0, 0x11, 0, 'O', 'B', 0, 0, 2, 0, 0, 0, 7, 0);
    }

    @Test
    void writesSequencesWithUndefinedLengthAndImplicitHeaders() {
        Attributes ds = new Attributes();
        ds.newSequence(Tag.ReferencedImageSequence)
                .add(new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1"));
        byte[] bytes = DatasetWriter.toBytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(-1);
        assertThat(b.getInt(8)).isEqualTo(Integer.rotateLeft(0xFFFEE000, 16));
        assertThat(b.getInt(12)).isEqualTo(-1);
        // element (0008,1155) UI "1\0", then item delimiter, then sequence delimiter
        assertThat(bytes).hasSize(8 + 8 + 10 + 8 + 8);
        Attributes back = new DatasetReader(
                        new ByteArrayInputStream(bytes), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, "t")
                .read();
        assertThat(back).isEqualTo(ds);
    }

    @Test
    void readsDefinedLengthSequencesAndItems() {
        // (0008,1140) SQ len 18: item len 10: (0008,1155) UI "1\0"
        byte[] bytes = explicitLe("0800 4011 5351 0000 12000000", "FEFF 00E0 0A000000", "0800 5511 5549 0200 3100");
        Attributes ds = new DatasetReader(
                        new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "t")
                .read();
        assertThat(ds.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID))
                .hasValue("1");
    }

    @Test
    void readsExplicitVrBigEndian() {
        byte[] bytes = explicitLe(
                "0028 0010 5553 0002 0200", // Rows US 512
                "0028 0030 4453 0004 312E 3520", // PixelSpacing DS "1.5 "
                "0040 A0B0 5553 0004 0001 FFFF", // US values 1, 65535
                "0018 9087 4644 0008 3FF8 0000 0000 0000", // FD 1.5
                "0028 0009 4154 0004 0018 1063", // AT (0018,1063)
                "0008 1140 5351 0000 FFFF FFFF", // SQ undefined
                "FFFE E000 0000 000A",
                "0008 1155 5549 0002 3100",
                "FFFE E0DD 0000 0000");
        Attributes ds =
                new DatasetReader(new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, "be").read();
        assertThat(ds.getInt(Tag.Rows)).hasValue(512);
        assertThat(ds.getDouble(Tag.PixelSpacing)).hasValue(1.5);
        assertThat(ds.getInts(0x0040A0B0)).containsExactly(1, 65535);
        assertThat(ds.getDouble(Tag.DiffusionBValue)).hasValue(1.5);
        assertThat(ds.getInt(Tag.FrameIncrementPointer)).hasValue(Tag.FrameTime);
        assertThat(ds.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID))
                .hasValue("1");
        // held little endian, so it writes as Explicit VR Little Endian unchanged
        Attributes le = new DatasetReader(
                        new ByteArrayInputStream(DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)),
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                        "le")
                .read();
        assertThat(le).isEqualTo(ds);
    }

    @Test
    void keepsEncapsulatedPixelDataAsFragments() {
        byte[] bytes = explicitLe(
                "0800 1600 5549 0200 3100",
                "E07F 1000 4F42 0000 FFFFFFFF",
                "FEFF 00E0 08000000 00000000 06000000",
                "FEFF 00E0 06000000 010203040506",
                "FEFF 00E0 02000000 0708",
                "FEFF DDE0 00000000");
        TransferSyntax jpeg = TransferSyntax.of("1.2.840.10008.1.2.4.50");
        assertThat(jpeg.encapsulated()).isTrue();
        Attributes ds = new DatasetReader(new ByteArrayInputStream(bytes), jpeg, "jpeg").read();
        Fragments f = ds.getFragments(Tag.PixelData).orElseThrow();
        assertThat(f.vr()).isEqualTo(VR.OB);
        assertThat(f.basicOffsetTable()).hasSize(8);
        assertThat(f.fragments()).hasSize(2);
        assertThat(f.fragments().get(0)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(f.fragments().get(1)).containsExactly(7, 8);
        assertThat(ds.getBytes(Tag.PixelData)).isEmpty();
        assertThat(DatasetWriter.toBytes(ds, jpeg)).isEqualTo(bytes);
        assertThatThrownBy(() -> DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .isInstanceOf(DicomException.class);
    }

    @Test
    void stopsBeforePixelData(@TempDir Path dir) throws Exception {
        Attributes ds = TestDatasets.mrImage(8, 8);
        ds.setBytes(0x7FE10010, VR.OB, new byte[] {1, 2});
        Path file = dir.resolve("mr.dcm");
        Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        DicomFile head = Part10Reader.readUntilPixelData(file);
        assertThat(head.dataset().contains(Tag.PixelData)).isFalse();
        assertThat(head.dataset().contains(0x7FE10010)).isFalse();
        assertThat(head.dataset().getInt(Tag.Rows)).hasValue(8);
        byte[] all = Files.readAllBytes(file);
        DatasetReader reader = new DatasetReader(
                new ByteArrayInputStream(Arrays.copyOfRange(
                        all,
                        132
                                + 12
                                + ByteBuffer.wrap(all, 140, 4)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .getInt(),
                        all.length)),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                "bare");
        Attributes first = reader.readUntil(Tag.PixelData);
        assertThat(first.contains(Tag.PixelData)).isFalse();
        // the stop element is still unread: reading on yields it
        Attributes rest = reader.read();
        assertThat(rest.tags()).containsExactly(Tag.PixelData, 0x7FE10010);
        assertThat(Part10Reader.read(file).dataset()).isEqualTo(ds);
    }

    @Test
    void readsFilesWithoutPreambleOrMeta() {
        Attributes ds = new Attributes()
                .setString(Tag.SOPClassUID, VR.UI, Uids.MR_IMAGE_STORAGE)
                .setString(Tag.PatientID, VR.LO, "X");
        for (TransferSyntax ts :
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
            DicomFile f = new Part10Reader(new ByteArrayInputStream(DatasetWriter.toBytes(ds, ts)), "bare").read();
            assertThat(f.transferSyntax()).isEqualTo(ts);
            assertThat(f.fileMetaInformation().isEmpty()).isTrue();
            assertThat(f.dataset()).isEqualTo(ds);
        }
    }

    @Test
    void readsDeflatedBareDatasets() {
        Attributes ds = withNestedSequences();
        byte[] deflated = DatasetWriter.toBytes(ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(deflated.length)
                .isLessThan(DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).length);
        Attributes back = new DatasetReader(
                        new ByteArrayInputStream(deflated), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "dfl")
                .read();
        assertThat(back).isEqualTo(ds);
    }

    @Test
    void resolvesUsOrSsFromPixelRepresentationInImplicitVr() {
        Attributes ds = new Attributes();
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setInt(Tag.SmallestImagePixelValue, VR.SS, -100);
        byte[] bytes = DatasetWriter.toBytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        Attributes back = new DatasetReader(
                        new ByteArrayInputStream(bytes), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, "t")
                .read();
        assertThat(back.get(Tag.SmallestImagePixelValue).orElseThrow().vr()).isEqualTo(VR.SS);
        assertThat(back.getInt(Tag.SmallestImagePixelValue)).hasValue(-100);
    }

    @Test
    void writesLongShortVrValuesAsUnInExplicitVr() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.ImageComments, VR.LT, new byte[70000]);
        byte[] bytes = DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(new String(bytes, 4, 2, StandardCharsets.US_ASCII)).isEqualTo("UN");
        Attributes back = new DatasetReader(
                        new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "t")
                .read();
        // public UN elements take their dictionary VR again
        assertThat(back.get(Tag.ImageComments).orElseThrow().vr()).isEqualTo(VR.LT);
        assertThat(back.get(Tag.ImageComments).orElseThrow().length()).isEqualTo(70000);
    }

    @Test
    void rejectsBigEndianWriting() {
        assertThatThrownBy(() -> DatasetWriter.toBytes(new Attributes(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN))
                .isInstanceOf(DicomException.class);
    }

    /** Hex words separated by spaces, one argument per element, concatenated. */
    static byte[] explicitLe(String... parts) {
        String hex = String.join("", parts).replace(" ", "");
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
