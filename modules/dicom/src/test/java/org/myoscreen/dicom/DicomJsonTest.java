package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.testing.Json;

class DicomJsonTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> element(Attributes ds, int tag) {
        Map<String, Object> json = (Map<String, Object>) Json.parse(DicomJson.toJson(ds));
        return (Map<String, Object>) json.get(String.format("%08X", tag));
    }

    @Test
    void writesStringsAndEmptyValues() {
        Attributes ds = new Attributes();
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "", "AXIAL");
        ds.setString(Tag.AccessionNumber, VR.SH);
        assertThat(DicomJson.toJson(ds))
                .isEqualTo(
                        "{\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]},\"00080050\":{\"vr\":\"SH\"}}");
    }

    @Test
    void writesPersonNamesAsComponentGroups() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう", "Smith^J");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "=Ideo");
        assertThat(element(ds, Tag.PatientName).get("Value"))
                .isEqualTo(List.of(
                        Map.of("Alphabetic", "Yamada^Tarou", "Ideographic", "山田^太郎", "Phonetic", "やまだ^たろう"),
                        Map.of("Alphabetic", "Smith^J")));
        assertThat(element(ds, Tag.ReferringPhysicianName).get("Value"))
                .isEqualTo(List.of(Map.of("Ideographic", "Ideo")));
    }

    @Test
    void writesNumbersAsJsonNumbers() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.PixelSpacing, VR.DS, " +1.50\\.5 ".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.InstanceNumber, VR.IS, "007 ".getBytes(StandardCharsets.US_ASCII));
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.SmallestImagePixelValue, VR.SS, -2);
        ds.setDouble(Tag.RescaleSlope, VR.FD, 0.25);
        ds.setInt(Tag.SimpleFrameList, VR.UL, -1);
        String json = DicomJson.toJson(ds);
        assertThat(json)
                .contains("\"00280030\":{\"vr\":\"DS\",\"Value\":[1.50,0.5]}")
                .contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[7]}")
                .contains("\"00280010\":{\"vr\":\"US\",\"Value\":[512]}")
                .contains("\"00280106\":{\"vr\":\"SS\",\"Value\":[-2]}")
                .contains("\"00281053\":{\"vr\":\"FD\",\"Value\":[0.25]}")
                .contains("\"00081161\":{\"vr\":\"UL\",\"Value\":[4294967295]}");
    }

    @Test
    void writesNonNumbersAsStringsRatherThanInvalidJson() {
        Attributes ds = new Attributes();
        ds.setString(Tag.InstanceNumber, VR.IS, "1A");
        ds.setDouble(Tag.RescaleSlope, VR.FD, Double.NaN);
        assertThat(element(ds, Tag.InstanceNumber).get("Value")).isEqualTo(List.of("1A"));
        assertThat(element(ds, Tag.RescaleSlope).get("Value")).isEqualTo(List.of("NaN"));
    }

    @Test
    void writesTagsBinarySequencesAndEscapes() {
        Attributes ds = new Attributes();
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        ds.setBytes(0x00291010, VR.UN, new byte[] {1, 2, 3});
        ds.setBytes(Tag.PixelData, VR.OW, new byte[0]);
        ds.setString(Tag.ImageComments, VR.LT, "say \"hi\"\\\n\t\u0001");
        ds.newSequence(Tag.ReferencedImageSequence)
                .add(new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2"));
        ds.newSequence(Tag.ReferencedSeriesSequence);
        String json = DicomJson.toJson(ds);
        assertThat(json)
                .contains("\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\"]}")
                .contains("\"00291010\":{\"vr\":\"UN\",\"InlineBinary\":\"AQIDAA==\"}")
                .contains("\"7FE00010\":{\"vr\":\"OW\"}")
                .contains("\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}}]}")
                .contains("\"00081115\":{\"vr\":\"SQ\",\"Value\":[]}");
        assertThat(element(ds, Tag.ImageComments).get("Value")).isEqualTo(List.of("say \"hi\"\\\n\t\u0001"));
    }

    @Test
    void keepsValidDecimalSpellingAndFixesInvalidOnes() {
        assertThat(DicomJson.jsonNumber("1.5e3")).isEqualTo("1.5e3");
        assertThat(DicomJson.jsonNumber("+2")).isEqualTo("2");
        assertThat(DicomJson.jsonNumber("01")).isEqualTo("1");
        assertThat(DicomJson.jsonNumber("-.5")).isEqualTo("-0.5");
        assertThat(DicomJson.jsonNumber("5.")).isEqualTo("5");
        assertThat(DicomJson.jsonNumber("-0.0")).isEqualTo("0");
        assertThat(DicomJson.jsonNumber("x")).isNull();
    }
}
