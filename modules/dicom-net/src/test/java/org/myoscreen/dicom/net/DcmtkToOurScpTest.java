package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.testing.Dcmtk;
import org.myoscreen.dicom.net.testing.Instances;
import org.myoscreen.dicom.net.testing.RecordingHandler;

/** DCMTK echoscu/storescu as requestors against our acceptor. */
class DcmtkToOurScpTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final RecordingHandler handler = new RecordingHandler();
    private final java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
    private DicomAcceptor acceptor;

    @BeforeEach
    void start() throws Exception {
        acceptor = new DicomAcceptor(config().build(), handler, new AssociationListener() {
                    @Override
                    public void associationOpened(AssociationInfo a) {
                        events.add("opened");
                    }

                    @Override
                    public void associationClosed(AssociationInfo a, String reason) {
                        events.add("closed:" + reason);
                    }
                })
                .start();
    }

    private AcceptorConfig.Builder config() {
        return AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                .bindAddress("127.0.0.1")
                .port(0)
                .artimTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        acceptor.close();
    }

    private String port() {
        return Integer.toString(acceptor.port());
    }

    @Test
    void echoscuGetsSuccess() {
        Dcmtk.Result r =
                Dcmtk.run(TOOL_TIMEOUT, "echoscu", "-v", "-aet", "ECHOSCU", "-aec", "MYOSCREEN", "127.0.0.1", port());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Received Echo Response (Success)");
    }

    static Stream<Arguments> proposals() {
        return Stream.of(
                // storescu proposes one context per SOP class and transfer syntax: each file goes as it is
                Arguments.of("default", List.of(), null),
                Arguments.of("-xi", List.of("-xi"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of("-xe", List.of("-xe"), null),
                Arguments.of("-xb", List.of("-xb"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @ParameterizedTest(name = "storescu {0}")
    @MethodSource("proposals")
    void storescuInstancesArriveWithIdenticalContent(String name, List<String> options, TransferSyntax expectedTs)
            throws InterruptedException {
        Map<String, Attributes> sent = new ConcurrentHashMap<>();
        Map<String, TransferSyntax> sentTs = new ConcurrentHashMap<>();
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", "MYOSCREEN"));
        cmd.addAll(options);
        cmd.addAll(List.of("127.0.0.1", port()));
        for (int i = 1; i <= 3; i++) {
            // files in both encodings: storescu converts to what was accepted
            TransferSyntax fileTs =
                    i % 2 == 0 ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Path f = dir.resolve("mr" + i + ".dcm");
            Attributes ds = Instances.writeMr(f, fileTs, i);
            sent.put(ds.getString(org.myoscreen.dicom.Tag.SOPInstanceUID).orElseThrow(), ds);
            sentTs.put(ds.getString(org.myoscreen.dicom.Tag.SOPInstanceUID).orElseThrow(), fileTs);
            cmd.add(f.toString());
        }

        Dcmtk.Result r = Dcmtk.run(TOOL_TIMEOUT, cmd.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(handler.received()).hasSize(3);
        for (RecordingHandler.Received rec : handler.received()) {
            TransferSyntax expectedTsOfThis =
                    expectedTs != null ? expectedTs : sentTs.get(rec.request().affectedSopInstanceUid());
            assertThat(rec.request().transferSyntaxUid()).isEqualTo(expectedTsOfThis.uid());
            assertThat(rec.request().association().callingAeTitle()).isEqualTo(AeTitle.of("STORESCU"));
            Attributes expected = sent.get(rec.request().affectedSopInstanceUid());
            assertThat(expected)
                    .as("sent instance %s", rec.request().affectedSopInstanceUid())
                    .isNotNull();
            Instances.assertSameContent(
                    Instances.parse(rec.dataset(), rec.request().transferSyntaxUid()), expected);
        }
        // storescu may exit before our side has seen the transport close: wait for the event
        assertThat(events.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("opened");
        assertThat(events.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("closed:released");
    }

    @Test
    void concurrentStorescuAssociationsAreAllServed() throws Exception {
        List<java.util.concurrent.CompletableFuture<Dcmtk.Result>> runs = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            List<String> cmd =
                    new ArrayList<>(List.of("storescu", "-aet", "SCU" + p, "-aec", "MYOSCREEN", "127.0.0.1", port()));
            for (int i = 0; i < 2; i++) {
                Path f = dir.resolve("p" + p + "-" + i + ".dcm");
                Instances.writeMr(f, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, i);
                cmd.add(f.toString());
            }
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> Dcmtk.run(TOOL_TIMEOUT, cmd.toArray(String[]::new))));
        }
        for (var run : runs) {
            Dcmtk.Result r = run.get();
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        assertThat(handler.received()).hasSize(6);
        assertThat(handler.received().stream()
                        .map(r -> r.request().association().associationId())
                        .distinct())
                .hasSize(3);
    }
}
