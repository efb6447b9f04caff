package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PduEncoder;
import org.myoscreen.dicom.net.internal.pdu.PduReader;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextAc;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;
import org.myoscreen.dicom.testing.TestDatasets;

/** Our requestor facing acceptors that misbehave: it must fail with an exception, never hang. */
class ScuBehaviourTest {

    /** Accepts one association (all contexts accepted as the first proposed TS), then runs {@code then}. */
    private static CompletableFuture<Void> fakeAcceptor(ServerSocket server, IoAction then) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(30_000);
                AAssociateRq rq = (AAssociateRq) new PduReader(s.getInputStream(), 1 << 20).read();
                List<PresentationContextAc> acs = rq.presentationContexts().stream()
                        .map(pc -> new PresentationContextAc(
                                pc.id(), 0, pc.transferSyntaxes().get(0)))
                        .toList();
                s.getOutputStream()
                        .write(PduEncoder.encode(new AAssociateAc(
                                1,
                                rq.calledAeTitle(),
                                rq.callingAeTitle(),
                                PduType.DICOM_APPLICATION_CONTEXT,
                                acs,
                                new UserInformation(
                                        16384, "2.25.3", Optional.empty(), Optional.empty(), List.of(), List.of()))));
                then.run(s);
            } catch (IOException e) {
                // the requestor closed on us: expected in these scenarios
            }
        });
    }

    @FunctionalInterface
    private interface IoAction {
        void run(Socket s) throws IOException;
    }

    private static AssociationRequest request(int port) {
        return AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("FAKE"), "127.0.0.1", port)
                .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(1))
                .build();
    }

    /**
     * One acceptor takes the association, then stops reading while we send 16 MiB (far more than the socket
     * buffers hold); another never answers. The write to the first is cut at its deadline (the response timeout)
     * by closing the socket, and the blocked writer does not hold the shared timer thread: the second
     * association's idle abort still fires. Before, the write ran under the Upper Layer lock, the timer blocked
     * on that lock, and both hung.
     */
    @Test
    void aPeerThatStopsReadingIsCutAtTheWriteDeadlineAndOtherAssociationsTimersStillRun(@TempDir Path dir)
            throws Exception {
        Path big = dir.resolve("big.dcm");
        Files.write(
                big, TestDatasets.part10(TestDatasets.mrImage(2048, 4096), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket stalled = new ServerSocket();
                ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            stalled.setReceiveBufferSize(4096);
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            fakeAcceptor(stalled, s -> {
                try {
                    release.await(); // never reads again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            fakeAcceptor(silent, s -> s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()));
            AssociationRequest toStalled = AssociationRequest.builder(
                            AeTitle.of("ME"), AeTitle.of("FAKE"), "127.0.0.1", stalled.getLocalPort())
                    .propose(DicomConnector.proposalsFor(List.of(big)))
                    .connectTimeout(Duration.ofSeconds(2))
                    .responseTimeout(Duration.ofSeconds(1))
                    .build();

            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(() -> {
                    try (Association a = DicomConnector.open(toStalled)) {
                        a.store(big);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                try (Association b = DicomConnector.open(request(silent.getLocalPort()))) {
                    assertThatThrownBy(b::echo)
                            .as("the other association's idle abort")
                            .isInstanceOf(DicomNetException.class)
                            .hasMessageContaining("C-ECHO failed");
                }
                assertThat(write.get())
                        .as("the stalled write")
                        .isInstanceOf(DicomNetException.class)
                        .hasMessageContaining("write deadline");
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    void silentAcceptorEndsInAnAbortNotAHang() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> fake = fakeAcceptor(server, s -> {
                // read (our C-ECHO-RQ, then our A-ABORT) until we close
                s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            });
            try (Association a = DicomConnector.open(request(server.getLocalPort()))) {
                assertThatThrownBy(a::echo)
                        .isInstanceOfSatisfying(
                                DicomNetException.class,
                                e -> assertThat(e.retriable()).isTrue())
                        .hasMessageContaining("C-ECHO failed");
            }
            fake.get();
        }
    }

    @Test
    void abortFromTheAcceptorIsReportedWithItsSource() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> fake = fakeAcceptor(server, s -> {
                new PduReader(s.getInputStream(), 1 << 20).read(); // the C-ECHO-RQ
                s.getOutputStream().write(PduEncoder.encode(new AAbort(2, 0)));
            });
            try (Association a = DicomConnector.open(request(server.getLocalPort()))) {
                assertThatThrownBy(a::echo)
                        .isInstanceOf(DicomNetException.class)
                        .hasMessageContaining("A-ABORT from peer (source 2");
            }
            fake.get();
        }
    }

    @Test
    void nothingListeningIsARetriableConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> DicomConnector.open(request(port)))
                .isInstanceOfSatisfying(
                        DicomNetException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("cannot connect");
    }

    @Test
    void corruptFileNeedingConversionAbortsInsteadOfLeavingHalfADataset(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.myoscreen.dicom.net.testing.RecordingHandler handler =
                new org.myoscreen.dicom.net.testing.RecordingHandler();
        PresentationContextPolicy explicitOnly = PresentationContextPolicy.empty()
                .with(PresentationContextPolicy.MR_IMAGE_STORAGE, PresentationContextPolicy.EXPLICIT_VR_LITTLE_ENDIAN);
        try (DicomAcceptor acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .policy(explicitOnly)
                                .build(),
                        handler,
                        AssociationListener.NONE)
                .start()) {
            java.nio.file.Path mr = dir.resolve("mr.dcm");
            org.myoscreen.dicom.net.testing.Instances.writeMr(
                    mr, org.myoscreen.dicom.TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, 1);
            byte[] bytes = java.nio.file.Files.readAllBytes(mr);
            java.nio.file.Files.write(mr, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            try (Association a = DicomConnector.open(
                    AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                            .propose(DicomConnector.proposalsFor(List.of(mr)))
                            .build())) {
                assertThat(a.acceptedTransferSyntax(PresentationContextPolicy.MR_IMAGE_STORAGE))
                        .contains(PresentationContextPolicy.EXPLICIT_VR_LITTLE_ENDIAN);
                assertThatThrownBy(() -> a.store(mr))
                        .isInstanceOfSatisfying(
                                DicomNetException.class,
                                e -> assertThat(e.retriable()).isFalse())
                        .hasMessageContaining("association aborted");
                assertThatThrownBy(a::echo)
                        .isInstanceOf(DicomNetException.class)
                        .hasMessageContaining("no longer established");
            }
            assertThat(handler.received()).isEmpty();
        }
    }

    @Test
    void fileWithoutMetaInformationIsRefusedBeforeAnythingIsSent(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path bare = dir.resolve("bare.dcm");
        // a dataset without preamble or File Meta Information: no SOP class to propose
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(bare)) {
            org.myoscreen.dicom.DatasetWriter.write(
                    org.myoscreen.dicom.testing.TestDatasets.mrImage(4, 4),
                    org.myoscreen.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    out);
        }
        assertThatThrownBy(() -> DicomConnector.proposalsFor(List.of(bare)))
                .isInstanceOfSatisfying(
                        DicomNetException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining(bare.toString())
                .hasMessageContaining("Media Storage SOP Class");
    }
}
