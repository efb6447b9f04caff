package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.testing.Dcmtk;
import org.myoscreen.dicom.net.testing.Instances;
import org.myoscreen.dicom.net.testing.RecordingHandler;

/** What DCMTK tools see when our acceptor says no, at association or at DIMSE level. */
class RejectionPathsTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private DicomAcceptor acceptor;

    private DicomAcceptor start(AcceptorConfig.Builder config, CStoreHandler handler) throws IOException {
        acceptor = new DicomAcceptor(config.build(), handler, AssociationListener.NONE).start();
        return acceptor;
    }

    private static AcceptorConfig.Builder config() {
        return AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                .bindAddress("127.0.0.1")
                .port(0)
                .artimTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (acceptor != null) {
            acceptor.close();
        }
    }

    private Dcmtk.Result echoscu(String calling, String called) {
        return Dcmtk.run(
                TOOL_TIMEOUT,
                "echoscu",
                "-aet",
                calling,
                "-aec",
                called,
                "127.0.0.1",
                Integer.toString(acceptor.port()));
    }

    @Test
    void wrongCalledAeIsRejectedAsCalledAeNotRecognized() throws IOException {
        start(config(), new RecordingHandler());
        Dcmtk.Result r = echoscu("ECHOSCU", "SOMEBODY");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Called AE Title Not Recognized");
    }

    @Test
    void callingAeOutsideAllowListIsRejectedAsCallingAeNotRecognized() throws IOException {
        start(config().allowedCallingAeTitles(Set.of(AeTitle.of("PACS"))), new RecordingHandler());
        Dcmtk.Result r = echoscu("INTRUDER", "MYOSCREEN");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Calling AE Title Not Recognized");
        assertThat(echoscu("PACS", "MYOSCREEN").exitCode()).isZero();
    }

    @Test
    void unsupportedSopClassHasNoAcceptedPresentationContext() throws IOException {
        RecordingHandler handler = new RecordingHandler();
        start(config(), handler);
        Path ct = dir.resolve("ct.dcm");
        Instances.writeCt(ct);
        Dcmtk.Result r = Dcmtk.run(
                TOOL_TIMEOUT,
                "storescu",
                "-aet",
                "STORESCU",
                "-aec",
                "MYOSCREEN",
                "127.0.0.1",
                Integer.toString(acceptor.port()),
                ct.toString());
        assertThat(r.output()).containsIgnoringCase("no presentation context");
        assertThat(handler.received()).isEmpty();
    }

    @Test
    void associationBeyondTheLimitIsRejectedAsLocalLimitExceeded() throws IOException {
        start(config().maxAssociations(1), new RecordingHandler());
        try (Association held = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("HOLDER"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                        .build())) {
            Dcmtk.Result r = echoscu("ECHOSCU", "MYOSCREEN");
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains("Local Limit Exceeded");
            assertThat(held.echo()).isEqualTo(DimseStatus.SUCCESS);
        }
    }

    @Test
    void ourRequestorSeesTheRejectionCodes() throws IOException {
        start(config(), new RecordingHandler());
        assertThatThrownBy(() -> DicomConnector.open(AssociationRequest.builder(
                                AeTitle.of("ME"), AeTitle.of("SOMEBODY"), "127.0.0.1", acceptor.port())
                        .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                        .build()))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> {
                    assertThat(List.of(e.result(), e.source(), e.reason())).containsExactly(1, 1, 7);
                    assertThat(e.retriable()).isFalse();
                });
    }

    private Dcmtk.Result storescuOneMr() {
        Path mr = dir.resolve("mr.dcm");
        Instances.writeMr(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);
        return Dcmtk.run(
                TOOL_TIMEOUT,
                "storescu",
                "-d",
                "-aet",
                "STORESCU",
                "-aec",
                "MYOSCREEN",
                "127.0.0.1",
                Integer.toString(acceptor.port()),
                mr.toString());
    }

    @Test
    void failureStatusChosenByTheHandlerReachesStorescu() throws IOException {
        Function<StoreRequest, StoreResponse> outOfResources =
                r -> StoreResponse.of(DimseStatus.OUT_OF_RESOURCES, "disk full");
        start(config(), new RecordingHandler(outOfResources));
        Dcmtk.Result r = storescuOneMr();
        assertThat(r.output())
                .contains("DIMSE Status                  : 0xa700: Refused: Out of resources")
                .containsPattern("\\(0000,0902\\) LO \\[disk full\\]");
    }

    @Test
    void handlerExceptionBecomesAFailureResponseNotAHang() throws IOException {
        start(config(), (request, dataset) -> {
            dataset.read(new byte[100]);
            throw new IllegalStateException("series index corrupt");
        });
        Dcmtk.Result r = storescuOneMr();
        assertThat(r.output())
                .contains("DIMSE Status                  : 0xc000: Error: Cannot understand")
                .containsPattern("\\(0000,0902\\) LO \\[series index corrupt\\]");
        // the association survived the failure: storescu released normally
        assertThat(r.output()).contains("Releasing Association");
    }

    @Test
    void ourRequestorReportsThePeersFailureStatusAndComment() throws IOException {
        start(config(), new RecordingHandler(r -> StoreResponse.of(DimseStatus.of(0xA911), "no room")));
        Path mr = dir.resolve("mr.dcm");
        Instances.writeMr(mr, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, 1);
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(DicomConnector.proposalsFor(List.of(mr)))
                        .build())) {
            StoreResult result = a.store(mr);
            assertThat(result.status().code()).isEqualTo(0xA911);
            assertThat(result.status().category()).isEqualTo(DimseStatus.Category.FAILURE);
            assertThat(result.errorComment()).contains("no room");
            StoreResult warning = a.store(mr);
            assertThat(warning.status().code()).isEqualTo(0xA911);
        }
    }

    @Test
    void storingWithoutAnAcceptedContextFailsLocallyAndTheAssociationStaysUsable() throws IOException {
        start(config(), new RecordingHandler());
        Path ct = dir.resolve("ct.dcm");
        Instances.writeCt(ct);
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .propose(DicomConnector.proposalsFor(List.of(ct)))
                        .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                        .build())) {
            assertThat(a.acceptedTransferSyntax(org.myoscreen.dicom.Uids.CT_IMAGE_STORAGE))
                    .isEmpty();
            assertThatThrownBy(() -> a.store(ct)).isInstanceOfSatisfying(DicomNetException.class, e -> {
                assertThat(e.retriable()).isFalse();
                assertThat(e.getMessage())
                        .contains("no accepted presentation context")
                        .contains(ct.toString());
            });
            assertThat(a.echo()).isEqualTo(DimseStatus.SUCCESS);
        }
    }
}
