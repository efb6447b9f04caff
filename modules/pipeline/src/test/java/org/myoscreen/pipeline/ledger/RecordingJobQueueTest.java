package org.myoscreen.pipeline.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.myoscreen.pipeline.jobs.JobQueueTest;

class RecordingJobQueueTest {

    @TempDir
    Path dir;

    @Test
    void jobStatesFollowPublishDeliveryRetryFailureAndAcknowledge() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock);
                JobQueue q = new RecordingJobQueue(new InProcessJobQueue(dir.resolve("queue")), ledger)) {
            Job a = JobQueueTest.job("1.2.3", 1);
            Job b = JobQueueTest.job("1.2.4", 1);
            q.publish(a);
            q.publish(b);
            assertThat(ledger.jobState(a.jobKey())).contains(JobState.QUEUED);

            q.poll().orElseThrow();
            assertThat(ledger.jobState(a.jobKey())).contains(JobState.RUNNING);
            q.fail(a.jobKey(), "busy", true);
            assertThat(ledger.jobState(a.jobKey())).contains(JobState.QUEUED);

            q.poll().orElseThrow();
            q.acknowledge(b.jobKey());
            q.poll().orElseThrow();
            q.fail(a.jobKey(), "model crashed", false);

            assertThat(ledger.jobState(b.jobKey())).contains(JobState.DONE);
            assertThat(ledger.jobState(a.jobKey())).contains(JobState.FAILED);
        }
    }
}
