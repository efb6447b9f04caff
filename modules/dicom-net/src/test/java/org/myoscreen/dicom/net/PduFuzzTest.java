package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.net.internal.dimse.Command;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.AReleaseRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.PduEncoder;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.Pdv;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;
import org.myoscreen.dicom.net.testing.RecordingHandler;

/**
 * Mutated PDU streams (byte flips, truncations, huge lengths, garbage) sent over raw sockets: every
 * connection must end (A-ABORT or close) and the acceptor must still answer a clean echo.
 */
class PduFuzzTest {
    private static final int CASES = 300;
    /** Hang detector: far above ARTIM (1 s) and idle (2 s) timeouts. */
    private static final int HANG_DETECTOR_MILLIS = 30_000;

    private static final int MAX_PDU = 16_384;

    private DicomAcceptor acceptor;

    @BeforeEach
    void start() throws IOException {
        acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .maxAssociations(4)
                                .artimTimeout(Duration.ofSeconds(1))
                                .idleTimeout(Duration.ofSeconds(2))
                                .maxPduLength(MAX_PDU)
                                .build(),
                        new RecordingHandler(),
                        AssociationListener.NONE)
                .start();
    }

    @AfterEach
    void stop() {
        acceptor.close();
    }

    /** A valid session: A-ASSOCIATE-RQ, a C-ECHO-RQ in one P-DATA-TF, A-RELEASE-RQ. */
    private static byte[] validSession() {
        AAssociateRq rq = new AAssociateRq(
                1,
                "MYOSCREEN",
                "FUZZER",
                PduType.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(
                        1,
                        PresentationContextPolicy.VERIFICATION,
                        List.of(PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN))),
                new UserInformation(MAX_PDU, "2.25.1", Optional.empty(), Optional.empty(), List.of(), List.of()));
        byte[] echo = Command.cEchoRq(1, PresentationContextPolicy.VERIFICATION).encode();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PduEncoder.encode(rq));
        out.writeBytes(PduEncoder.encode(new PDataTf(List.of(Pdv.of(1, true, true, echo)))));
        out.writeBytes(PduEncoder.encode(new AReleaseRq()));
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] session, Random random) {
        byte[] b = session.clone();
        int rqLength = 6 + (((b[2] & 0xFF) << 24) | ((b[3] & 0xFF) << 16) | ((b[4] & 0xFF) << 8) | (b[5] & 0xFF));
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 2 -> {
                // huge or over-the-limit length in the A-ASSOCIATE-RQ or in the P-DATA-TF header
                int at = random.nextBoolean() ? 2 : rqLength + 2;
                int[] lengths = {0xFFFFFFFF, 0x7FFFFFFF, MAX_PDU + 1, 0x00100001};
                int v = lengths[random.nextInt(lengths.length)];
                b[at] = (byte) (v >>> 24);
                b[at + 1] = (byte) (v >>> 16);
                b[at + 2] = (byte) (v >>> 8);
                b[at + 3] = (byte) v;
                return b;
            }
            case 3 -> {
                // PDV item length inside the P-DATA-TF
                int at = rqLength + 6 + random.nextInt(4);
                b[at] = (byte) random.nextInt(256);
                return b;
            }
            default -> {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                return garbage;
            }
        }
    }

    /** Sends the bytes and reads until the acceptor ends the connection. */
    private void exchange(byte[] bytes, boolean halfClose) throws IOException {
        try (Socket s = new Socket("127.0.0.1", acceptor.port())) {
            s.setSoTimeout(HANG_DETECTOR_MILLIS);
            try {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                return; // the acceptor already closed on us: that is an end too
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) >= 0) {
                    // drain answers (A-ASSOCIATE-AC/RJ, P-DATA, A-ABORT) until the close
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("connection not ended by the acceptor: hang", e);
            } catch (IOException e) {
                // reset by the acceptor: ended
            }
        }
    }

    @Test
    void everyMutatedStreamEndsAndTheAcceptorStillAnswersEcho() throws IOException {
        Random random = new Random(20260101L);
        byte[] session = validSession();
        for (int i = 0; i < CASES; i++) {
            byte[] mutated = mutate(session, random);
            // most peers vanish after sending (EOF mid-PDU); a few stay silent so ARTIM/idle must act
            exchange(mutated, i % 20 != 0);
        }

        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("CLEAN"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                        .build())) {
            assertThat(a.echo()).isEqualTo(DimseStatus.SUCCESS);
        }
    }

    @Test
    void unmutatedSessionIsServedToTheEnd() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket s = new Socket("127.0.0.1", acceptor.port())) {
            s.setSoTimeout(HANG_DETECTOR_MILLIS);
            s.getOutputStream().write(validSession());
            s.getInputStream().transferTo(received);
        }
        byte[] r = received.toByteArray();
        // A-ASSOCIATE-AC first, A-RELEASE-RP (06 00 00000004 00000000) last
        assertThat(r[0]).isEqualTo((byte) PduType.A_ASSOCIATE_AC);
        assertThat(java.util.Arrays.copyOfRange(r, r.length - 10, r.length))
                .containsExactly(6, 0, 0, 0, 0, 4, 0, 0, 0, 0);
    }

    @Test
    void silentPeerIsDroppedByArtim() throws IOException {
        try (Socket s = new Socket("127.0.0.1", acceptor.port())) {
            s.setSoTimeout(HANG_DETECTOR_MILLIS);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }
}
