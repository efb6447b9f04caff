package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;

/**
 * {@code run} end to end with real processes: DCMTK {@code storescu} sends a small T2 phantom study
 * to {@code myoscreen run} in its own JVM (with the repository's reference model), which assembles
 * it into a job, analyses it and delivers SEG, SR and summary images to DCMTK {@code storescp}, the
 * "PACS". Then the same with the PACS down at first: the outbox retries and, once {@code storescp}
 * is up, every result instance arrives exactly once. And a node killed (SIGKILL) while it analyses
 * a job: after a restart on the same data folder the job runs again and its results arrive once.
 *
 * <p>Waiting is bounded by hang detectors only (no timing assertions): series quiet period 1 s,
 * study quiet period 1 s, delivery interval and backoff 1 s.
 */
class ResultDeliveryIT {
    private static final String SCANNER = "SCANNER";
    private static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path shared;

    private static PhantomSummary phantom;

    @TempDir
    Path work;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Process> pacs = new ArrayList<>();

    @BeforeAll
    static void writePhantom() {
        // one station, T2 only, coarse pixels: enough for the 2D reference model, quick to send and run
        phantom = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(11)
                        .matrix(96)
                        .spacingMm(4)
                        .sliceThicknessMm(8)
                        .stations(1)
                        .contrasts(EnumSet.of(Contrast.T2_HASTE))
                        .build(),
                shared.resolve("phantom"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        nodes.forEach(NodeProcess::close);
        for (Process p : pacs) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private NodeProcess startNode(int pacsPort, int httpPort) {
        NodeProcess node = NodeProcess.start(
                work,
                work.resolve("data"),
                "--worker.threads",
                "1",
                "--http-port",
                String.valueOf(httpPort),
                "--quiet-period",
                "1s",
                "--study-quiet-period",
                "1s",
                "--destination",
                "PACS@127.0.0.1:" + pacsPort,
                "--delivery.interval",
                "1s",
                "--delivery.initial-backoff",
                "1s",
                "--delivery.max-backoff",
                "2s");
        nodes.add(node);
        return node;
    }

    @Test
    void studySentByStorescuComesBackAsSegSrAndScOfTheSameStudy() throws Exception {
        int pacsPort = NodeProcess.freePort();
        Path received = startStoreScp(pacsPort);
        int httpPort = NodeProcess.freePort();
        NodeProcess node = startNode(pacsPort, httpPort);

        send(node);
        node.awaitLine(l -> l.contains("event=job_delivered"), JOB_TIMEOUT);

        Map<String, Attributes> bySop = receivedBySopInstanceUid(received);
        assertThat(bySop.values()).allSatisfy(ds -> {
            assertThat(ds.getString(Tag.StudyInstanceUID)).contains(phantom.studyInstanceUid());
            assertThat(ds.getString(Tag.PatientID)).isNotEmpty();
        });
        List<String> sopClasses = bySop.values().stream()
                .map(ds -> ds.getString(Tag.SOPClassUID).orElseThrow())
                .toList();
        assertThat(sopClasses).containsOnlyOnce(SEG);
        assertThat(sopClasses)
                .filteredOn(c -> c.startsWith("1.2.840.10008.5.1.4.1.1.88."))
                .hasSize(1);
        assertThat(sopClasses)
                .filteredOn(c -> c.startsWith("1.2.840.10008.5.1.4.1.1.7"))
                .isNotEmpty();
        // the same objects the node keeps under DATA_DIR/results/<study>/<group>/v1
        Path results = work.resolve("data/results").resolve(phantom.studyInstanceUid());
        try (Stream<Path> files = Files.walk(results)) {
            assertThat(files.filter(f -> f.toString().endsWith(".dcm")).count()).isEqualTo(bySop.size());
        }
        List<String> done = node.linesMatching(l -> l.contains("event=job_done"));
        assertThat(done)
                .singleElement()
                .satisfies(l -> assertThat(l).containsAnyOf("status=RESULT", "status=QC_REFUSED"));
        System.out.println("run end to end: " + done.get(0) + "; received " + sopClasses);
        // the node counts what it did (the delivery round's counters are added right after its log lines)
        String metrics = "";
        for (int i = 0; i < 100 && !metrics.contains("outcome=\"delivered\"} " + bySop.size()); i++) {
            metrics = get(httpPort, "/metrics");
            Thread.sleep(100);
        }
        assertThat(metrics)
                .contains("myoscreen_deliveries_total{outcome=\"delivered\"} " + bySop.size())
                .contains("myoscreen_deliveries_total{outcome=\"dead\"} 0")
                .contains("myoscreen_jobs_total{outcome=\"failed\"} 0")
                .containsAnyOf(
                        "myoscreen_jobs_total{outcome=\"result\"} 1", "myoscreen_jobs_total{outcome=\"qc_refused\"} 1");
        assertThat(get(httpPort, "/health")).contains("\"worker_threads\":1");
    }

    @Test
    void resultsForADestinationThatIsDownArriveOnceItIsUpEachInstanceOnce() throws Exception {
        int pacsPort = NodeProcess.freePort();
        NodeProcess node = startNode(pacsPort, 0);

        send(node);
        node.awaitLines(l -> l.contains("event=delivery_retry"), 2, JOB_TIMEOUT);
        Path received = startStoreScp(pacsPort);
        node.awaitLine(l -> l.contains("event=job_delivered"), JOB_TIMEOUT);

        List<String> sops = receivedSopInstanceUids(received);
        assertThat(sops).isNotEmpty().doesNotHaveDuplicates();
        Path results = work.resolve("data/results").resolve(phantom.studyInstanceUid());
        try (Stream<Path> files = Files.walk(results)) {
            assertThat(files.filter(f -> f.toString().endsWith(".dcm")).count()).isEqualTo(sops.size());
        }
    }

    @Test
    void nodeKilledWhileAnalysingAJobAnalysesItAgainAfterRestartAndDeliversEachInstanceOnce() throws Exception {
        int pacsPort = NodeProcess.freePort();
        Path received = startStoreScp(pacsPort);
        NodeProcess first = startNode(pacsPort, 0);

        send(first);
        first.awaitLine(l -> l.contains("event=job_started"), JOB_TIMEOUT);
        first.kill();
        assertThat(fileCount(received)).as("nothing delivered before the kill").isZero();
        NodeProcess second = startNode(pacsPort, 0);
        second.awaitLine(l -> l.contains("event=job_delivered"), JOB_TIMEOUT);

        assertThat(second.linesMatching(l -> l.contains("event=job_done"))).hasSize(1);
        List<String> sops = receivedSopInstanceUids(received);
        assertThat(sops).isNotEmpty().doesNotHaveDuplicates();
        assertThat(fileCount(work.resolve("data/queue/pending"))).isZero();
    }

    private static long fileCount(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private void send(NodeProcess node) {
        Dcmtk.Result sent =
                Dcmtk.storescu(work, SCANNER, NodeProcess.AE_TITLE, node.port(), List.of(), phantom.outputDir());
        assertThat(sent.exitCode()).as(sent.output()).isZero();
    }

    private Path startStoreScp(int port) throws Exception {
        Path received = Files.createDirectories(work.resolve("pacs-" + port));
        pacs.add(Dcmtk.storescp(work, port, received));
        return received;
    }

    private static List<String> receivedSopInstanceUids(Path received) throws IOException {
        List<String> uids = new ArrayList<>();
        for (Attributes ds : Dcmtk.received(received)) {
            uids.add(ds.getString(Tag.SOPInstanceUID).orElseThrow());
        }
        return uids;
    }

    private static Map<String, Attributes> receivedBySopInstanceUid(Path received) throws IOException {
        Map<String, Attributes> out = new HashMap<>();
        for (Attributes ds : Dcmtk.received(received)) {
            String uid = ds.getString(Tag.SOPInstanceUID).orElseThrow();
            assertThat(out.put(uid, ds)).as("duplicate " + uid).isNull();
        }
        return out;
    }
}
