package org.myoscreen.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobFile;

class ClaimCheckTest {

    @TempDir
    Path dir;

    @Test
    void jobMessageCarriesClaimChecksNotPixelsAndRoundTrips() throws Exception {
        Job job = TestJobs.job(dir.resolve("spool"), "1.2.3", 2);

        byte[] message = JobMessages.toBytes(job);
        String json = new String(message, StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"uri\":\"file:///")
                .contains("\"sha256\":\"")
                .contains("\"size_bytes\":")
                .contains("\"message_version\":1")
                .doesNotContain("\"path\"")
                .doesNotContain("instance 1.2.3");
        assertThat(message.length).isLessThan(2000);
        assertThat(JobMessages.fromBytes(message, "t/0/0")).isEqualTo(job);
        assertThatThrownBy(() ->
                        JobMessages.fromBytes("{\"message_version\":7}".getBytes(StandardCharsets.UTF_8), "t/0/9"))
                .hasMessageContaining("t/0/9")
                .hasMessageContaining("message_version 7");
    }

    @Test
    void sharedFilesystemVerifiesAndMapsTheMountPoint() throws Exception {
        Job job = TestJobs.job(dir.resolve("node-spool"), "1.2.3", 1);
        Files.move(dir.resolve("node-spool"), dir.resolve("worker-mount"));
        ClaimCheckStore store =
                new SharedFilesystemClaimCheckStore(dir.resolve("node-spool"), dir.resolve("worker-mount"));

        Job local = store.fetchAll(job);

        assertThat(local.files().get(0).path()).isEqualTo(dir.resolve("worker-mount/1.2.3/1.dcm"));
        assertThat(local.jobKey()).isEqualTo(job.jobKey());
    }

    @Test
    void changedOrMissingFileFailsTheClaimCheckClearly() throws Exception {
        Job job = TestJobs.job(dir, "1.2.3", 2);
        JobFile first = job.files().get(0);
        ClaimCheckStore store = new SharedFilesystemClaimCheckStore();
        Files.writeString(first.path(), "instance 1.2.X.1");

        assertThatThrownBy(() -> store.fetchAll(job))
                .isInstanceOf(ClaimCheckException.class)
                // a changed file stays changed: no retry
                .satisfies(
                        e -> assertThat(((ClaimCheckException) e).retriable()).isFalse())
                .hasMessageContaining(job.jobKey())
                .hasMessageContaining(first.path().toString())
                .hasMessageContaining("does not match");

        Files.delete(job.files().get(1).path());
        assertThatThrownBy(() -> store.fetch(job.files().get(1)))
                .hasMessageContaining("is absent")
                .satisfies(
                        e -> assertThat(((ClaimCheckException) e).retriable()).isFalse());
    }
}
