package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.http.PasswordHash;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;

/**
 * The HTTP side of {@code myoscreen run} over real HTTP, in its own JVM: a non-loopback bind needs a
 * credential (or the node does not start), a wrong token or password gets 401, Resend needs the CSRF token
 * and our origin, study pages are audited, and {@code /health} and {@code /metrics} stay open without
 * carrying the patient's name; the {@code /metrics} text parses with the Prometheus Python client's parser.
 */
class AdminAccessIT {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path shared;

    private static PhantomSummary phantom;
    private static String patientName;

    @TempDir
    Path work;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void writePhantom() {
        phantom = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(5)
                        .matrix(48)
                        .spacingMm(8)
                        .sliceThicknessMm(16)
                        .stations(1)
                        .contrasts(java.util.EnumSet.of(Contrast.T2_HASTE))
                        .build(),
                shared.resolve("phantom"));
        try (var files = Files.walk(phantom.outputDir())) {
            Path first =
                    files.filter(f -> f.toString().endsWith(".dcm")).findFirst().orElseThrow();
            patientName = org.myoscreen.dicom.Part10Reader.readUntilPixelData(first)
                    .dataset()
                    .getString(org.myoscreen.dicom.Tag.PatientName)
                    .orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void nonLoopbackBindWithoutCredentialRefusesToStartWithOneLine() {
        NodeProcess.Exit exit = NodeProcess.runToExit(
                work,
                "run",
                "--port",
                String.valueOf(NodeProcess.freePort()),
                "--http-port",
                String.valueOf(NodeProcess.freePort()),
                "--http.bind",
                "0.0.0.0",
                "--data-dir",
                work.resolve("data").toString());

        assertThat(exit.code()).as(exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr().lines().toList())
                .as(exit.stderr())
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("myoscreen configuration: http.bind 0.0.0.0 (from flag --http.bind)")
                        .contains("http.token"));
    }

    @Test
    void tokenGuardsPageAndApiWhileHealthAndMetricsStayOpenWithoutPatientData() throws Exception {
        int httpPort = NodeProcess.freePort();
        NodeProcess node =
                start("--http-port", String.valueOf(httpPort), "--http.bind", "0.0.0.0", "--http.token", TOKEN);
        Dcmtk.Result sent =
                Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of(), phantom.outputDir());
        assertThat(sent.exitCode()).as(sent.output()).isZero();

        assertThat(get(httpPort, "/api/studies", "").statusCode()).isEqualTo(401);
        assertThat(get(httpPort, "/", "").headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(get(httpPort, "/api/studies", "Bearer wrong-token-0123456789")
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(httpPort, "/api/studies", basic("admin", "wrong")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> studies = get(httpPort, "/api/studies", "Bearer " + TOKEN);
        assertThat(studies.statusCode()).isEqualTo(200);
        assertThat(studies.body()).contains(phantom.studyInstanceUid()).contains(patientName);
        // the token also works as a browser's basic-auth password
        assertThat(get(httpPort, "/", basic("anyone", TOKEN)).body()).contains("<nav");

        HttpResponse<String> health = get(httpPort, "/health", "");
        HttpResponse<String> metrics = get(httpPort, "/metrics", "");
        // the association's duration is recorded when the node has seen it close, just after storescu ends
        for (int i = 0; i < 100 && !metrics.body().contains("myoscreen_intake_association_seconds_count"); i++) {
            Thread.sleep(100);
            metrics = get(httpPort, "/metrics", "");
        }
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(metrics.statusCode()).isEqualTo(200);
        for (String body : List.of(health.body(), metrics.body())) {
            assertThat(body).doesNotContain(patientName).doesNotContain(phantom.studyInstanceUid());
        }
        assertThat(metrics.body())
                .contains(
                        "myoscreen_open_series",
                        "myoscreen_jobs_total{outcome=\"result\"}",
                        "jvm_memory_used_bytes",
                        "http_server_requests_seconds_count",
                        "myoscreen_intake_association_seconds_bucket");
        assertParsesAsPrometheusText(metrics.body());

        // a study page is audited: who, when, which study
        assertThat(get(httpPort, "/api/studies/" + phantom.studyInstanceUid(), "Bearer " + TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(Files.readString(work.resolve("data/audit.log")))
                .contains("user=\"token\"")
                .contains("action=study study=" + phantom.studyInstanceUid())
                .containsPattern("time=20\\d\\d-");
    }

    @Test
    void resendNeedsTheCsrfTokenAndOurOrigin() throws Exception {
        int httpPort = NodeProcess.freePort();
        start("--http-port", String.valueOf(httpPort), "--http.token", TOKEN);
        String csrf = get(httpPort, "/api/session", "Bearer " + TOKEN)
                .body()
                .replaceAll(".*\"csrf_token\":\"([0-9a-f]+)\".*", "$1")
                .trim();
        String body = "{\"job_key\":\"no-such-job\"}";

        assertThat(post(httpPort, body, "", "").statusCode()).as("no token").isEqualTo(403);
        assertThat(post(httpPort, body, "0000", "").statusCode())
                .as("wrong token")
                .isEqualTo(403);
        assertThat(post(httpPort, body, csrf, "http://evil.example").statusCode())
                .as("other origin")
                .isEqualTo(403);
        // past the checks: the job has nothing to resend
        HttpResponse<String> ok = post(httpPort, body, csrf, "http://127.0.0.1:" + httpPort);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(404);
        assertThat(ok.body()).contains("\"reset\":0");
        assertThat(get(httpPort, "/api/deliveries/resend", "Bearer " + TOKEN).statusCode())
                .isEqualTo(405);
    }

    @Test
    void basicAuthChecksTheHashedPassword() throws Exception {
        int httpPort = NodeProcess.freePort();
        start(
                "--http-port",
                String.valueOf(httpPort),
                "--http.user",
                "pacsadmin",
                "--http.password-hash",
                PasswordHash.create("correct horse", 20_000));

        assertThat(get(httpPort, "/api/config", basic("pacsadmin", "correct horse"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(httpPort, "/api/config", basic("pacsadmin", "wrong horse"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(httpPort, "/api/config", basic("someone", "correct horse"))
                        .statusCode())
                .isEqualTo(401);
        // the configuration page shows that a hash is set, never the hash
        String config = get(httpPort, "/api/config", basic("pacsadmin", "correct horse"))
                .body();
        assertThat(config).contains("(set, not shown)").doesNotContain("pbkdf2-sha256$");
    }

    private NodeProcess start(String... args) {
        NodeProcess node = NodeProcess.start(work, work.resolve("data"), args);
        nodes.add(node);
        return node;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(int port, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String body, String csrf, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/deliveries/resend"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!csrf.isEmpty()) {
            b.header("X-CSRF-Token", csrf);
        }
        if (!origin.isEmpty()) {
            b.header("Origin", origin);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses with prometheus_client's text parser (Debian python3-prometheus-client), which rejects bad lines. */
    private void assertParsesAsPrometheusText(String exposition) throws Exception {
        Path file = Files.writeString(work.resolve("metrics.txt"), exposition);
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        "import sys\n"
                                + "from prometheus_client.parser import text_string_to_metric_families\n"
                                + "families = list(text_string_to_metric_families(open(sys.argv[1]).read()))\n"
                                + "print(len(families), sum(len(f.samples) for f in families))",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Integer.parseInt(out.trim().split(" ")[0])).as(out).isGreaterThan(20);
    }
}
