package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
 * The scale-out end to end with real processes: DCMTK {@code storescu} sends phantom studies to
 * {@code myoscreen node}, which publishes the jobs to a real Kafka broker ({@code deploy/kafka/dev-broker.sh});
 * two {@code myoscreen worker}s (other JVMs) share them, analyse them with the reference model and deliver SEG,
 * SR and SC to DCMTK {@code storescp}; the node's ledger learns each job is DONE from the results topic, and the
 * workers' {@code /health} and {@code /metrics} show their consumers and totals.
 * Waiting is bounded by hang detectors only.
 */
class KafkaScaleOutIT {
    private static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path shared;

    private static PhantomSummary phantom;
    private static String bootstrap;

    @TempDir
    Path work;

    private final List<NodeProcess> processes = new ArrayList<>();
    private final List<Process> pacs = new ArrayList<>();

    @BeforeAll
    static void startBrokerAndWritePhantom() throws Exception {
        bootstrap = broker("start");
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

    @AfterAll
    static void stopBroker() throws Exception {
        broker("stop");
    }

    @AfterEach
    void stop() throws InterruptedException {
        processes.forEach(NodeProcess::close);
        for (Process p : pacs) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void tenStudiesSentToTheNodeAreSharedByTwoWorkersAndEveryOutputReachesThePacsOnce() throws Exception {
        List<PhantomSummary> studies = new ArrayList<>(List.of(phantom));
        for (int seed = 21; seed < 30; seed++) {
            studies.add(PhantomWriter.write(
                    PhantomOptions.builder()
                            .seed(seed)
                            .matrix(96)
                            .spacingMm(4)
                            .sliceThicknessMm(8)
                            .stations(1)
                            .contrasts(EnumSet.of(Contrast.T2_HASTE))
                            .build(),
                    work.resolve("phantom-" + seed)));
        }
        assertThat(studies.stream().map(PhantomSummary::studyInstanceUid).distinct())
                .hasSize(10);
        String topics = "e2e-" + ProcessHandle.current().pid();
        List<String> kafka = List.of(
                "--kafka",
                bootstrap,
                "--kafka-jobs-topic",
                topics + ".jobs",
                "--kafka-results-topic",
                topics + ".results",
                "--kafka-dead-letter-topic",
                topics + ".dead",
                "--kafka-group",
                topics + "-workers",
                "--kafka-partitions",
                "2");
        int pacsPort = NodeProcess.freePort();
        Path received = startStoreScp(pacsPort);

        List<NodeProcess> workers = new ArrayList<>();
        List<Integer> workerHttpPorts = new ArrayList<>();
        for (String name : List.of("worker-a", "worker-b")) {
            int port = NodeProcess.freePort();
            workerHttpPorts.add(port);
            List<String> args = new ArrayList<>(List.of(
                    "worker",
                    "--data-dir",
                    work.resolve(name).toString(),
                    "--http-port",
                    String.valueOf(port),
                    "--worker.threads",
                    "1",
                    "--delivery.interval",
                    "1s",
                    "--delivery.initial-backoff",
                    "1s",
                    "--delivery.max-backoff",
                    "2s"));
            args.addAll(kafka);
            workers.add(start(name, "-Xmx768m", args));
        }
        int nodePort = NodeProcess.freePort();
        int httpPort = NodeProcess.freePort();
        List<String> nodeArgs = new ArrayList<>(List.of(
                "node",
                "--port",
                String.valueOf(nodePort),
                "--http-port",
                String.valueOf(httpPort),
                "--ae-title",
                NodeProcess.AE_TITLE,
                "--data-dir",
                work.resolve("node").toString(),
                "--quiet-period",
                "1s",
                "--study-quiet-period",
                "1s",
                "--destination",
                "PACS@127.0.0.1:" + pacsPort));
        nodeArgs.addAll(kafka);
        NodeProcess node = start("node", "-Xmx256m", nodeArgs);

        for (PhantomSummary study : studies) {
            Dcmtk.Result sent =
                    Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, nodePort, List.of(), study.outputDir());
            assertThat(sent.exitCode()).as(sent.output()).isZero();
        }

        List<String> done = node.awaitLines(
                l -> l.contains("event=job_state_reported") && l.contains("state=DONE"), 10, Duration.ofSeconds(400));
        assertThat(done.stream()
                        .map(l -> l.replaceAll(".* job=(\\S+) .*", "$1"))
                        .distinct())
                .hasSize(10);
        awaitTotal(workers, l -> l.contains("event=job_delivered"), 10, JOB_TIMEOUT);

        // both workers took part, and every job ran once (nothing crashed)
        List<Integer> taken = workers.stream()
                .map(w -> w.linesMatching(l -> l.contains("event=job_taken")).size())
                .toList();
        assertThat(taken).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(taken.get(0) + taken.get(1)).isEqualTo(10);

        List<Attributes> objects = Dcmtk.received(received);
        List<String> sops = objects.stream()
                .map(ds -> ds.getString(Tag.SOPInstanceUID).orElseThrow())
                .toList();
        assertThat(sops).isNotEmpty().doesNotHaveDuplicates();
        for (PhantomSummary study : studies) {
            List<String> classes = objects.stream()
                    .filter(ds -> ds.getString(Tag.StudyInstanceUID).orElse("").equals(study.studyInstanceUid()))
                    .map(ds -> ds.getString(Tag.SOPClassUID).orElseThrow())
                    .toList();
            assertThat(classes).as(study.studyInstanceUid()).containsOnlyOnce(SEG);
            assertThat(classes)
                    .filteredOn(c -> c.startsWith("1.2.840.10008.5.1.4.1.1.88."))
                    .hasSize(1);
            assertThat(classes)
                    .filteredOn(c -> c.startsWith("1.2.840.10008.5.1.4.1.1.7"))
                    .isNotEmpty();
        }
        assertThat(objects).hasSize(sops.size());
        assertThat(done.stream()
                        .mapToInt(l -> Integer.parseInt(l.replaceAll(".* outputs=(\\d+).*", "$1")))
                        .sum())
                .isEqualTo(sops.size());
        // the node analysed nothing itself and keeps no job back
        assertThat(node.linesMatching(l -> l.contains("event=job_started"))).isEmpty();
        try (Stream<Path> pending = Files.list(work.resolve("node/queue/pending"))) {
            assertThat(pending).isEmpty();
        }
        assertThat(http(httpPort, "/metrics"))
                .contains("myoscreen_kafka_jobs_forwarded_total 10\n")
                .contains("myoscreen_kafka_publish_failures_total 0\n")
                .contains("myoscreen_kafka_reachable 1\n");
        // each worker serves the same job and delivery numbers as run and node, plus its consumer's state
        long delivered = 0;
        for (int i = 0; i < 2; i++) {
            int port = workerHttpPorts.get(i);
            String metrics = http(port, "/metrics");
            // phantoms are outside the reference population's QC limits: "qc_refused" results (SEG, SR and SC still go)
            assertThat(metric(metrics, "myoscreen_jobs_total{outcome=\"result\"}")
                            + metric(metrics, "myoscreen_jobs_total{outcome=\"qc_refused\"}"))
                    .isEqualTo((long) taken.get(i));
            assertThat(metrics)
                    .contains("myoscreen_jobs_total{outcome=\"failed\"} 0.0\n")
                    .contains("myoscreen_kafka_reachable 1\n")
                    .contains("myoscreen_kafka_group_joined 1\n")
                    .contains("myoscreen_kafka_assigned_partitions 1\n")
                    .contains("myoscreen_kafka_jobs_total{outcome=\"committed\"} " + taken.get(i) + "\n")
                    .contains("myoscreen_kafka_job_in_hand 0\n");
            delivered += metric(metrics, "myoscreen_deliveries_total{outcome=\"delivered\"}");
            assertThat(http(port, "/health"))
                    .startsWith("{\"status\":\"UP\",\"worker\":\"myoscreen-worker-")
                    .contains("\"kafka\":{\"reachable\":true,\"group_joined\":true,\"assigned_partitions\":1,"
                            + "\"job_in_hand\":null,\"committed\":" + taken.get(i) + ",")
                    .contains("\"deliveries\":{\"delivered\":");
        }
        assertThat(delivered).isEqualTo(sops.size());
        System.out.println("two workers, ten studies: jobs taken " + taken + "; PACS received " + sops.size()
                + " distinct instances");
    }

    @Test
    void jobOfAWorkerKilledMidJobCompletesOnTheOtherAndEveryOutputReachesThePacsOnce() throws Exception {
        List<PhantomSummary> studies = List.of(
                phantom,
                PhantomWriter.write(
                        PhantomOptions.builder()
                                .seed(12)
                                .matrix(96)
                                .spacingMm(4)
                                .sliceThicknessMm(8)
                                .stations(1)
                                .contrasts(EnumSet.of(Contrast.T2_HASTE))
                                .build(),
                        work.resolve("phantom-12")),
                PhantomWriter.write(
                        PhantomOptions.builder()
                                .seed(13)
                                .matrix(96)
                                .spacingMm(4)
                                .sliceThicknessMm(8)
                                .stations(1)
                                .contrasts(EnumSet.of(Contrast.T2_HASTE))
                                .build(),
                        work.resolve("phantom-13")));
        assertThat(studies.stream().map(PhantomSummary::studyInstanceUid).distinct())
                .hasSize(3);
        String topics = "kill-" + ProcessHandle.current().pid();
        List<String> kafka = List.of(
                "--kafka",
                bootstrap,
                "--kafka-jobs-topic",
                topics + ".jobs",
                "--kafka-results-topic",
                topics + ".results",
                "--kafka-dead-letter-topic",
                topics + ".dead",
                "--kafka-group",
                topics + "-workers",
                "--kafka-partitions",
                "2",
                "--kafka-session-timeout",
                "6s");
        int pacsPort = NodeProcess.freePort();
        Path received = startStoreScp(pacsPort);
        List<NodeProcess> workers = new ArrayList<>();
        for (String name : List.of("worker-a", "worker-b")) {
            List<String> args = new ArrayList<>(List.of(
                    "worker",
                    "--data-dir",
                    work.resolve(name).toString(),
                    "--http-port",
                    "0",
                    "--worker.threads",
                    "1",
                    "--delivery.interval",
                    "1s",
                    "--delivery.initial-backoff",
                    "1s",
                    "--delivery.max-backoff",
                    "2s"));
            args.addAll(kafka);
            workers.add(start(name, "-Xmx768m", args));
        }
        int nodePort = NodeProcess.freePort();
        List<String> nodeArgs = new ArrayList<>(List.of(
                "node",
                "--port",
                String.valueOf(nodePort),
                "--http-port",
                "0",
                "--ae-title",
                NodeProcess.AE_TITLE,
                "--data-dir",
                work.resolve("node").toString(),
                "--quiet-period",
                "1s",
                "--study-quiet-period",
                "1s",
                "--destination",
                "PACS@127.0.0.1:" + pacsPort));
        nodeArgs.addAll(kafka);
        NodeProcess node = start("node", "-Xmx256m", nodeArgs);

        // kill -9 the first worker that takes a job, while it runs it: watched while the studies are still being
        // sent, because a small job (about 2 s) can be finished before the last study has arrived
        CompletableFuture<NodeProcess> killed = CompletableFuture.supplyAsync(() -> {
            try {
                NodeProcess first = firstToTakeAJob(workers);
                first.kill();
                return first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while watching for the first job", e);
            }
        });
        for (PhantomSummary study : studies) {
            Dcmtk.Result sent =
                    Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, nodePort, List.of(), study.outputDir());
            assertThat(sent.exitCode()).as(sent.output()).isZero();
        }
        NodeProcess victim = killed.get(JOB_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        NodeProcess survivor = workers.get(workers.get(0) == victim ? 1 : 0);

        List<String> done = node.awaitLines(
                l -> l.contains("event=job_state_reported") && l.contains("state=DONE"), 3, Duration.ofSeconds(300));
        assertThat(done.stream()
                        .map(l -> l.replaceAll(".* job=(\\S+) .*", "$1"))
                        .distinct())
                .hasSize(3);
        survivor.awaitLines(l -> l.contains("event=job_delivered"), 3, JOB_TIMEOUT);

        List<Attributes> objects = Dcmtk.received(received);
        List<String> sops = objects.stream()
                .map(ds -> ds.getString(Tag.SOPInstanceUID).orElseThrow())
                .toList();
        assertThat(sops).doesNotHaveDuplicates();
        for (PhantomSummary study : studies) {
            assertThat(objects)
                    .filteredOn(
                            ds -> ds.getString(Tag.StudyInstanceUID).orElse("").equals(study.studyInstanceUid()))
                    .extracting(ds -> ds.getString(Tag.SOPClassUID).orElseThrow())
                    .containsOnlyOnce(SEG);
        }
        // the victim's job was taken again by the survivor
        String victimJob =
                victim.linesMatching(l -> l.contains("event=job_taken")).get(0).replaceAll(".* job=(\\S+) .*", "$1");
        assertThat(survivor.linesMatching(l -> l.contains("event=job_taken") && l.contains("job=" + victimJob + " ")))
                .isNotEmpty();
        System.out.println("kill -9 mid-job: victim took " + victimJob + "; survivor took "
                + survivor.linesMatching(l -> l.contains("event=job_taken")).size() + " jobs; PACS received "
                + sops.size() + " distinct instances");
    }

    /** Waits (a hang detector) until the workers' output has {@code count} matching lines in all. */
    private static void awaitTotal(
            List<NodeProcess> processes, java.util.function.Predicate<String> match, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().mapToInt(p -> p.linesMatching(match).size()).sum() < count) {
            assertThat(System.nanoTime())
                    .as("timed out waiting for " + count + " lines")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The value of one exposition line {@code NAME{LABELS} VALUE}. */
    private static long metric(String exposition, String nameAndLabels) {
        return exposition
                .lines()
                .filter(l -> l.startsWith(nameAndLabels + " "))
                .map(l -> l.substring(nameAndLabels.length() + 1).strip())
                .mapToLong(v -> (long) Double.parseDouble(v))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + nameAndLabels + " in\n" + exposition));
    }

