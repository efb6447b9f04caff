package org.myoscreen.dicom.net.internal.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void echoRequestIsImplicitLittleEndianWithGroupLengthFirst() {
        String uid = HEX.formatHex("1.2.840.10008.1.1\0".getBytes(StandardCharsets.US_ASCII));
        String expected = "00000000" + "04000000" + "38000000"
                + "00000200" + "12000000" + uid
                + "00000001" + "02000000" + "3000"
                + "00001001" + "02000000" + "0100"
                + "00000008" + "02000000" + "0101";
        assertThat(HEX.formatHex(Command.cEchoRq(1, "1.2.840.10008.1.1").encode()))
                .isEqualTo(expected);
    }

    @Test
    void responseEchoesRequestAndCarriesStatusAndComment() {
        Command rq = Command.cStoreRq(42, "1.2.840.10008.5.1.4.1.1.4", "1.2.3", 0);
        byte[] bytes = Command.response(rq, 0xA700, Optional.of("disk\\full\n" + "x".repeat(100)))
                .encode();
        Command rsp = Command.decode(bytes, bytes.length, "test");

        assertThat(rsp.commandField()).isEqualTo(Command.C_STORE_RSP);
        assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(42);
        assertThat(rsp.status()).isEqualTo(0xA700);
        assertThat(rsp.hasDataset()).isFalse();
        assertThat(rsp.affectedSopInstanceUid()).contains("1.2.3");
        assertThat(rsp.affectedSopClassUid()).contains("1.2.840.10008.5.1.4.1.1.4");
        // LO: at most 64 characters, no backslash or control characters
        assertThat(rsp.errorComment()).hasValueSatisfying(c -> {
            assertThat(c).hasSizeLessThanOrEqualTo(64).startsWith("disk full").doesNotContain("\\");
        });
    }

    @Test
    void storeRequestSaysADatasetFollows() {
        byte[] bytes = Command.cStoreRq(1, "1.2", "1.3", 2).encode();
        Command c = Command.decode(bytes, bytes.length, "test");
        assertThat(c.hasDataset()).isTrue();
        assertThat(c.priority()).isEqualTo(2);
        assertThat(c.messageId()).isEqualTo(1);
    }
}
