package org.myoscreen.pipeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.AcceptorConfig;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.DicomAcceptor;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.PresentationContextPolicy;
import org.myoscreen.dicom.net.StoreResponse;
import org.myoscreen.dicom.testing.TestDatasets;

/** The outbox against real receivers: DCMTK storescp, and our own acceptor answering chosen statuses. */
class OutboxTest {
    private static final String JOB = "2.25.1/abcdef0123456789/v1";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private final List<String> sopInstanceUids = new ArrayList<>();
    private final DicomSender sender = new DicomSender(AeTitle.of("MYOSCREEN"), Duration.ofSeconds(10));

    @BeforeEach
    void writeOutputs() throws IOException {
        Path out = Files.createDirectories(dir.resolve("job-output"));
        for (int i = 1; i <= 3; i++) {
            Attributes ds = TestDatasets.mrImage(8, 8);
            sopInstanceUids.add(ds.getString(Tag.SOPInstanceUID).orElseThrow());
            Path file = out.resolve("out-" + i + ".dcm");
            Files.write(file, TestDatasets.part10(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            outputs.add(file);
        }
    }

    @AfterEach
    void stopReceivers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Outbox outbox(DeliveryPolicy policy) {
        return new Outbox(dir.resolve("outbox"), policy, clock, sender::send);
    }

    @Test
    void deliversEveryOutputToStoreScpAndForgetsTheJob() throws Exception {
        int port = freePort();
        Path received = startStoreScp(port);
        Outbox outbox = outbox(DeliveryPolicy.defaults());
        outbox.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", port)));

        Outbox.Round round = outbox.deliverDue();

        assertThat(round).isEqualTo(new Outbox.Round(3, 0, 0, 0));
        assertThat(receivedSopInstanceUids(received)).containsExactlyInAnyOrderElementsOf(sopInstanceUids);
        assertThat(outbox.deliveries(JOB)).isEmpty();
        try (Stream<Path> left = Files.list(dir.resolve("outbox"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void destinationDownThenUpGetsEachInstanceExactlyOnce() throws Exception {
        int port = freePort();
        Outbox outbox = outbox(DeliveryPolicy.defaults());
        outbox.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", port)));

        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 3, 0, 0));
        assertThat(outbox.deliveries(JOB)).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
            assertThat(d.lastError()).isPresent();
        });
        assertThat(outbox.deliverDue()).as("not due before the backoff").isEqualTo(new Outbox.Round(0, 0, 0, 0));

        Path received = startStoreScp(port);
        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(3, 0, 0, 0));
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 0, 0, 0));
        assertThat(receivedSopInstanceUids(received)).hasSize(3).containsExactlyInAnyOrderElementsOf(sopInstanceUids);
    }

    @Test
    void failureStatusFailsAtOnceWhileOutOfResourcesIsRetried() throws Exception {
        Map<String, StoreResponse> answers = Map.of(
                sopInstanceUids.get(0), StoreResponse.of(DimseStatus.ERROR_CANNOT_UNDERSTAND, "no thanks"),
                sopInstanceUids.get(1), StoreResponse.of(DimseStatus.OUT_OF_RESOURCES, "disk full"));
        AcceptorConfig config = AcceptorConfig.builder(AeTitle.of("PACS"))
                .bindAddress("127.0.0.1")
                .port(0)
                .policy(PresentationContextPolicy.mrStorage())
                .build();
        try (DicomAcceptor pacs = new DicomAcceptor(
                        config,
                        (request, dataset) -> {
                            dataset.transferTo(java.io.OutputStream.nullOutputStream());
                            return answers.getOrDefault(request.affectedSopInstanceUid(), StoreResponse.success());
                        },
                        AssociationListener.NONE)
                .start()) {
            Outbox outbox = outbox(DeliveryPolicy.defaults());
            outbox.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", pacs.port())));

            assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(1, 1, 1, 0));

            List<Delivery> failed = outbox.failed();
            assertThat(failed).singleElement().satisfies(d -> {
                assertThat(d.file()).isEqualTo("out-1.dcm");
                assertThat(d.state()).isEqualTo(Delivery.State.FAILED);
                assertThat(d.lastStatus()).contains("C000");
                assertThat(d.lastError()).contains("no thanks");
            });
            assertThat(outbox.deliveries(JOB))
                    .filteredOn(d -> d.file().equals("out-2.dcm"))
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
                        assertThat(d.lastStatus()).contains("A700");
                    });
            clock.advance(Duration.ofMinutes(1));
            assertThat(outbox.deliverDue())
                    .as("only the A700 one is tried again")
                    .isEqualTo(new Outbox.Round(0, 1, 0, 0));
        }
    }

    @Test
    void destinationThatDoesNotAcceptTheSopClassFailsAtOnce() throws Exception {
        AcceptorConfig config = AcceptorConfig.builder(AeTitle.of("PACS"))
                .bindAddress("127.0.0.1")
                .port(0)
                .policy(PresentationContextPolicy.empty()
                        .with("1.2.840.10008.1.1", PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN))
                .build();
        try (DicomAcceptor pacs = new DicomAcceptor(
                        config, (request, dataset) -> StoreResponse.success(), AssociationListener.NONE)
                .start()) {
            Outbox outbox = outbox(DeliveryPolicy.defaults());
            outbox.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", pacs.port())));

            assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 0, 3, 0));
            assertThat(outbox.failed()).hasSize(3).allSatisfy(d -> {
                assertThat(d.state()).isEqualTo(Delivery.State.FAILED);
                assertThat(d.lastError()).isPresent();
            });
        }
    }

    @Test
    void deadAfterTheHorizonUntilResent() throws Exception {
        int port = freePort();
        DeliveryPolicy policy =
                new DeliveryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), Duration.ofMinutes(2));
        Outbox outbox = outbox(policy);
        outbox.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", port)));
        assertThat(outbox.deliverDue().retrying()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(3));
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 0, 0, 3));
        assertThat(outbox.failed())
                .hasSize(3)
                .allSatisfy(d -> assertThat(d.state()).isEqualTo(Delivery.State.DEAD));
        assertThat(outbox.deliverDue()).as("dead is not retried").isEqualTo(new Outbox.Round(0, 0, 0, 0));

        assertThat(outbox(policy).resend(JOB))
                .as("a new outbox on the same folder")
                .isEqualTo(3);
        Path received = startStoreScp(port);
        assertThat(outbox(policy).deliverDue()).isEqualTo(new Outbox.Round(3, 0, 0, 0));
        assertThat(receivedSopInstanceUids(received)).containsExactlyInAnyOrderElementsOf(sopInstanceUids);
    }

    /** Stands for kill -9 at a crash point: unwinds the delivering thread, leaving the disk as it is. */
    private static final class Crash extends Error {
        Crash() {
            super("crash");
        }
    }

    @Test
    void aCrashWhileRemovingADeliveredJobLeavesNothingToRetryOrDeclareDead() throws Exception {
        int port = freePort();
        Path received = startStoreScp(port);
        DeliveryPolicy policy =
                new DeliveryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), Duration.ofMinutes(2));
        Outbox crashing = new Outbox(dir.resolve("outbox"), policy, clock, sender::send, () -> {
            throw new Crash();
        });
        crashing.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", port)));
        org.assertj.core.api.Assertions.assertThatThrownBy(crashing::deliverDue).isInstanceOf(Crash.class);
        assertThat(receivedSopInstanceUids(received)).containsExactlyInAnyOrderElementsOf(sopInstanceUids);

        Outbox restarted = outbox(policy);
        clock.advance(Duration.ofMinutes(3));

        assertThat(restarted.deliverDue()).isEqualTo(new Outbox.Round(0, 0, 0, 0));
        assertThat(restarted.failed()).as("delivered, so never DEAD").isEmpty();
        assertThat(restarted.deliveries(JOB)).isEmpty();
        try (Stream<Path> left = Files.list(dir.resolve("outbox"))) {
            assertThat(left).as("the restart finished the removal").isEmpty();
        }
    }

    /** A PACS that accepts the association, then stops reading (its handler never returns until released). */
    private static DicomAcceptor stalledPacs(java.util.concurrent.CountDownLatch release) throws IOException {
        AcceptorConfig config = AcceptorConfig.builder(AeTitle.of("STALLED"))
                .bindAddress("127.0.0.1")
                .port(0)
                .policy(PresentationContextPolicy.mrStorage())
                .build();
        return new DicomAcceptor(
                        config,
                        (request, dataset) -> {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            dataset.transferTo(java.io.OutputStream.nullOutputStream());
                            return StoreResponse.success();
                        },
                        AssociationListener.NONE)
                .start();
    }

    @Test
    void aStalledDestinationDelaysNeitherAHealthyOneNorNewJobs() throws Exception {
        int port = freePort();
        Path received = startStoreScp(port);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (DicomAcceptor stalled = stalledPacs(release)) {
            Destination stuck = new Destination("STALLED", "127.0.0.1", stalled.port());
            Destination healthy = new Destination("PACS", "127.0.0.1", port);
            // the stalled destination first: a single delivery thread would serve it before the healthy one
            Outbox outbox = new Outbox(
                    dir.resolve("outbox"),
                    DeliveryPolicy.defaults(),
                    Clock.systemUTC(),
                    new DicomSender(AeTitle.of("MYOSCREEN"), Duration.ofMinutes(2))::send);
            outbox.add(JOB, outputs, List.of(stuck, healthy));
            try (DeliveryLoop loop = new DeliveryLoop(outbox, Duration.ofHours(1))) {
                loop.start();

                List<String> got = waitForReceived(received, sopInstanceUids.size());

                assertThat(got).containsExactlyInAnyOrderElementsOf(sopInstanceUids);
                assertThat(outbox.deliveries(JOB))
                        .filteredOn(d -> d.destination().equals(stuck))
                        .as("the stalled destination is still in its first attempt")
                        .hasSize(3)
                        .allSatisfy(d -> assertThat(d.attempts()).isZero());
                java.util.concurrent.CompletableFuture<Void> add = java.util.concurrent.CompletableFuture.runAsync(
                        () -> outbox.add("2.25.2/abcdef0123456789/v1", outputs, List.of(healthy)));
                add.get(20, TimeUnit.SECONDS); // bounded: fails instead of hanging when add waits for the stall
                loop.wake();
                assertThat(waitForReceived(received, 2 * sopInstanceUids.size()))
                        .hasSize(6);
                release.countDown();
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void theLoopOutlivesARoundThatThrowsAnError() throws Exception {
        int port = freePort();
        Path received = startStoreScp(port);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Outbox outbox = new Outbox(
                dir.resolve("outbox"), DeliveryPolicy.defaults(), Clock.systemUTC(), (destination, files) -> {
                    if (calls.getAndIncrement() == 0) {
                        throw new NoClassDefFoundError("a bug in the first round");
                    }
                    return sender.send(destination, files);
                });
        outbox.add(JOB, outputs, List.of(new Destination("PACS", "127.0.0.1", port)));
        try (DeliveryLoop loop = new DeliveryLoop(outbox, Duration.ofMillis(100))) {
            loop.start();

            assertThat(waitForReceived(received, 3)).containsExactlyInAnyOrderElementsOf(sopInstanceUids);
            assertThat(loop.counters().roundErrors()).isEqualTo(1);
        }
    }

    /** Waits (bounded, 30 s) until storescp wrote {@code count} files, and returns their SOP Instance UIDs. */
    private static List<String> waitForReceived(Path received, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(received)) {
                if (files.count() >= count) {
                    Thread.sleep(200); // storescp writes the file before answering; let the last one finish
                    return receivedSopInstanceUids(received);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("storescp did not receive " + count + " instances within 30 s; got "
                + receivedSopInstanceUids(received).size());
    }

    @Test
    void backoffGrowsByTheMultiplierUpToItsMaximum() {
        DeliveryPolicy p = DeliveryPolicy.defaults();
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(p.backoffAfter(12)).isEqualTo(Duration.ofMinutes(30));
    }

    /** Starts DCMTK storescp writing each received instance to its own file (duplicates too). */
    private Path startStoreScp(int port) throws Exception {
        Path received = Files.createDirectories(dir.resolve("received-" + port));
        ProcessBuilder pb = new ProcessBuilder(
                        "storescp", "-aet", "PACS", "+uf", "-od", received.toString(), String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        processes.add(pb.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return received;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("storescp did not listen on port " + port);
    }

    private static List<String> receivedSopInstanceUids(Path received) throws IOException {
        List<String> uids = new ArrayList<>();
        try (Stream<Path> files = Files.list(received)) {
            for (Path f : files.toList()) {
                uids.add(org.myoscreen.dicom.Part10Reader.readUntilPixelData(f)
                        .dataset()
                        .getString(Tag.SOPInstanceUID)
                        .orElseThrow());
            }
        }
        return uids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
