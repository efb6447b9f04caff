package org.myoscreen.pipeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.ManualClock;
import org.slf4j.LoggerFactory;

/**
 * The outbox delivering over STOW-RS to a scripted DICOMweb origin server (the JDK's HttpServer answering
 * what each test queues): per-instance outcomes of a 202, retries on 5xx, 429 and refused connections,
 * immediate failure with the server's reason on 4xx, and credentials that never reach the log. The real
 * server (Orthanc's DICOMweb plugin) is exercised in the app module's {@code StowRsDeliveryIT}.
 */
class StowRsOutboxTest {
    private static final String JOB = "2.25.7/stow/v1";
    private static final String STUDY = "2.25.4242";
    private static final String TOKEN = "s3cr3t-t0ken";

    /** A scripted answer: HTTP status and JSON body. */
    private record Answer(int status, String body) {}

    /** What the server received. */
    private record Received(String method, String path, String contentType, String authorization, byte[] body) {}

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private final List<String> sops = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private HttpServer server;

    @BeforeEach
    void startServerAndWriteOutputs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            Answer a = answers.isEmpty() ? new Answer(500, "no answer queued") : answers.poll();
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        Path out = Files.createDirectories(dir.resolve("job-output"));
        for (int i = 1; i <= 3; i++) {
            Attributes ds = TestDatasets.mrImage(4, 4);
            ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
            sops.add(ds.getString(Tag.SOPInstanceUID).orElseThrow());
            Path file = out.resolve("out-" + i + ".dcm");
            Files.write(file, TestDatasets.part10(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            outputs.add(file);
        }
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stopServer() {
        root().detachAppender(log);
        server.stop(0);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private Destination destination() {
        return Destination.parse("stow+http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web/");
    }

    private Outbox outbox(StowRsAuth auth) throws NoSuchAlgorithmException {
        StowRsSender stow = new StowRsSender(auth, SSLContext.getDefault(), Duration.ofSeconds(10));
        return new Outbox(
                dir.resolve("outbox"),
                DeliveryPolicy.defaults(),
                clock,
                new ResultSender(
                        new DicomSender(org.myoscreen.dicom.net.AeTitle.of("MYOSCREEN"), Duration.ofSeconds(10)),
                        stow));
    }

    @Test
    void partialSuccessDeliversTheStoredInstancesAndFailsTheRefusedOne() throws Exception {
        answers.add(new Answer(
                202,
                "{\"00081199\":{\"vr\":\"SQ\",\"Value\":["
                        + "{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + sops.get(0) + "\"]}},"
                        + "{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + sops.get(2) + "\"]},"
                        + "\"00081196\":{\"vr\":\"US\",\"Value\":[45056]}}]},"
                        + "\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\""
                        + sops.get(1)
                        + "\"]},\"00081197\":{\"vr\":\"US\",\"Value\":[49152]}}]}}"));
        Outbox outbox = outbox(StowRsAuth.bearer(TOKEN));
        outbox.add(JOB, outputs, List.of(destination()));

        Outbox.Round round = outbox.deliverDue();

        assertThat(round).isEqualTo(new Outbox.Round(2, 0, 1, 0));
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/dicom-web/studies/" + STUDY);
        assertThat(r.contentType()).startsWith("multipart/related; type=\"application/dicom\"; boundary=");
        assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        for (Path f : outputs) {
            assertThat(body).contains(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        List<Delivery> left = outbox.deliveries(JOB);
        assertThat(left)
                .extracting(Delivery::state)
                .containsExactly(Delivery.State.DELIVERED, Delivery.State.FAILED, Delivery.State.DELIVERED);
        assertThat(left.get(1).lastStatus()).hasValue("C000");
        assertThat(left.get(1).lastError().orElseThrow()).contains("Failure Reason C000");
        assertThat(left.get(2).lastStatus()).hasValue("B000");
        assertThat(logText()).doesNotContain(TOKEN);
    }

    @Test
    void serverErrorsTooManyRequestsAndRefusedConnectionsAreRetriedThenDelivered() throws Exception {
        answers.add(new Answer(503, "maintenance"));
        answers.add(new Answer(429, "slow down"));
        answers.add(new Answer(200, ""));
        Outbox outbox = outbox(StowRsAuth.basic("myoscreen", TOKEN));
        outbox.add(JOB, outputs, List.of(destination()));

        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 3, 0, 0));
        assertThat(outbox.deliveries(JOB).get(0).lastError().orElseThrow()).contains("HTTP 503", "maintenance");
        clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 3, 0, 0));
        clock.advance(Duration.ofMinutes(2));
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(3, 0, 0, 0));
        assertThat(outbox.deliveries(JOB))
                .as("a fully delivered job leaves the outbox")
                .isEmpty();
        assertThat(received)
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.authorization()).startsWith("Basic "));

        // a server that is down: the connection is refused, retried later
        int port = server.getAddress().getPort();
        server.stop(0);
        outbox.add(JOB, outputs, List.of(destination(port)));
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 3, 0, 0));
        assertThat(outbox.deliveries(JOB).get(0).state()).isEqualTo(Delivery.State.PENDING);
        assertThat(logText()).doesNotContain(TOKEN);
    }

    private static Destination destination(int port) {
        return Destination.stowRs(URI.create("http://127.0.0.1:" + port + "/dicom-web"));
    }

    @Test
    void clientErrorFailsEveryInstanceAtOnceWithTheServersReason() throws Exception {
        answers.add(new Answer(401, "{\"Message\":\"Bad credentials for user myoscreen\"}"));
        Outbox outbox = outbox(StowRsAuth.basic("myoscreen", "wrong-" + TOKEN));
        outbox.add(JOB, outputs, List.of(destination()));

        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 0, 3, 0));
        assertThat(outbox.failed())
                .hasSize(3)
                .allSatisfy(d -> assertThat(d.lastError().orElseThrow())
                        .contains("HTTP 401", "Bad credentials for user myoscreen"));
        assertThat(logText()).contains("event=delivery_failed", "HTTP 401").doesNotContain(TOKEN);
    }

    @Test
    void bothDestinationFormsParseAndPrintBack() {
        Destination stow = Destination.parse("stow+https://pacs.example.org/dicomweb/");
        assertThat(stow.kind()).isEqualTo(Destination.Kind.STOW_RS);
        assertThat(stow.toString()).isEqualTo("stow+https://pacs.example.org:443/dicomweb");
        assertThat(Destination.parse(stow.toString())).isEqualTo(stow);
        assertThat(Destination.parse("PACS@pacs:104").kind()).isEqualTo(Destination.Kind.DIMSE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Destination.parse("stow+http://u:p@h:80/x"))
                .hasMessageContaining("credentials");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Destination.parse("stow+ftp://h/x"))
                .hasMessageContaining("http");
    }

    private String logText() {
        StringBuilder s = new StringBuilder();
        log.list.forEach(e -> s.append(e.getFormattedMessage()).append('\n'));
        return s.toString();
    }
}
