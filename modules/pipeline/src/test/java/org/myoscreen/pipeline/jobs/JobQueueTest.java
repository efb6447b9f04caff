package org.myoscreen.pipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.delivery.Destination;

public class JobQueueTest {

    @TempDir
    Path dir;

    public static Job job(String study, int version) {
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        return new Job(
                study,
                "0123456789abcdef",
                version,
                "dixon",
                "paraspinal-v1",
                List.of(Destination.parse("PACS@pacs:104")),
                "SCANNER",
                List.of(study + ".1"),
                List.of(new JobFile(study + ".1", study + ".1.1", Path.of("/data/spool/x.dcm"), 1234, "a".repeat(64))),
                t,
                t.plusSeconds(5),
                t.plusSeconds(40));
    }

    @Test
    void jobJsonRoundTripsAndNamesItsKey() {
        Job j = job("1.2.3", 2);

        String json = JobJson.toJson(j);

        assertThat(json).contains("\"job_key\":\"1.2.3/0123456789abcdef/v2\"").contains("\"sha256\":\"aaaa");
        assertThat(JobJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), "test"))
                .isEqualTo(j);
        assertThatThrownBy(() -> JobJson.fromBytes("{\"version\":1}".getBytes(StandardCharsets.UTF_8), "f.json"))
                .hasMessageContaining("f.json")
                .hasMessageContaining("missing key");
    }

    @Test
    void publishedJobIsDeliveredAndGoneAfterAcknowledge() throws Exception {
        try (InProcessJobQueue q = new InProcessJobQueue(dir)) {
            q.publish(job("1.2.3", 1));

            JobDelivery d = q.take();
            assertThat(d.job().jobKey()).isEqualTo("1.2.3/0123456789abcdef/v1");
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(q.poll()).isEmpty();

            q.acknowledge(d.job().jobKey());
            assertThat(q.size()).isZero();
        }
        try (InProcessJobQueue reopened = new InProcessJobQueue(dir)) {
            assertThat(reopened.poll()).isEmpty();
        }
        try (var files = Files.list(dir.resolve("pending"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void unacknowledgedJobsSurviveRestartInPublicationOrder() {
        InProcessJobQueue first = new InProcessJobQueue(dir);
        first.publish(job("1.2.3", 1));
        first.publish(job("1.2.4", 1));
        first.publish(job("1.2.5", 1));
        JobDelivery inFlight = first.poll().orElseThrow();
        assertThat(inFlight.job().studyInstanceUid()).isEqualTo("1.2.3");
        first.close(); // "crash": the in-flight job was never acknowledged

        try (InProcessJobQueue second = new InProcessJobQueue(dir)) {
            assertThat(second.size()).isEqualTo(3);
            assertThat(second.poll()).map(d -> d.job().studyInstanceUid()).contains("1.2.3");
            assertThat(second.poll()).map(d -> d.job()).contains(job("1.2.4", 1));
            second.acknowledge("1.2.3/0123456789abcdef/v1");
        }
        try (InProcessJobQueue third = new InProcessJobQueue(dir)) {
            assertThat(third.poll()).map(d -> d.job().studyInstanceUid()).contains("1.2.4");
            assertThat(third.poll()).map(d -> d.job().studyInstanceUid()).contains("1.2.5");
            assertThat(third.poll()).isEmpty();
        }
    }

    @Test
    void republishingAPendingJobKeyIsIgnored() {
        try (InProcessJobQueue q = new InProcessJobQueue(dir)) {
            q.publish(job("1.2.3", 1));
            q.publish(job("1.2.3", 1));
            q.publish(job("1.2.3", 2));

            assertThat(q.size()).isEqualTo(2);
        }
    }

    @Test
    void retriedFailureIsDeliveredAgainAndFinalFailureLeavesTheBacklog() {
        try (InProcessJobQueue q = new InProcessJobQueue(dir)) {
            q.publish(job("1.2.3", 1));
            JobDelivery d = q.poll().orElseThrow();
            q.fail(d.job().jobKey(), "worker busy", true);

            JobDelivery again = q.poll().orElseThrow();
            assertThat(again.attempt()).isEqualTo(2);

            q.fail(again.job().jobKey(), "model crashed", false);
            assertThat(q.size()).isZero();
            assertThat(q.failedFiles()).hasSize(1);
            assertThatThrownBy(() -> q.acknowledge(again.job().jobKey())).hasMessageContaining("not in flight");
        }
        try (InProcessJobQueue reopened = new InProcessJobQueue(dir)) {
            assertThat(reopened.poll()).isEmpty();
        }
    }

    @Test
    void corruptBacklogFileIsSetAsideAndOthersLoad() throws Exception {
        try (InProcessJobQueue q = new InProcessJobQueue(dir)) {
            q.publish(job("1.2.3", 1));
        }
        Files.writeString(dir.resolve("pending").resolve("0000000000000000000-broken.json"), "{not json");
        Files.writeString(dir.resolve("pending").resolve(".tmp-leftover"), "partial");

        try (InProcessJobQueue q = new InProcessJobQueue(dir)) {
            assertThat(q.poll()).map(d -> d.job().studyInstanceUid()).contains("1.2.3");
            assertThat(q.failedFiles()).containsExactly("0000000000000000000-broken.json");
        }
        assertThat(dir.resolve("pending").resolve(".tmp-leftover")).doesNotExist();
    }

    @Test
    void takeWaitsForAPublish() throws Exception {
        try (InProcessJobQueue q = new InProcessJobQueue(dir)) {
            CompletableFuture<JobDelivery> taken = CompletableFuture.supplyAsync(() -> {
                try {
                    return q.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(q.poll(Duration.ofMillis(1))).isEmpty();

            q.publish(job("1.2.9", 1));

            assertThat(taken.get(30, TimeUnit.SECONDS).job().studyInstanceUid()).isEqualTo("1.2.9");
            assertThat(Optional.of(q.size())).contains(1);
        }
    }
}
