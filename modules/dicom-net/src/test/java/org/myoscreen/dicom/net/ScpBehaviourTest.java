package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.internal.dimse.Command;
import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AReleaseRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.Pdu;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.testing.Dcmtk;
import org.myoscreen.dicom.net.testing.Instances;
import org.myoscreen.dicom.net.testing.RecordingHandler;
import org.myoscreen.dicom.net.testing.ScriptedPeer;

/** Acceptor behaviour in situations driven PDU by PDU from a scripted peer. */
class ScpBehaviourTest {
    private static final String IVR = PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN;
    private static final String MR = PresentationContextPolicy.MR_IMAGE_STORAGE;

    @TempDir
    Path dir;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private DicomAcceptor acceptor;

    private final AssociationListener listener = new AssociationListener() {
        @Override
        public void associationOpened(AssociationInfo a) {
            events.add("opened");
        }

        @Override
        public void associationClosed(AssociationInfo a, String reason) {
            events.add("closed:" + reason);
        }

        @Override
        public void associationAborted(AssociationInfo a, String reason) {
            events.add("aborted");
        }

        @Override
        public void associationRejected(String calling, String called, int result, int source, int reason) {
            events.add("rejected:" + result + "," + source + "," + reason);
        }

        @Override
        public void storeStarted(StoreRequest r) {
            events.add("storeStarted");
        }

        @Override
        public void storeFinished(StoreRequest r, StoreResponse s, long bytes) {
            events.add("storeFinished:" + s.status().hex());
        }

        @Override
        public void storeLost(StoreRequest r, long bytes, String reason) {
            events.add("storeLost:" + bytes);
        }
    };

