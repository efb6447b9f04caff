package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void stringsAreTrimmedSplitAndPadded() {
        Attributes ds = new Attributes();
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AX");
        assertThat(ds.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AX");
        assertThat(ds.getString(Tag.ImageType)).hasValue("ORIGINAL");
        assertThat(ds.getBytes(Tag.ImageType).orElseThrow()).hasSize(20).endsWith((byte) ' ');
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        assertThat(ds.getBytes(Tag.SOPInstanceUID).orElseThrow()).containsExactly('1', '.', '2', '.', '3', 0);
        assertThat(ds.getString(Tag.SOPInstanceUID)).hasValue("1.2.3");
        ds.setBytes(Tag.PatientID, VR.LO, "  ID 7  ".getBytes(StandardCharsets.US_ASCII));
        assertThat(ds.getString(Tag.PatientID)).hasValue("ID 7");
        ds.setBytes(Tag.StudyDescription, VR.LO, new byte[0]);
        assertThat(ds.getString(Tag.StudyDescription)).isEmpty();
        assertThat(ds.getString(Tag.StudyDescription, "none")).isEqualTo("none");
        assertThat(ds.getString(Tag.PatientName)).isEmpty();
        assertThat(ds.getStrings(Tag.PatientName)).isEmpty();
    }

    @Test
    void textKeepsLeadingSpaces() {
        Attributes ds = new Attributes();
        ds.setString(Tag.ImageComments, VR.LT, "  indented\\not split ");
        assertThat(ds.getStrings(Tag.ImageComments)).containsExactly("  indented\\not split");
    }

    @Test
    void emptyComponentsOfMultiValuedStringsAreKept() {
        Attributes ds = new Attributes();
        ds.setString(Tag.ImageType, VR.CS, "A", "", "C");
        assertThat(ds.getStrings(Tag.ImageType)).containsExactly("A", "", "C");
    }

    @Test
    void rejectsBackslashInMultiValuedValuesAndWrongVrs() {
        Attributes ds = new Attributes();
        assertThatThrownBy(() -> ds.setString(Tag.PatientID, VR.LO, "a\\b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.setString(Tag.Rows, VR.US, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.setInt(Tag.PatientID, VR.LO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.setInt(Tag.Rows, VR.US, 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.setInt(Tag.Rows, VR.US, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryIntegersRoundTrip() {
        Attributes ds = new Attributes();
        ds.setInt(Tag.Rows, VR.US, 65535);
        ds.setInt(Tag.SmallestImagePixelValue, VR.SS, -5);
        ds.setInt(Tag.SimpleFrameList, VR.UL, 1, 2, 3);
        ds.setInt(Tag.ReferencedFrameNumber, VR.SL, Integer.MIN_VALUE);
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        assertThat(ds.getInt(Tag.Rows)).hasValue(65535);
        assertThat(ds.getInt(Tag.SmallestImagePixelValue)).hasValue(-5);
        assertThat(ds.getInts(Tag.SimpleFrameList)).containsExactly(1, 2, 3);
        assertThat(ds.getInt(Tag.ReferencedFrameNumber, 0)).isEqualTo(Integer.MIN_VALUE);
        assertThat(ds.getInt(Tag.FrameIncrementPointer)).hasValue(Tag.FrameTime);
        assertThat(ds.getBytes(Tag.FrameIncrementPointer).orElseThrow()).containsExactly(0x18, 0x00, 0x63, 0x10);
        assertThat(ds.getString(Tag.FrameIncrementPointer)).hasValue("00181063");
        assertThat(ds.getString(Tag.Rows)).hasValue("65535");
        assertThat(ds.getDoubles(Tag.SimpleFrameList)).containsExactly(1, 2, 3);
        assertThat(ds.getInts(Tag.Columns)).isEmpty();
        assertThat(ds.getInt(Tag.Columns, 7)).isEqualTo(7);
        assertThat(ds.getBytes(Tag.Rows).orElseThrow()).containsExactly(0xFF, 0xFF);
    }

    @Test
    void integerStringsAndDecimalStrings() {
        Attributes ds = new Attributes();
        ds.setInt(Tag.InstanceNumber, VR.IS, -12);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.5, 1.0 / 3.0);
        ds.setDouble(Tag.SliceThickness, VR.DS, 3);
        assertThat(ds.getInt(Tag.InstanceNumber)).hasValue(-12);
        assertThat(ds.getString(Tag.InstanceNumber)).hasValue("-12");
        assertThat(ds.getStrings(Tag.PixelSpacing).get(1).length()).isLessThanOrEqualTo(16);
        assertThat(ds.getDoubles(Tag.PixelSpacing)[1]).isCloseTo(1.0 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ds.getString(Tag.SliceThickness)).hasValue("3");
        assertThat(ds.getInt(Tag.SliceThickness)).hasValue(3);
        assertThat(ds.getDouble(Tag.InstanceNumber)).hasValue(-12.0);
        ds.setBytes(Tag.SeriesNumber, VR.IS, " +7 ".getBytes(StandardCharsets.US_ASCII));
        assertThat(ds.getInt(Tag.SeriesNumber)).hasValue(7);
        ds.setBytes(Tag.EchoTime, VR.DS, "1.5e1 ".getBytes(StandardCharsets.US_ASCII));
        assertThat(ds.getDouble(Tag.EchoTime, 0)).isEqualTo(15.0);
        ds.setString(Tag.AcquisitionNumber, VR.IS, "x");
        assertThatThrownBy(() -> ds.getInt(Tag.AcquisitionNumber))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("(0020,0012)");
        assertThatThrownBy(() -> ds.getInt(Tag.PixelSpacing)).isInstanceOf(DicomException.class);
        assertThat(Attributes.formatDecimalString(0, Math.PI * 1e-20).length()).isLessThanOrEqualTo(16);
        assertThat(Double.parseDouble(Attributes.formatDecimalString(0, 123456789.123456789)))
                .isCloseTo(123456789.123456789, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void valueBufferIsAReadOnlyLittleEndianView() {
        Attributes ds = new Attributes().setInt(Tag.Rows, VR.US, 0x1234);
        java.nio.ByteBuffer b = ds.get(Tag.Rows).orElseThrow().valueBuffer();
        assertThat(b.isReadOnly()).isTrue();
        assertThat(b.getShort(0)).isEqualTo((short) 0x1234);
        assertThat(ds.newSequence(Tag.ReferencedImageSequence)).isEmpty();
        assertThat(ds.get(Tag.ReferencedImageSequence)
                        .orElseThrow()
                        .valueBuffer()
                        .remaining())
                .isZero();
    }

    @Test
    void veryLongAndBulkIntegerVrs() {
        Attributes ds = new Attributes();
        ds.setLongs(0x00720082, VR.SV, -5L, Long.MAX_VALUE);
        ds.setLongs(0x00720083, VR.UV, -1L);
        ds.setInt(Tag.RedPaletteColorLookupTableData, VR.OW, 1, 65535);
        ds.setInt(Tag.TrackPointIndexList, VR.OL, 7, -1);
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {(byte) 0xFF, 1});
        assertThat(ds.getStrings(0x00720082)).containsExactly("-5", Long.toString(Long.MAX_VALUE));
        assertThat(ds.getStrings(0x00720083)).containsExactly("18446744073709551615");
        assertThat(ds.getDoubles(0x00720083)[0]).isEqualTo(1.8446744073709552E19);
        assertThat(ds.getInts(Tag.RedPaletteColorLookupTableData)).containsExactly(1, 65535);
        assertThat(ds.getInts(Tag.TrackPointIndexList)).containsExactly(7, -1);
        assertThat(ds.getDoubles(Tag.TrackPointIndexList)).containsExactly(7, 4294967295.0);
        assertThat(ds.getInts(Tag.EncapsulatedDocument)).containsExactly(255, 1);
        assertThatThrownBy(() -> ds.setInt(Tag.Rows, VR.SQ, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.setInt(Tag.SmallestImagePixelValue, VR.SS, 40000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bulkFloatsAndNumbersFromText() {
        Attributes ds = new Attributes();
        ds.setDouble(Tag.FloatPixelData, VR.OF, 1.5, -2);
        ds.setDouble(Tag.DoubleFloatPixelData, VR.OD, 0.125);
        ds.setDouble(Tag.InstanceNumber, VR.IS, 42);
        ds.setDouble(Tag.Rows, VR.US, 3);
        assertThat(ds.getDoubles(Tag.FloatPixelData)).containsExactly(1.5, -2);
        assertThat(ds.getDoubles(Tag.DoubleFloatPixelData)).containsExactly(0.125);
        assertThat(ds.getString(Tag.InstanceNumber)).hasValue("42");
        assertThat(ds.getInt(Tag.Rows)).hasValue(3);
        assertThatThrownBy(() -> ds.setDouble(Tag.InstanceNumber, VR.IS, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.setDouble(Tag.SliceThickness, VR.DS, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        ds.setDouble(Tag.RescaleSlope, VR.FL, 0.1);
        assertThat(ds.getString(Tag.RescaleSlope)).hasValue("0.1");
        assertThat(ds.getStrings(Tag.FloatPixelData)).isEmpty();
    }

    @Test
    void misspelledCharacterSetTermsAreUnderstood() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR_192");
        ds.setBytes(Tag.PatientName, VR.PN, "Ωμέγα".getBytes(StandardCharsets.UTF_8));
        assertThat(ds.getString(Tag.PatientName)).hasValue("Ωμέγα");
    }

    @Test
    void floatsRoundTrip() {
        Attributes ds = new Attributes();
        ds.setDouble(Tag.RescaleSlope, VR.FD, 2.5);
        ds.setDouble(Tag.MRAcquisitionPhaseEncodingStepsInPlane, VR.FL, 1.25f);
        assertThat(ds.getDouble(Tag.RescaleSlope)).hasValue(2.5);
        assertThat(ds.getDoubles(Tag.MRAcquisitionPhaseEncodingStepsInPlane)).containsExactly(1.25);
        ds.setInt(Tag.EchoTrainLength, VR.FD, 4);
        assertThat(ds.getInt(Tag.EchoTrainLength)).hasValue(4);
    }

    @Test
    void sequencesHoldItemsThatInheritTheCharacterSet() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        List<Attributes> items = ds.newSequence(Tag.ReferencedSeriesSequence);
        Attributes item = new Attributes();
        items.add(item);
        item.setString(Tag.PatientName, VR.PN, "Ærøskøbing^Ådne");
        assertThat(item.specificCharacterSet()).isEqualTo("ISO_IR 192");
        assertThat(item.getBytes(Tag.PatientName).orElseThrow()).hasSize(20).endsWith((byte) ' ');
        assertThat(item.getString(Tag.PatientName)).hasValue("Ærøskøbing^Ådne");
        assertThat(ds.getSequence(Tag.ReferencedSeriesSequence)).containsExactly(item);
        assertThat(ds.getSequence(Tag.ReferencedImageSequence)).isEmpty();
        assertThat(ds.get(Tag.ReferencedSeriesSequence).orElseThrow().isSequence())
                .isTrue();
    }

    @Test
    void decodesLatin1AndUtf8AndDefault() {
        byte[] latin1 = "Müller".getBytes(StandardCharsets.ISO_8859_1);
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a.setBytes(Tag.PatientName, VR.PN, latin1);
        assertThat(a.getString(Tag.PatientName)).hasValue("Müller");
        Attributes u = new Attributes();
        u.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        u.setBytes(Tag.PatientName, VR.PN, "Müller^Ωμέγα".getBytes(StandardCharsets.UTF_8));
        assertThat(u.getString(Tag.PatientName)).hasValue("Müller^Ωμέγα");
        Attributes d = new Attributes();
        d.setBytes(Tag.PatientName, VR.PN, "Smith^J".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.getString(Tag.PatientName)).hasValue("Smith^J");
        assertThat(d.specificCharacterSet()).isEmpty();
        // a UTF-8 dataset does not change how UI (default repertoire) is read
        u.setString(Tag.SOPInstanceUID, VR.UI, "1.2");
        assertThat(u.getString(Tag.SOPInstanceUID)).hasValue("1.2");
    }

    @Test
    void decodesIso2022Japanese() {
        // PS3.5 annex H example: Yamada^Tarou=山田^太郎=やまだ^たろう
        byte[] bytes = {
            0x59, 0x61, 0x6d, 0x61, 0x64, 0x61, 0x5e, 0x54, 0x61, 0x72, 0x6f, 0x75, 0x3d, 0x1b, 0x24, 0x42, 0x3b, 0x33,
            0x45, 0x44, 0x1b, 0x28, 0x42, 0x5e, 0x1b, 0x24, 0x42, 0x42, 0x40, 0x4f, 0x3a, 0x1b, 0x28, 0x42, 0x3d, 0x1b,
            0x24, 0x42, 0x24, 0x64, 0x24, 0x5e, 0x24, 0x40, 0x1b, 0x28, 0x42, 0x5e, 0x1b, 0x24, 0x42, 0x24, 0x3f, 0x24,
            0x6d, 0x24, 0x26, 0x1b, 0x28, 0x42
        };
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 87");
        ds.setBytes(Tag.PatientName, VR.PN, bytes);
        assertThat(ds.getString(Tag.PatientName)).hasValue("Yamada^Tarou=山田^太郎=やまだ^たろう");
    }

    @Test
    void unknownCharacterSetsFallBackWithoutFailing() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "NO SUCH SET");
        ds.setBytes(Tag.PatientName, VR.PN, new byte[] {'A', (byte) 0xE9});
        assertThat(ds.getString(Tag.PatientName)).hasValue("Aé");
    }

    @Test
    void removeAddAllAndCopy() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientID, VR.LO, "1");
        ds.newSequence(Tag.ReferencedImageSequence)
                .add(new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2"));
        Attributes copy = ds.copy();
        assertThat(copy).isEqualTo(ds);
        copy.getSequence(Tag.ReferencedImageSequence).get(0).setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.3");
        assertThat(ds.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID))
                .hasValue("1.2");
        assertThat(ds.remove(Tag.PatientID)).isPresent();
        assertThat(ds.remove(Tag.PatientID)).isEmpty();
        assertThat(ds.contains(Tag.PatientID)).isFalse();
        assertThat(ds.size()).isEqualTo(1);
        Attributes target = new Attributes().addAll(copy);
        assertThat(target.size()).isEqualTo(2);
        assertThat(target.isEmpty()).isFalse();
        assertThat(new Attributes().isEmpty()).isTrue();
    }

    @Test
    void iteratesInTagOrderWithPrivateAndHighGroupsLast() {
        Attributes ds = new Attributes();
        ds.setBytes(0xFFFAFFFA, VR.UN, new byte[] {1, 2});
        ds.setString(Tag.PatientID, VR.LO, "1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2");
        assertThat(ds.tags()).containsExactly(Tag.SOPInstanceUID, Tag.PatientID, 0xFFFAFFFA);
    }
}
