package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.myoscreen.dicom.net.DimseFuzzer.Element;
import static org.myoscreen.dicom.net.DimseFuzzer.ui;
import static org.myoscreen.dicom.net.DimseFuzzer.us;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.net.internal.dimse.Command;
import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.testing.RecordingHandler;
import org.myoscreen.dicom.net.testing.ScriptedPeer;

/**
 * The acceptor's checks of a received command set (the defects {@link DimseFuzzer} found): a request without the
 * fields a response needs, or a response sent to an SCP, ends in an A-ABORT with a reason that says so; a C-CANCEL
 * is dropped without a response; a C-ECHO for anything but Verification is refused 0122.
 */
class DimseCommandChecksTest {
    private final BlockingQueue<String> aborts = new LinkedBlockingQueue<>();
    private DicomAcceptor acceptor;

    @BeforeEach
    void start() throws IOException {
        acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .artimTimeout(Duration.ofSeconds(2))
                                .idleTimeout(Duration.ofSeconds(5))
                                .build(),
                        new RecordingHandler(),
                        new AssociationListener() {
                            @Override
                            public void associationAborted(AssociationInfo a, String reason) {
                                aborts.add(reason);
                            }
                        })
                .start();
    }

    @AfterEach
    void stop() {
        acceptor.close();
    }

    private ScriptedPeer associated() throws IOException {
        ScriptedPeer peer = new ScriptedPeer(acceptor.port());
        peer.send(ScriptedPeer.request(
                "MYOSCREEN",
                16384,
                new PresentationContextRq(DimseFuzzer.PC_ECHO, DimseFuzzer.VERIFICATION, List.of(DimseFuzzer.IVR)),
                new PresentationContextRq(DimseFuzzer.PC_MR, DimseFuzzer.MR, List.of(DimseFuzzer.IVR))));
        assertThat(peer.receive()).isInstanceOf(AAssociateAc.class);
        return peer;
    }

    private static byte[] command(Element... elements) {
        return DimseFuzzer.encode(List.of(elements), Optional.empty());
    }

    private static Element field(int f) {
        return Element.of(Command.COMMAND_FIELD, us(f));
    }

    private static Element messageId(int id) {
        return Element.of(Command.MESSAGE_ID, us(id));
    }

    private static final Element VERIFICATION_CLASS =
            Element.of(Command.AFFECTED_SOP_CLASS_UID, ui(DimseFuzzer.VERIFICATION));
    private static final Element NO_DATASET = Element.of(Command.COMMAND_DATA_SET_TYPE, us(Command.NO_DATASET));

    /** Sends the command on the Verification context and returns the abort reason the acceptor reported. */
    private String abortReasonFor(byte[] command) throws Exception {
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(DimseFuzzer.PC_ECHO, true, true, command);
            // the first PDU back is the A-ABORT: no response came before it (closing now spares the ARTIM wait)
            assertThat(peer.receive()).as("no response, an A-ABORT").isInstanceOf(AAbort.class);
        }
        String reason = aborts.poll(30, TimeUnit.SECONDS);
        assertThat(reason).as("abort reported").isNotNull();
        return reason;
    }

    private static Command response(ScriptedPeer peer) throws IOException {
        byte[] cmd = ScriptedPeer.commandBytes((PDataTf) peer.receive());
        return Command.decode(cmd, cmd.length, "rsp");
    }

    @Test
    void echoWithoutMessageIdIsAbortedInsteadOfAnsweredAsMessageZero() throws Exception {
        assertThat(abortReasonFor(command(VERIFICATION_CLASS, field(Command.C_ECHO_RQ), NO_DATASET)))
                .contains("without a Message ID");
    }

    @Test
    void commandSetWithoutCommandFieldIsAbortedWithThatReason() throws Exception {
        assertThat(abortReasonFor(command(VERIFICATION_CLASS, messageId(3), NO_DATASET)))
                .contains("without a Command Field");
    }

    @Test
    void commandFieldOfFourBytesIsNotReadAsAnEcho() throws Exception {
        assertThat(abortReasonFor(command(
                        VERIFICATION_CLASS,
                        Element.of(Command.COMMAND_FIELD, new byte[] {0x30, 0, 0, 0}),
                        messageId(3),
                        NO_DATASET)))
                .contains("without a Command Field");
    }

    @Test
    void echoWithoutCommandDataSetTypeIsAborted() throws Exception {
        assertThat(abortReasonFor(command(VERIFICATION_CLASS, field(Command.C_ECHO_RQ), messageId(3))))
                .contains("without a Command Data Set Type");
    }

    @Test
    void responseSentToTheScpIsAbortedNotAnswered() throws Exception {
        assertThat(abortReasonFor(command(
                        VERIFICATION_CLASS,
                        field(Command.C_ECHO_RSP),
                        Element.of(Command.MESSAGE_ID_BEING_RESPONDED_TO, us(3)),
                        NO_DATASET,
                        Element.of(Command.STATUS, us(0)))))
                .contains("response 0x8030 received");
    }

    @Test
    void cancelGetsNoResponseAndTheAssociationGoesOn() throws Exception {
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(
                    DimseFuzzer.PC_ECHO,
                    true,
                    true,
                    command(
                            field(Command.C_CANCEL_RQ),
                            Element.of(Command.MESSAGE_ID_BEING_RESPONDED_TO, us(3)),
                            NO_DATASET));
            peer.sendPdv(
                    DimseFuzzer.PC_ECHO,
                    true,
                    true,
                    Command.cEchoRq(4, DimseFuzzer.VERIFICATION).encode());
            // the first answer is the echo's: the cancel had none
            Command rsp = response(peer);
            assertThat(rsp.commandField()).isEqualTo(Command.C_ECHO_RSP);
            assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(4);
            assertThat(rsp.status()).isZero();
        }
    }

    @Test
    void echoForAnotherSopClassOrOnAStorageContextIsRefusedAsSopClassNotSupported() throws Exception {
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(
                    DimseFuzzer.PC_ECHO,
                    true,
                    true,
                    Command.cEchoRq(5, DimseFuzzer.MR).encode());
            Command rsp = response(peer);
            assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(5);
            assertThat(rsp.status()).isEqualTo(0x0122);
            assertThat(rsp.errorComment()).hasValueSatisfying(c -> assertThat(c).contains(DimseFuzzer.MR));

            peer.sendPdv(DimseFuzzer.PC_MR, true, true, command(field(Command.C_ECHO_RQ), messageId(6), NO_DATASET));
            rsp = response(peer);
            assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(6);
            assertThat(rsp.status()).isEqualTo(0x0122);

            // a C-ECHO without Affected SOP Class UID takes its context's: served on Verification
            peer.sendPdv(DimseFuzzer.PC_ECHO, true, true, command(field(Command.C_ECHO_RQ), messageId(7), NO_DATASET));
            rsp = response(peer);
            assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(7);
            assertThat(rsp.status()).isZero();
        }
    }
}