    private void start(CStoreHandler handler, int maxPdu) throws IOException {
        acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .artimTimeout(Duration.ofSeconds(2))
                                .idleTimeout(Duration.ofSeconds(5))
                                .maxPduLength(maxPdu)
                                .build(),
                        handler,
                        listener)
                .start();
    }

    @AfterEach
    void stop() {
        if (acceptor != null) {
            acceptor.close();
        }
    }

    private String nextEvent() throws InterruptedException {
        String e = events.poll(30, TimeUnit.SECONDS);
        assertThat(e).as("listener event").isNotNull();
        return e;
    }

    private ScriptedPeer associated() throws IOException {
        ScriptedPeer peer = new ScriptedPeer(acceptor.port());
        peer.send(ScriptedPeer.request("MYOSCREEN", 16384, new PresentationContextRq(1, MR, List.of(IVR))));
        assertThat(peer.receive()).isInstanceOf(AAssociateAc.class);
        return peer;
    }

    private static byte[] storeRq() {
        return Command.cStoreRq(7, MR, "1.2.3.4", 0).encode();
    }

    @Test
    void datasetIsStreamedToTheHandlerBeforeTheLastFragmentArrives() throws Exception {
        CountDownLatch firstBytesSeen = new CountDownLatch(1);
        CountDownLatch restSent = new CountDownLatch(1);
        start(
                (request, dataset) -> {
                    byte[] first = dataset.readNBytes(1000);
                    assertThat(first).hasSize(1000);
                    firstBytesSeen.countDown();
                    long rest = dataset.transferTo(java.io.OutputStream.nullOutputStream());
                    return rest == 1000
                            ? StoreResponse.success()
                            : StoreResponse.of(DimseStatus.PROCESSING_FAILURE, "short");
                },
                16384);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(1, true, true, storeRq());
            peer.sendPdv(1, false, false, new byte[1000]);
            // the handler must see the first fragment while the last one has not been sent yet
            assertThat(firstBytesSeen.await(30, TimeUnit.SECONDS)).isTrue();
            peer.sendPdv(1, false, true, new byte[1000]);
            restSent.countDown();
            PDataTf rsp = (PDataTf) peer.receive();
            Command c = Command.decode(ScriptedPeer.commandBytes(rsp), ScriptedPeer.commandBytes(rsp).length, "rsp");
            assertThat(c.commandField()).isEqualTo(Command.C_STORE_RSP);
            assertThat(c.messageIdBeingRespondedTo()).isEqualTo(7);
            assertThat(c.status()).isZero();
            assertThat(c.affectedSopInstanceUid()).contains("1.2.3.4");
        }
    }

    @Test
    void workAttachedToAResponseRunsOnlyOnceThePeerHasTheResponse() throws Exception {
        CountDownLatch peerHasResponse = new CountDownLatch(1);
        BlockingQueue<Boolean> ranAfterPeerHadIt = new LinkedBlockingQueue<>();
        // blocks the association's thread: had it run before the send, the peer would wait in vain
        start(
                successThen(() -> {
                    try {
                        ranAfterPeerHadIt.add(peerHasResponse.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }),
                16384);
        try (ScriptedPeer peer = associated()) {
            storeAndExpectSuccess(peer);
            peerHasResponse.countDown();
            assertThat(ranAfterPeerHadIt.poll(30, TimeUnit.SECONDS)).isTrue();
            peer.send(new AReleaseRq());
            assertThat(peer.receive().type()).isEqualTo(0x06);
        }
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("opened", "storeStarted", "storeFinished:0000", "closed:released");
    }

    @Test
    void workAttachedToAResponseThatFailsLeavesTheAssociationServing() throws Exception {
        start(
                successThen(() -> {
                    throw new IllegalStateException("bookkeeping failed");
                }),
                16384);
        try (ScriptedPeer peer = associated()) {
            storeAndExpectSuccess(peer);
            storeAndExpectSuccess(peer);
            peer.send(new AReleaseRq());
            assertThat(peer.receive().type()).isEqualTo(0x06);
        }
    }

    /** A handler that reads the dataset and answers Success with {@code afterSent} attached. */
    private static CStoreHandler successThen(Runnable afterSent) {
        return (request, dataset) -> {
            dataset.transferTo(java.io.OutputStream.nullOutputStream());
            return new StoreResponse(DimseStatus.SUCCESS, Optional.empty(), afterSent);
        };
    }

    /** Sends one C-STORE of 1000 bytes and expects a Success response. */
    private static void storeAndExpectSuccess(ScriptedPeer peer) throws IOException {
        peer.sendPdv(1, true, true, storeRq());
        peer.sendPdv(1, false, true, new byte[1000]);
        byte[] cmd = ScriptedPeer.commandBytes((PDataTf) peer.receive());
        assertThat(Command.decode(cmd, cmd.length, "rsp").status()).isZero();
    }

    @Test
    void handlerThatReadsNothingStillGetsItsStatusSentAfterTheDataIsDrained() throws Exception {
        start((request, dataset) -> StoreResponse.of(DimseStatus.WARNING_COERCION, "ignored"), 16384);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(1, true, true, storeRq());
            for (int i = 0; i < 5; i++) {
                peer.sendPdv(1, false, i == 4, new byte[4000]);
            }
            byte[] cmd = ScriptedPeer.commandBytes((PDataTf) peer.receive());
            assertThat(Command.decode(cmd, cmd.length, "rsp").status()).isEqualTo(0xB000);
            peer.send(new AReleaseRq());
            assertThat(peer.receive().type()).isEqualTo(0x06);
        }
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("opened", "storeStarted", "storeFinished:B000", "closed:released");
    }

    @Test
    void peerAbortMidDatasetEndsTheStoreWithoutResponseAndTheListenerSeesIt() throws Exception {
        CountDownLatch handlerFailed = new CountDownLatch(1);
        start(
                (request, dataset) -> {
                    try {
                        dataset.readAllBytes();
                    } catch (IOException e) {
                        handlerFailed.countDown();
                        throw e;
                    }
                    return StoreResponse.success();
                },
                16384);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(1, true, true, storeRq());
            peer.sendPdv(1, false, false, new byte[2000]);
            peer.send(new AAbort(0, 0));
            assertThat(peer.receiveUntilClosed()).isEmpty();
        }
        assertThat(handlerFailed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("opened", "storeStarted", "storeLost:2000", "aborted", "closed:aborted");
    }

    @Test
    void peerStoppingMidPduGetsAbortedAndOthersAreStillServed() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        start(handler, 16384);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(1, true, true, storeRq());
            // a P-DATA-TF header announcing 1000 bytes, then only 10 of them and a half-close
            peer.sendRaw(new byte[] {4, 0, 0, 0, 3, (byte) 0xE8, 0, 0, 3, (byte) 0xE4, 1, 0, 1, 2, 3, 4});
            peer.shutdownOutput();
            List<Pdu> answers = peer.receiveUntilClosed();
            assertThat(answers).hasSize(1).first().isInstanceOf(AAbort.class);
        }
        assertThat(handler.received()).isEmpty();
        Path mr = dir.resolve("mr.dcm");
        Attributes sent = Instances.writeMr(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("OTHER"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(DicomConnector.proposalsFor(List.of(mr)))
                        .build())) {
            assertThat(a.store(mr).status()).isEqualTo(DimseStatus.SUCCESS);
        }
        Instances.assertSameContent(
                Instances.parse(
                        handler.received().get(0).dataset(),
                        handler.received().get(0).request().transferSyntaxUid()),
                sent);
    }

    @Test
    void handlerThatThrowsWithoutAMessageIsAnsweredCannotUnderstandWithAComment() throws Exception {
        start(
                (request, data) -> {
                    throw new NullPointerException();
                },
                16384);
        Path mr = dir.resolve("mr.dcm");
        Instances.writeMr(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(DicomConnector.proposalsFor(List.of(mr)))
                        .build())) {
            StoreResult result = a.store(mr);
            assertThat(result.status()).isEqualTo(DimseStatus.ERROR_CANNOT_UNDERSTAND);
            assertThat(result.errorComment())
                    .hasValueSatisfying(c -> assertThat(c).contains("NullPointerException"));
            // the association survives the handler's failure
            assertThat(a.store(mr).status()).isEqualTo(DimseStatus.ERROR_CANNOT_UNDERSTAND);
        }
    }

    @Test
    void pDataLongerThanOurMaximumIsAborted() throws Exception {
        start(new RecordingHandler(), 4096);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(1, true, true, storeRq());
            peer.sendPdv(1, false, true, new byte[5000]);
            List<Pdu> answers = peer.receiveUntilClosed();
            assertThat(answers).hasSize(1).first().isInstanceOf(AAbort.class);
            assertThat(((AAbort) answers.get(0)).source()).isEqualTo(AAbort.SOURCE_SERVICE_PROVIDER);
        }
    }

    @Test
    void ourRequestorFragmentsToTheAcceptorsSmallMaximum() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        start(handler, 4096);
        Path mr = dir.resolve("mr.dcm");
        Attributes sent = Instances.writeMr(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(DicomConnector.proposalsFor(List.of(mr)))
                        .build())) {
            assertThat(a.info().peerMaxPduLength()).isEqualTo(4096);
            assertThat(a.store(mr).status()).isEqualTo(DimseStatus.SUCCESS);
        }
        Instances.assertSameContent(
                Instances.parse(
                        handler.received().get(0).dataset(),
                        handler.received().get(0).request().transferSyntaxUid()),
                sent);
    }

    @Test
    void peerThatIgnoresTheRejectIsCutOffByArtim() throws Exception {
        start(new RecordingHandler(), 16384);
        try (ScriptedPeer peer = new ScriptedPeer(acceptor.port())) {
            peer.send(ScriptedPeer.request("WRONG", 16384, new PresentationContextRq(1, MR, List.of(IVR))));
            // we never close: the acceptor's ARTIM timer (2 s) must close for us
            List<Pdu> answers = peer.receiveUntilClosed();
            assertThat(answers).containsExactly(new AAssociateRj(1, 1, 7));
        }
        assertThat(nextEvent()).isEqualTo("rejected:1,1,7");
    }

    @Test
    void pDataBeforeAssociationIsAborted() throws Exception {
        start(new RecordingHandler(), 16384);
        try (ScriptedPeer peer = new ScriptedPeer(acceptor.port())) {
            peer.sendPdv(1, true, true, storeRq());
            // Sta2 + Evt10 -> AA-1: A-ABORT, then ARTIM until close
            assertThat(peer.receiveUntilClosed()).hasSize(1).first().isInstanceOf(AAbort.class);
        }
    }

    @Test
    void dataFragmentWhereACommandIsExpectedIsAborted() throws Exception {
        start(new RecordingHandler(), 16384);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(1, false, true, new byte[10]);
            assertThat(peer.receiveUntilClosed()).hasSize(1).first().isInstanceOf(AAbort.class);
        }
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("opened", "aborted", "closed:aborted");
    }

    @Test
    void listenerThatThrowsDoesNotDisturbTheAssociation() throws Exception {
        acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .build(),
                        new RecordingHandler(),
                        new AssociationListener() {
                            @Override
                            public void associationOpened(AssociationInfo a) {
                                throw new IllegalStateException("listener bug");
                            }
                        })
                .start();
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                        .build())) {
            assertThat(a.echo()).isEqualTo(DimseStatus.SUCCESS);
        }
    }

    /**
     * Slow loris: a peer that sends a P-DATA-TF one byte every 300 ms is aborted once the PDU has taken longer
     * than the idle timeout (the wait for a PDU is timed from its first byte, not its last), and a DCMTK echoscu
     * is answered meanwhile.
     */
    @Test
    void aPeerTricklingOneByteAtATimeIsCutAtTheIdleDeadlineWhileOthersAreServed() throws Exception {
        start(new RecordingHandler(), 16384); // idle timeout 5 s, ARTIM 2 s
        try (ScriptedPeer peer = associated()) {
            byte[] pdu = new byte[1006];
            pdu[0] = 4;
            pdu[4] = 3; // length 1000, never sent in full
            pdu[5] = (byte) 0xE8;
            Thread trickle = new Thread(
                    () -> {
                        try {
                            for (byte b : pdu) {
                                peer.sendRaw(new byte[] {b});
                                Thread.sleep(300);
                            }
                        } catch (IOException | InterruptedException e) {
                            // the node closed the connection: the point of the test
                        }
                    },
                    "slow-loris");
            trickle.setDaemon(true);
            trickle.start();

            Dcmtk.Result echo = Dcmtk.run(
                    Duration.ofSeconds(20),
                    "echoscu",
                    "-aet",
                    "ECHOSCU",
                    "-aec",
                    "MYOSCREEN",
                    "127.0.0.1",
                    Integer.toString(acceptor.port()));
            assertThat(echo.exitCode()).as(echo.output()).isZero();

            List<Pdu> answers = peer.receiveUntilClosed();
            assertThat(answers).containsExactly(new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
            trickle.interrupt();
        }
    }

    @Test
    void silentEstablishedPeerIsAbortedByTheIdleTimer() throws Exception {
        start(new RecordingHandler(), 16384); // idle timeout 5 s, ARTIM 2 s
        try (ScriptedPeer peer = associated()) {
            // say nothing: the idle timer aborts, then ARTIM closes since we do not close either
            List<Pdu> answers = peer.receiveUntilClosed();
            assertThat(answers).containsExactly(new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
        }
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("opened", "aborted", "closed:aborted");
    }

    @Test
    void acceptAnswersWindowOneByOneIgnoresRolesAndRejectsUnsupportedContextsWithReasons() throws Exception {
        start(new RecordingHandler(), 65536);
        try (ScriptedPeer peer = new ScriptedPeer(acceptor.port())) {
            peer.send(new org.myoscreen.dicom.net.internal.pdu.AAssociateRq(
                    1,
                    "MYOSCREEN",
                    "SCRIPTED",
                    org.myoscreen.dicom.net.internal.pdu.PduType.DICOM_APPLICATION_CONTEXT,
                    List.of(
                            new PresentationContextRq(1, MR, List.of(IVR)),
                            new PresentationContextRq(3, MR, List.of("1.2.840.10008.1.2.4.50")),
                            new PresentationContextRq(5, "1.2.840.10008.5.1.4.1.1.2", List.of(IVR))),
                    new org.myoscreen.dicom.net.internal.pdu.UserInformation(
                            32768,
                            "2.25.42",
                            java.util.Optional.of("SCRIPTED"),
                            java.util.Optional.of(
                                    new org.myoscreen.dicom.net.internal.pdu.UserInformation
                                            .AsynchronousOperationsWindow(8, 8)),
                            List.of(new org.myoscreen.dicom.net.internal.pdu.RoleSelection(MR, 1, 1)),
                            List.of())));
            AAssociateAc ac = (AAssociateAc) peer.receive();

            assertThat(ac.presentationContexts())
                    .extracting(org.myoscreen.dicom.net.internal.pdu.PresentationContextAc::result)
                    .containsExactly(0, 4, 3);
            assertThat(ac.presentationContexts().get(0).transferSyntax()).isEqualTo(IVR);
            assertThat(ac.userInformation().maxPduLength()).isEqualTo(65536);
            assertThat(ac.userInformation().implementationClassUid())
                    .isEqualTo(org.myoscreen.dicom.Implementation.CLASS_UID);
            assertThat(ac.userInformation().implementationVersionName())
                    .contains(org.myoscreen.dicom.Implementation.VERSION_NAME);
            assertThat(ac.userInformation().asynchronousOperationsWindow())
                    .contains(new org.myoscreen.dicom.net.internal.pdu.UserInformation.AsynchronousOperationsWindow(
                            1, 1));
            assertThat(ac.userInformation().roleSelections()).isEmpty();
            assertThat(ac.calledAeTitle()).isEqualTo("MYOSCREEN");
            assertThat(ac.callingAeTitle()).isEqualTo("SCRIPTED");
            peer.send(new AReleaseRq());
            assertThat(peer.receive().type()).isEqualTo(0x06);
        }
    }

    @Test
    void commandAndDataFragmentsSharingOnePDataTfAreServed() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        start(handler, 16384);
        try (ScriptedPeer peer = associated()) {
            peer.send(new PDataTf(List.of(
                    org.myoscreen.dicom.net.internal.pdu.Pdv.of(1, true, true, storeRq()),
                    org.myoscreen.dicom.net.internal.pdu.Pdv.of(1, false, false, new byte[] {1, 2, 3}),
                    org.myoscreen.dicom.net.internal.pdu.Pdv.of(1, false, true, new byte[] {4, 5}))));
            byte[] cmd = ScriptedPeer.commandBytes((PDataTf) peer.receive());
            assertThat(Command.decode(cmd, cmd.length, "rsp").status()).isZero();
        }
        assertThat(handler.received()).hasSize(1);
        assertThat(handler.received().get(0).dataset()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void unsupportedProtocolVersionIsRejectedByTheProvider() throws Exception {
        start(new RecordingHandler(), 16384);
        try (ScriptedPeer peer = new ScriptedPeer(acceptor.port())) {
            org.myoscreen.dicom.net.internal.pdu.AAssociateRq good =
                    ScriptedPeer.request("MYOSCREEN", 16384, new PresentationContextRq(1, MR, List.of(IVR)));
            peer.send(new org.myoscreen.dicom.net.internal.pdu.AAssociateRq(
                    2,
                    good.calledAeTitle(),
                    good.callingAeTitle(),
                    good.applicationContextName(),
                    good.presentationContexts(),
                    good.userInformation()));
            // AE-6: not acceptable by the service provider -> A-ASSOCIATE-RJ (1, 2, 2)
            assertThat(peer.receive()).isEqualTo(new AAssociateRj(1, 2, 2));
        }
    }

    @Test
    void storeOfAnotherSopClassThanTheContextsIsRefusedWithoutCallingTheHandler() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        start(handler, 16384);
        try (ScriptedPeer peer = associated()) {
            peer.sendPdv(
                    1,
                    true,
                    true,
                    Command.cStoreRq(9, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", 0).encode());
            peer.sendPdv(1, false, true, new byte[100]);
            byte[] cmd = ScriptedPeer.commandBytes((PDataTf) peer.receive());
            Command rsp = Command.decode(cmd, cmd.length, "rsp");
            assertThat(rsp.status()).isEqualTo(0x0122);
            assertThat(rsp.errorComment()).hasValueSatisfying(c -> assertThat(c).contains("1.2.840.10008.5.1.4.1.1.2"));
            // the association goes on
            peer.sendPdv(1, true, true, storeRq());
            peer.sendPdv(1, false, true, new byte[10]);
            cmd = ScriptedPeer.commandBytes((PDataTf) peer.receive());
            assertThat(Command.decode(cmd, cmd.length, "rsp").status()).isZero();
        }
        assertThat(handler.received()).hasSize(1);
        // the refusal reaches the listener (ledger, metrics) like an answered store, without storeStarted
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("opened", "storeFinished:0122", "storeStarted", "storeFinished:0000");
    }

    @SuppressWarnings("unused")
    private static void drain(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
    }
}
