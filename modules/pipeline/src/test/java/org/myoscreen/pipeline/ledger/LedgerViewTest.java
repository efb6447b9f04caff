package org.myoscreen.pipeline.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.TestSeries;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobQueueTest;

class LedgerViewTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));

    private static SpooledInstance instance(String sop) {
        InstanceHeader h = TestSeries.axial("1.2", "1.2.3", 0, 0, 5)
                .sopInstanceUid(sop)
                .seriesDescription("t2 haste")
                .build();
        return new SpooledInstance(
                h,
                Path.of("/spool/1.2/1.2.3/" + sop + ".dcm"),
                1000,
                Optional.of("b".repeat(64)),
                Instant.parse("2026-12-06T10:00:01Z"));
    }

    @Test
    void readsWhatTheLedgerCommittedWhileTheLedgerStaysOpen() {
        Path db = dir.resolve("ledger.db");
        try (Ledger ledger = new Ledger(db, clock);
                LedgerView view = new LedgerView(db)) {
            ledger.associationOpened("A1", "SCANNER", "MYOSCREEN", "10.0.0.5:40000");
            ledger.instanceStored(instance("1.2.3.1"), "A1", StoreStatus.STORED);
            ledger.instanceStored(instance("1.2.3.2"), "A1", StoreStatus.STORED);
            Job job = JobQueueTest.job("1.2", 1);
            ledger.jobPublished(job);
            ledger.jobState(job.jobKey(), JobState.QC_REFUSED, "no vertebral levels found");

            assertThat(view.openAssociations(Instant.parse("2026-12-06T09:00:00Z")))
                    .singleElement()
                    .satisfies(a -> assertThat(a.callingAeTitle()).isEqualTo("SCANNER"));
            assertThat(view.openAssociations(Instant.parse("2026-12-06T11:00:00Z")))
                    .as("an earlier process's open rows are not this process's")
                    .isEmpty();
            assertThat(view.recentSeries(10)).singleElement().satisfies(s -> {
                assertThat(s.studyInstanceUid()).isEqualTo("1.2");
                assertThat(s.state()).isEqualTo(Ledger.SeriesState.OPEN);
                assertThat(s.instances()).isEqualTo(2);
                assertThat(s.description()).isEqualTo("t2 haste");
            });
            assertThat(view.recentJobs(10)).singleElement().satisfies(j -> {
                assertThat(j.jobKey()).isEqualTo(job.jobKey());
                assertThat(j.state()).isEqualTo(JobState.QC_REFUSED);
                assertThat(j.detail()).isEqualTo("no vertebral levels found");
            });
            assertThat(view.anyInstancePath("1.2"))
                    .hasValueSatisfying(p -> assertThat(p.toString()).startsWith("/spool/1.2/1.2.3/"));
            assertThat(view.anyInstancePath("9.9")).isEmpty();

            ledger.associationClosed("A1", Ledger.AssociationState.RELEASED);
            assertThat(view.openAssociations(Instant.parse("2026-12-06T09:00:00Z")))
                    .isEmpty();
        }
    }
}
