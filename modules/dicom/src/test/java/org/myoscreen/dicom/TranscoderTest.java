package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.myoscreen.dicom.ReadWriteTest.explicitLe;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.testing.TestDatasets;

class TranscoderTest {

    private static final TransferSyntax EVR = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final TransferSyntax IVR = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;

    private static byte[] transcode(byte[] in, TransferSyntax from, TransferSyntax to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Transcoder.transcode(new ByteArrayInputStream(in), from, out, to, "test");
        return out.toByteArray();
    }

    private static Attributes sample() {
        Attributes ds = TestDatasets.mrImage(64, 64);
        Attributes item = new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        item.newSequence(Tag.ReferencedImageSequence).add(new Attributes().setInt(Tag.ReferencedFrameNumber, VR.IS, 3));
        ds.newSequence(Tag.ReferencedInstanceSequence).add(item);
        ds.newSequence(Tag.ReferencedSeriesSequence);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setInt(Tag.SmallestImagePixelValue, VR.SS, -3);
        ds.setBytes(Tag.ImageComments, VR.LT, "odd".getBytes(StandardCharsets.US_ASCII));
        return ds;
    }

    @Test
    void explicitToImplicitMatchesTheWriterByteForByte() {
        Attributes ds = sample();
        assertThat(transcode(DatasetWriter.toBytes(ds, EVR), EVR, IVR)).isEqualTo(DatasetWriter.toBytes(ds, IVR));
    }

    @Test
    void implicitToExplicitMatchesTheWriterByteForByte() {
        Attributes ds = sample();
        assertThat(transcode(DatasetWriter.toBytes(ds, IVR), IVR, EVR)).isEqualTo(DatasetWriter.toBytes(ds, EVR));
    }

    @Test
    void rewritesDefinedLengthSequencesWithUndefinedLength() {
        byte[] definedLength = explicitLe(
                "0800 4011 5351 0000 12000000",
                "FEFF 00E0 0A000000",
                "0800 5511 5549 0200 3100",
                "1000 2000 4C4F 0200 4142");
        byte[] implicit = transcode(definedLength, EVR, IVR);
        Attributes expected = new DatasetReader(new ByteArrayInputStream(definedLength), EVR, "in").read();
        Attributes back = new DatasetReader(new ByteArrayInputStream(implicit), IVR, "out").read();
        assertThat(back).isEqualTo(expected);
        assertThat(implicit).isEqualTo(DatasetWriter.toBytes(expected, IVR));
    }

    @Test
    void copiesLargeValuesIntact() {
        Attributes ds = TestDatasets.mrImage(512, 700);
        byte[] out = transcode(DatasetWriter.toBytes(ds, EVR), EVR, IVR);
        Attributes back = new DatasetReader(new ByteArrayInputStream(out), IVR, "out").read();
        assertThat(back.getBytes(Tag.PixelData).orElseThrow())
                .isEqualTo(ds.getBytes(Tag.PixelData).orElseThrow());
    }

