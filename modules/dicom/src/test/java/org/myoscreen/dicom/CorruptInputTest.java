package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.myoscreen.dicom.ReadWriteTest.explicitLe;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.testing.TestDatasets;

class CorruptInputTest {

    private static DicomParseException parseError(byte[] bytes, TransferSyntax ts) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> new DatasetReader(new ByteArrayInputStream(bytes), ts, "corrupt.dcm").read());
        assertThat(t).isInstanceOf(DicomParseException.class);
        return (DicomParseException) t;
    }

    @Test
    void truncatedValueNamesOffsetAndTag() {
        byte[] bytes = explicitLe("0800 1600 5549 0200 3100", "1000 2000 4C4F 0800 4142");
        DicomParseException e = parseError(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(e.offset()).isEqualTo(10);
        assertThat(e.tag()).hasValue(Tag.PatientID);
        assertThat(e.source()).isEqualTo("corrupt.dcm");
        assertThat(e.getMessage()).contains("corrupt.dcm").contains("offset=10").contains("(0010,0020)");
    }

    @Test
    void truncatedHeader() {
        DicomParseException e = parseError(explicitLe("0800 1600 55"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(e.offset()).isZero();
        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void badVrBytes() {
        DicomParseException e =
                parseError(explicitLe("0800 1600 0102 0200 3100"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(e.getMessage()).contains("bad VR bytes 0x01 0x02");
        assertThat(e.tag()).hasValue(Tag.SOPClassUID);
    }

    @Test
    void hugeLengthFailsWithoutAllocating(@TempDir Path dir) throws Exception {
        byte[] bytes = explicitLe("E07F 1000 4F42 0000 FEFFFF7F 0000");
        DicomParseException e = parseError(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(e.getMessage()).contains("too large");
        byte[] big = explicitLe("E07F 1000 4F42 0000 0000FF7F 0000");
        assertThat(parseError(big, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).getMessage())
                .contains("truncated");
        Path file = dir.resolve("big.dcm");
        Files.write(file, big);
        assertThatThrownBy(() -> Part10Reader.read(file))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("exceeds the 2 bytes left");
    }

    @Test
    void itemLengthPastItsSequence() {
        byte[] bytes = explicitLe("0800 4011 5351 0000 12000000", "FEFF 00E0 20000000", "0800 5511 5549 0200 3100");
        assertThat(parseError(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).getMessage())
                .contains("enclosing item");
    }

    @Test
    void missingItemTagInSequence() {
        byte[] bytes = explicitLe("0800 4011 5351 0000 FFFFFFFF", "0800 5511 5549 0200 3100");
        assertThat(parseError(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).getMessage())
                .contains("expected an item tag");
    }

    @Test
    void unterminatedSequenceIsTruncation() {
        byte[] bytes = explicitLe("0800 4011 5351 0000 FFFFFFFF", "FEFF 00E0 FFFFFFFF", "0800 5511 5549 0200 3100");
        assertThat(parseError(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).getMessage())
                .contains("truncated");
    }

    @Test
    void deepNestingIsRejected() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            hex.append("0800 4011 5351 0000 FFFFFFFF FEFF 00E0 FFFFFFFF ");
        }
        assertThat(parseError(explicitLe(hex.toString()), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                        .getMessage())
                .contains("nested deeper");
    }

    @Test
    void truncatedFileFromPart10Reader() {
        byte[] whole = DatasetWriter.toBytes(TestDatasets.mrImage(16, 16), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] cut = Arrays.copyOf(whole, whole.length - 100);
        assertThatThrownBy(() -> new Part10Reader(new ByteArrayInputStream(cut), "cut.dcm").read())
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("cut.dcm")
                .hasMessageContaining("(7FE0,0010)");
    }
}
