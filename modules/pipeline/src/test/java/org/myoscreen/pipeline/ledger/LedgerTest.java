package org.myoscreen.pipeline.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.TestSeries;
import org.myoscreen.pipeline.assembly.CompletedSeries;
import org.myoscreen.pipeline.assembly.CompletionReason;
import org.myoscreen.pipeline.assembly.PipelineListener;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.assembly.SeriesFacts;
import org.myoscreen.pipeline.assembly.Summaries;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobQueueTest;

class LedgerTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));

    private static SpooledInstance instance(String sop) {
        InstanceHeader h = TestSeries.axial("1.2", "1.2.3", 0, 0, 5)
                .sopInstanceUid(sop)
                .seriesDescription("t1 dixon W")
                .build();
        return new SpooledInstance(
                h,
                Path.of("/spool/1.2/1.2.3/" + sop + ".dcm"),
                1000,
                Optional.of("b".repeat(64)),
                Instant.parse("2026-11-21T10:00:01Z"));
    }

    /** The one integer a query answers, read through a connection of its own (as another process would). */
    private static int queryInt(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getInt(1);
        }
    }

    @Test
    void recordsAnAssociationAndPrintsItsSummary() {
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock)) {
            ledger.associationOpened("a1", "SCANNER", "MYOSCREEN", "10.0.0.5:40000");
            ledger.storeAnswered("a1", true, 600_000);
            ledger.storeAnswered("a1", true, 400_000);
            ledger.storeAnswered("a1", false, 0);
            clock.advance(Duration.ofSeconds(2));
            ledger.associationClosed("a1", Ledger.AssociationState.RELEASED);

            Ledger.AssociationRecord a = ledger.association("a1").orElseThrow();

            assertThat(a.instancesStored()).isEqualTo(2);
            assertThat(a.failures()).isEqualTo(1);
            assertThat(a.bytes()).isEqualTo(1_000_000);
            assertThat(a.state()).isEqualTo(Ledger.AssociationState.RELEASED);
            assertThat(a.closedAt()).contains(Instant.parse("2026-11-21T10:00:02Z"));
            assertThat(AssociationRecorder.summary(a))
                    .isEqualTo("event=association_summary association=a1"
                            + " calling_ae=SCANNER called_ae=MYOSCREEN remote=10.0.0.5:40000 state=released stored=2 failed=1 bytes=1000000"
                            + " duration_ms=2000 mb_per_s=0.5");
        }
    }

    @Test
    void recordsTheSpooledInstancesItLacksAndLeavesTheOthersAsTheyWere() {
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock)) {
            ledger.instanceStored(instance("1.2.3.1"), "a1", StoreStatus.STORED);

            int recorded = ledger.recordMissing(List.of(instance("1.2.3.1"), instance("1.2.3.2"), instance("1.2.3.3")));

            assertThat(recorded).isEqualTo(2);
            assertThat(ledger.instanceCount("1.2.3")).isEqualTo(3);
            assertThat(ledger.duplicates("1.2.3.1"))
                    .as("a known instance is no duplicate")
                    .contains(0);
            assertThat(ledger.seriesState("1.2.3")).contains(Ledger.SeriesState.OPEN);
            assertThat(ledger.recordMissing(List.of(instance("1.2.3.2")))).isZero();
            assertThat(ledger.duplicates("1.2.3.2")).contains(0);
        }
    }

    @Test
    void recordsInstancesSeriesStatesAndJobsAndSurvivesReopening() {
        Path db = dir.resolve("ledger.db");
        try (Ledger ledger = new Ledger(db, clock)) {
            PipelineListener l = ledger.asListener();
            l.instanceStored(instance("1.2.3.1"), "a1", StoreStatus.STORED);
            l.instanceStored(instance("1.2.3.2"), "a1", StoreStatus.STORED);
            l.instanceStored(instance("1.2.3.2"), "a2", StoreStatus.DUPLICATE_KEPT);
            assertThat(ledger.seriesState("1.2.3")).contains(Ledger.SeriesState.OPEN);

            SpooledInstance first = instance("1.2.3.1");
            CompletedSeries done = new CompletedSeries(
                    first.header(),
                    SeriesFacts.of(first.header()),
                    List.of(first, instance("1.2.3.2")),
                    first.receivedAt(),
                    first.receivedAt(),
                    CompletionReason.QUIET_PERIOD,
                    Optional.of(RoutingRule.builder("dixon", "m").build()));
            l.seriesCompleted(done);
            l.instanceStored(instance("1.2.3.1"), "a3", StoreStatus.DUPLICATE_KEPT);
            Job job = JobQueueTest.job("1.2", 1);
            l.jobPublished(job);
            ledger.jobState(job.jobKey(), JobState.RUNNING, "");
        }
        try (Ledger reopened = new Ledger(db, clock)) {
            assertThat(reopened.schemaVersion()).isEqualTo(Ledger.SCHEMA_VERSION);
            assertThat(reopened.instanceCount("1.2.3")).isEqualTo(2);
            assertThat(reopened.duplicates("1.2.3.2")).contains(1);
            assertThat(reopened.duplicates("1.2.3.1")).contains(1);
            assertThat(reopened.seriesState("1.2.3"))
                    .as("a kept duplicate does not reopen")
                    .contains(Ledger.SeriesState.COMPLETE);
            assertThat(reopened.jobState("1.2/0123456789abcdef/v1")).contains(JobState.RUNNING);
            reopened.seriesRemoved("1.2.3");
            assertThat(reopened.seriesState("1.2.3")).contains(Ledger.SeriesState.REMOVED);
        }
    }

    @Test
    void associationIdsThatRestartWithTheProcessDoNotOverwriteEarlierRuns() throws Exception {
        Path db = dir.resolve("ledger.db");
        try (Ledger first = new Ledger(db, clock)) {
            first.associationOpened("A1", "SCANNER", "MYOSCREEN", "10.0.0.5:40000");
            first.storeAnswered("A1", true, 10);
        }
        try (Ledger second = new Ledger(db, clock)) {
            assertThat(second.association("A1")).isEmpty();
            second.associationOpened("A1", "PACS", "MYOSCREEN", "10.0.0.6:40000");
            assertThat(second.association("A1"))
                    .map(Ledger.AssociationRecord::callingAeTitle)
                    .contains("PACS");
        }
        assertThat(queryInt(db, "SELECT count(*) FROM associations WHERE id = 'A1'"))
                .isEqualTo(2);
    }

    @Test
    void aRowTheDatabaseRefusesDoesNotTakeTheRowsQueuedWithItAlong() throws Exception {
        Path db = dir.resolve("ledger.db");
        try (Ledger ledger = new Ledger(db, clock)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TRIGGER refuse BEFORE INSERT ON instances WHEN NEW.sop_instance_uid = '1.2.3.2'"
                        + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
            }
            // holding the ledger's lock keeps the background writer waiting, so the three rows form one batch
            synchronized (ledger) {
                ledger.instanceStored(instance("1.2.3.1"), "a1", StoreStatus.STORED);
                ledger.instanceStored(instance("1.2.3.2"), "a1", StoreStatus.STORED);
                ledger.instanceStored(instance("1.2.3.3"), "a1", StoreStatus.STORED);
            }

            assertThat(ledger.instanceCount("1.2.3")).isEqualTo(2);
            assertThat(ledger.duplicates("1.2.3.2")).isEmpty();
            assertThat(ledger.duplicates("1.2.3.3")).contains(0);
        }
    }

    @Test
    void queuedRowsAreWrittenBeforeAnyLaterCallSoTheOrderOfCallsHolds() {
        // a writer that never runs: only the ledger's own calls can write the queue
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock, work -> {})) {
            ledger.associationOpened("a1", "SCANNER", "MYOSCREEN", "10.0.0.5:40000");
            ledger.instanceStored(instance("1.2.3.1"), "a1", StoreStatus.STORED);
            ledger.storeAnswered("a1", true, 1000);
            SpooledInstance first = instance("1.2.3.1");
            ledger.seriesCompleted(new CompletedSeries(
                    first.header(),
                    SeriesFacts.of(first.header()),
                    List.of(first),
                    first.receivedAt(),
                    first.receivedAt(),
                    CompletionReason.QUIET_PERIOD,
                    Optional.of(RoutingRule.builder("dixon", "m").build())));

            assertThat(ledger.seriesState("1.2.3"))
                    .as("the instance's queued row came before the completion, not after it")
                    .contains(Ledger.SeriesState.COMPLETE);
            assertThat(ledger.association("a1"))
                    .map(Ledger.AssociationRecord::instancesStored)
                    .contains(1);
        }
    }

    @Test
    void closingWritesTheRowsNoBackgroundRoundWrote() throws Exception {
        Path db = dir.resolve("ledger.db");
        Ledger ledger = new Ledger(db, clock, work -> {});
        ledger.instanceStored(instance("1.2.3.1"), "a1", StoreStatus.STORED);
        ledger.close();

        assertThat(queryInt(db, "SELECT count(*) FROM instances")).isEqualTo(1);
    }

    @Test
    void closingWritesTheQueuedRowsAndLaterRowsAreRefused() throws Exception {
        Path db = dir.resolve("ledger.db");
        Ledger ledger = new Ledger(db, clock);
        ledger.associationOpened("a1", "SCANNER", "MYOSCREEN", "10.0.0.5:40000");
        for (int i = 1; i <= 50; i++) {
            ledger.instanceStored(instance("1.2.3." + i), "a1", StoreStatus.STORED);
            ledger.storeAnswered("a1", true, 1000);
        }
        ledger.close();

        assertThat(queryInt(db, "SELECT count(*) FROM instances")).isEqualTo(50);
        assertThat(queryInt(db, "SELECT instances_stored FROM associations")).isEqualTo(50);
        assertThatThrownBy(() -> ledger.instanceStored(instance("1.2.3.51"), "a1", StoreStatus.STORED))
                .isInstanceOf(Ledger.LedgerException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void anotherConnectionSeesAQueuedRowOnceItIsWritten() throws Exception {
        Path db = dir.resolve("ledger.db");
        try (Ledger ledger = new Ledger(db, clock);
                LedgerView view = new LedgerView(db)) {
            ledger.instanceStored(instance("1.2.3.1"), "a1", StoreStatus.STORED);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (view.recentSeries(10).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(view.recentSeries(10))
                    .singleElement()
                    .satisfies(s -> assertThat(s.instances()).isEqualTo(1));
        }
    }

    @Test
    void usesWriteAheadLogging() throws Exception {
        Path db = dir.resolve("ledger.db");
        new Ledger(db, clock).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            // WAL is a persistent property of the database file: a fresh connection sees it
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void refusesADatabaseWithANewerSchema() throws Exception {
        Path db = dir.resolve("ledger.db");
        new Ledger(db, clock).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("UPDATE schema_version SET version = 99");
        }

        assertThatThrownBy(() -> new Ledger(db, clock))
                .isInstanceOf(Ledger.LedgerException.class)
                .hasMessageContaining("schema version 99");
    }

    @Test
    void seriesSummaryIsOneKeyValueLine() {
        SpooledInstance first = instance("1.2.3.1");
        CompletedSeries done = new CompletedSeries(
                first.header(),
                SeriesFacts.of(first.header()),
                List.of(first),
                first.receivedAt(),
                first.receivedAt(),
                CompletionReason.IMAGES_IN_ACQUISITION,
                Optional.empty());

        assertThat(Summaries.series(done))
                .isEqualTo("event=series_complete study=1.2 series=1.2.3 number="
                        + " modality=MR description=\"t1 dixon W\" orientation=axial instances=1 frames=1 bytes=1000"
                        + " reason=images_in_acquisition rule=none calling_ae=SCANNER");
    }
}