    /**
     * Over pydicom's corpus: transcoding a file's dataset bytes (defined lengths, odd lengths, big endian, deflate)
     * to Implicit VR gives exactly what DatasetWriter makes of the dataset our reader parsed, and Implicit to
     * Explicit agrees with the writer too.
     */
    @Test
    void agreesWithReaderAndWriterOverTheCorpus() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(PydicomCorpusTest.CORPUS));
        java.util.List<java.nio.file.Path> files;
        try (var walk = java.nio.file.Files.walk(PydicomCorpusTest.CORPUS)) {
            files = walk.filter(java.nio.file.Files::isRegularFile).sorted().toList();
        }
        int checked = 0;
        for (java.nio.file.Path file : files) {
            DicomFile parsed;
            try {
                parsed = Part10Reader.read(file);
            } catch (DicomException e) {
                continue;
            }
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            TransferSyntax ts = parsed.transferSyntax();
            boolean hasMetaLength = bytes.length > 144
                    && bytes[128] == 'D'
                    && bytes[132] == 2
                    && bytes[133] == 0
                    && bytes[134] == 0
                    && bytes[135] == 0;
            if (ts.encapsulated()
                    || !hasMetaLength
                    || !parsed.fileMetaInformation()
                            .getString(Tag.TransferSyntaxUID)
                            .map(ts.uid()::equals)
                            .orElse(false)) {
                continue;
            }
            int start = 144
                    + (bytes[140] & 0xFF
                            | (bytes[141] & 0xFF) << 8
                            | (bytes[142] & 0xFF) << 16
                            | (bytes[143] & 0xFF) << 24);
            byte[] dataset = Arrays.copyOfRange(bytes, start, bytes.length);
            byte[] implicit = DatasetWriter.toBytes(parsed.dataset(), IVR);
            if (!ts.equals(
                    IVR)) { // an Implicit VR source is copied unchanged (see copiesUnchangedWhenTheEncodingIsTheSame)
                assertThat(Arrays.equals(transcode(dataset, ts, IVR), implicit))
                        .as("%s to implicit", file)
                        .isTrue();
            }
            Attributes viaImplicit = new DatasetReader(new ByteArrayInputStream(implicit), IVR, "ivr").read();
            assertThat(Arrays.equals(transcode(implicit, IVR, EVR), DatasetWriter.toBytes(viaImplicit, EVR)))
                    .as("%s back to explicit", file)
                    .isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void streamsAPart10FilesDatasetAsAStoreScuWould() throws Exception {
        Attributes ds = sample();
        for (TransferSyntax ts : java.util.List.of(EVR, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            Part10Writer.write(file, ds, ts);
            try (Part10Reader reader = new Part10Reader(new ByteArrayInputStream(file.toByteArray()), "scu")) {
                assertThat(reader.readFileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID))
                        .isEqualTo(ds.getString(Tag.SOPInstanceUID));
                assertThat(reader.transferSyntax()).isEqualTo(ts);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Transcoder.transcode(reader.datasetStream(), reader.transferSyntax(), out, IVR, "scu");
                assertThat(out.toByteArray()).isEqualTo(DatasetWriter.toBytes(ds, IVR));
            }
        }
    }

    @Test
    void readsBigEndianAndDeflatedSources() {
        byte[] be = explicitLe("0028 0010 5553 0002 0200", "0028 0030 4453 0004 312E 3520");
        Attributes fromBe = new DatasetReader(
                        new ByteArrayInputStream(transcode(be, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, IVR)), IVR, "t")
                .read();
        assertThat(fromBe.getInt(Tag.Rows)).hasValue(512);
        assertThat(fromBe.getDouble(Tag.PixelSpacing)).hasValue(1.5);
        Attributes ds = sample();
        byte[] deflated = DatasetWriter.toBytes(ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(transcode(deflated, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, IVR))
                .isEqualTo(DatasetWriter.toBytes(ds, IVR));
        byte[] toDeflated =
                transcode(DatasetWriter.toBytes(ds, IVR), IVR, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(new DatasetReader(
                                new ByteArrayInputStream(toDeflated),
                                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                                "d")
                        .read())
                .isEqualTo(ds);
    }

    @Test
    void copiesUnchangedWhenTheEncodingIsTheSame() {
        byte[] in = DatasetWriter.toBytes(sample(), EVR);
        assertThat(transcode(in, EVR, EVR)).isEqualTo(in);
    }

    @Test
    void reportsTruncationWithOffsetAndTag() {
        byte[] in = DatasetWriter.toBytes(sample(), EVR);
        byte[] cut = Arrays.copyOf(in, in.length - 10);
        assertThatThrownBy(() -> transcode(cut, EVR, IVR))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(7FE0,0010)")
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesToCompressOrToWriteFragmentsNatively() {
        TransferSyntax jpeg = TransferSyntax.of("1.2.840.10008.1.2.4.50");
        assertThatThrownBy(() -> transcode(new byte[0], EVR, jpeg)).isInstanceOf(DicomException.class);
        byte[] fragments = explicitLe(
                "E07F 1000 4F42 0000 FFFFFFFF", "FEFF 00E0 00000000", "FEFF 00E0 02000000 0708", "FEFF DDE0 00000000");
        assertThat(transcode(fragments, jpeg, jpeg)).isEqualTo(fragments);
        assertThatThrownBy(() -> transcode(fragments, EVR, IVR))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("encapsulated");
    }
}