    private static String http(int port, String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static NodeProcess firstToTakeAJob(List<NodeProcess> workers) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (NodeProcess w : workers) {
                if (!w.linesMatching(l -> l.contains("event=job_taken")).isEmpty()) {
                    return w;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no worker took a job");
    }

    private NodeProcess start(String name, String heap, List<String> args) {
        NodeProcess p = NodeProcess.launch(work, name, heap, args);
        processes.add(p);
        return p;
    }

    /** Runs {@code deploy/kafka/dev-broker.sh COMMAND DIR}; its last stdout line (the bootstrap address). */
    private static String broker(String command) throws IOException, InterruptedException {
        Path script = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && script == null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("deploy/kafka/dev-broker.sh"))) {
                script = d.resolve("deploy/kafka/dev-broker.sh");
            }
        }
        assertThat(script).as("deploy/kafka/dev-broker.sh").isNotNull();
        Path out = Files.createTempFile(shared, "broker", ".out");
        Process p = new ProcessBuilder(
                        script.toString(), command, shared.resolve("broker").toString())
                .redirectOutput(out.toFile())
                .redirectError(shared.resolve("broker-script.log").toFile())
                .start();
        assertThat(p.waitFor())
                .as("dev-broker.sh " + command + " (see " + shared + "/broker-script.log)")
                .isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private Path startStoreScp(int port) throws Exception {
        Path received = Files.createDirectories(work.resolve("pacs-" + port));
        pacs.add(Dcmtk.storescp(work, port, received));
        return received;
    }
}
