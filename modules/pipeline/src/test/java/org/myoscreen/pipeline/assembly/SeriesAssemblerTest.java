package org.myoscreen.pipeline.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.ManualScheduler;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.TestSeries;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.volume.Sha256;

class SeriesAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> W = List.of("ORIGINAL", "PRIMARY", "DIXON", "W");
    private static final List<String> F = List.of("ORIGINAL", "PRIMARY", "DIXON", "F");
    private static final String STUDY = "1.2.840.99";

    @TempDir
    Path data;

    private Path spool;
    private ManualClock clock;
    private ManualScheduler scheduler;
    private InProcessJobQueue queue;
    private final List<CompletedSeries> completed = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final List<SpooledInstance> stored = new ArrayList<>();
    /** What a spool scan of one study would find: every instance received so far, unhashed. */
    private final SpoolIndex index = uid -> stored.stream()
            .filter(i -> i.header().studyInstanceUid().equals(uid))
            .map(i -> new SpooledInstance(
                    i.header(), i.file(), i.sizeBytes(), java.util.Optional.empty(), i.receivedAt()))
            .toList();

    private final PipelineListener recorder = new PipelineListener() {
        @Override
        public void seriesCompleted(CompletedSeries series) {
            completed.add(series);
        }

        @Override
        public void seriesRemoved(String studyInstanceUid, String seriesInstanceUid, int instances) {
            removed.add(seriesInstanceUid);
        }
    };

    @BeforeEach
    void setUp() {
        spool = data.resolve("spool");
        clock = new ManualClock(T0);
        scheduler = new ManualScheduler(clock);
        queue = new InProcessJobQueue(data.resolve("queue"));
    }

    @AfterEach
    void tearDown() {
        queue.close();
    }

    private SeriesAssembler assembler(RoutingRule... rules) {
        return new SeriesAssembler(
                AssemblerConfig.defaults(spool),
                new Router(RoutingConfig.of(List.of(rules))),
                queue,
                index,
                scheduler,
                clock,
                recorder);
    }

    private static RoutingRule mrRule() {
        return RoutingRule.builder("mr", "paraspinal-v1").modalities("MR").build();
    }

    private void receive(SeriesAssembler a, List<InstanceHeader> headers) {
        for (InstanceHeader h : headers) {
            SpooledInstance i = TestSeries.spooled(spool, h, clock.instant());
            stored.add(i);
            a.onInstance(i);
        }
    }

    private List<Job> drain() {
        List<Job> jobs = new ArrayList<>();
        for (JobDelivery d = queue.poll().orElse(null);
                d != null;
                d = queue.poll().orElse(null)) {
            jobs.add(d.job());
            queue.acknowledge(d.job().jobKey());
        }
        return jobs;
    }

    @Test
    void resentInstanceAtTheSamePathDoesNotInheritTheHashTakenOfTheFileItReplaced() {
        InstanceHeader h = TestSeries.series(STUDY, STUDY + ".1", 1, 0, 5, W).get(0);
        SpooledInstance hashed = TestSeries.spooled(spool, h, Instant.parse("2026-12-06T04:00:00Z"));
        // overwrite policy: the same SOP Instance sent again lands at the same path while the first is hashed
        SpooledInstance resent = TestSeries.spooled(spool, h, Instant.parse("2026-12-06T04:00:01Z"));
        Map<SpooledInstance, String> hashes = Map.of(hashed, "ab".repeat(32));

        assertThat(SeriesAssembler.withHash(hashed, hashes).sha256()).contains("ab".repeat(32));
        assertThat(SeriesAssembler.withHash(resent, hashes).sha256()).isEmpty();
    }

    @Test
    void seriesIsCompleteAfterTheQuietPeriodAndNotBefore() {
        SeriesAssembler a = assembler(mrRule());
        receive(a, TestSeries.series(STUDY, STUDY + ".1", 3, 0, 5, W));

        scheduler.advance(Duration.ofSeconds(29));
        assertThat(completed).isEmpty();
        assertThat(queue.size()).isZero();
        assertThat(a.openSeries()).isEqualTo(1);

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(completed).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo(CompletionReason.QUIET_PERIOD);
            assertThat(c.instances()).hasSize(3);
        });
        List<Job> jobs = drain();
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.version()).isEqualTo(1);
            assertThat(j.ruleId()).isEqualTo("mr");
            assertThat(j.modelId()).isEqualTo("paraspinal-v1");
            assertThat(j.callingAeTitle()).isEqualTo("SCANNER");
            assertThat(j.files()).hasSize(3);
            assertThat(j.files().get(0).sha256())
                    .isEqualTo(Sha256.ofFile(stored.get(0).file()));
            assertThat(j.files().get(0).sizeBytes()).isEqualTo(stored.get(0).sizeBytes());
            assertThat(j.jobKey()).startsWith(STUDY + "/").endsWith("/v1");
        });
        assertThat(a.openSeries()).isZero();
    }

    @Test
    void eachNewInstanceRestartsTheQuietPeriod() {
        SeriesAssembler a = assembler(mrRule());
        List<InstanceHeader> headers = TestSeries.series(STUDY, STUDY + ".1", 2, 0, 5, W);
        receive(a, headers.subList(0, 1));
        scheduler.advance(Duration.ofSeconds(20));
        receive(a, headers.subList(1, 2));

        scheduler.advance(Duration.ofSeconds(29));
        assertThat(completed).isEmpty();

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(completed).hasSize(1);
    }

    @Test
    void ruleQuietPeriodOverridesTheDefault() {
        SeriesAssembler a = assembler(
                mrRule().toBuilder().quietPeriod(Duration.ofSeconds(5)).build());
        receive(a, TestSeries.series(STUDY, STUDY + ".1", 2, 0, 5, W));

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(completed).hasSize(1);
    }

    @Test
    void imagesInAcquisitionCompletesTheSeriesWithoutWaiting() {
        SeriesAssembler a = assembler(mrRule());
        List<InstanceHeader> headers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            headers.add(TestSeries.axial(STUDY, STUDY + ".1", i, 0, 5)
                    .imagesInAcquisition(4)
                    .build());
        }
        receive(a, headers.subList(0, 3));
        assertThat(completed).isEmpty();

        receive(a, headers.subList(3, 4));

        assertThat(completed)
                .singleElement()
                .extracting(CompletedSeries::reason)
                .isEqualTo(CompletionReason.IMAGES_IN_ACQUISITION);
        scheduler.advance(AssemblerConfig.DEFAULT_STUDY_QUIET_PERIOD);
        assertThat(drain()).singleElement().extracting(j -> j.files().size()).isEqualTo(4);
    }

    @Test
    void numberOfFramesCountsTowardsImagesInAcquisition() {
        SeriesAssembler a = assembler(mrRule());
        receive(
                a,
                List.of(InstanceHeader.builder(STUDY, STUDY + ".1", STUDY + ".1.1", "1.2.840.10008.5.1.4.1.1.4.1")
                        .modality("MR")
                        .numberOfFrames(120)
                        .imagesInAcquisition(120)
                        .build()));

        assertThat(completed)
                .singleElement()
                .extracting(CompletedSeries::reason)
                .isEqualTo(CompletionReason.IMAGES_IN_ACQUISITION);
    }

    @Test
    void ruleInstanceCountCompletesTheSeriesWithoutWaiting() {
        SeriesAssembler a = assembler(mrRule().toBuilder().instanceCount(3).build());
        List<InstanceHeader> headers = TestSeries.series(STUDY, STUDY + ".1", 3, 0, 5, W);
        receive(a, headers.subList(0, 2));
        assertThat(completed).isEmpty();

        receive(a, headers.subList(2, 3));

        assertThat(completed)
                .singleElement()
                .extracting(CompletedSeries::reason)
                .isEqualTo(CompletionReason.INSTANCE_COUNT);
    }

    @Test
    void lateInstanceReopensTheSeriesAndTheNextJobHasVersionTwo() {
        SeriesAssembler a = assembler(mrRule());
        List<InstanceHeader> headers = TestSeries.series(STUDY, STUDY + ".1", 4, 0, 5, W);
        receive(a, headers.subList(0, 3));
        scheduler.advance(Duration.ofSeconds(30));
        Job v1 = drain().get(0);

        scheduler.advance(Duration.ofMinutes(5));
        receive(a, headers.subList(3, 4));
        assertThat(a.openSeries()).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(30));

        List<Job> jobs = drain();
        assertThat(jobs).singleElement().satisfies(v2 -> {
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.groupingKey()).isEqualTo(v1.groupingKey());
            assertThat(v2.files()).hasSize(4);
        });
    }

    @Test
    void openSeriesResumesAfterRestartFromTheSpoolWithAFreshQuietPeriod() {
        SeriesAssembler before = assembler(mrRule());
        receive(before, TestSeries.series(STUDY, STUDY + ".1", 3, 0, 5, W));
        scheduler.advance(Duration.ofSeconds(10));
        before.close();
        scheduler.shutdownNow(); // the process died: its timers are gone

        ManualScheduler restarted = new ManualScheduler(clock);
        SeriesAssembler after = new SeriesAssembler(
                AssemblerConfig.defaults(spool),
                new Router(RoutingConfig.of(List.of(mrRule()))),
                queue,
                index,
                restarted,
                clock,
                recorder);
        after.recover(stored);
        assertThat(after.openSeries()).isEqualTo(1);

        // the quiet period restarts at recovery
        restarted.advance(Duration.ofSeconds(29));
        assertThat(queue.size()).isZero();
        restarted.advance(Duration.ofSeconds(1));

        assertThat(drain()).singleElement().satisfies(j -> {
            assertThat(j.version()).isEqualTo(1);
            assertThat(j.files()).hasSize(3);
        });
    }

    @Test
    void seriesHandedOnBeforeARestartIsNotPublishedAgainButALateInstanceGivesVersionTwo() {
        SeriesAssembler before = assembler(mrRule());
        List<InstanceHeader> headers = TestSeries.series(STUDY, STUDY + ".1", 3, 0, 5, W);
        receive(before, headers.subList(0, 2));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(drain()).hasSize(1);
        before.close();

        ManualScheduler restarted = new ManualScheduler(clock);
        SeriesAssembler after = new SeriesAssembler(
                AssemblerConfig.defaults(spool),
                new Router(RoutingConfig.of(List.of(mrRule()))),
                queue,
                index,
                restarted,
                clock,
                recorder);
        after.recover(stored);
        restarted.advance(Duration.ofMinutes(5));
        assertThat(after.openSeries()).isZero();
        assertThat(queue.size()).isZero();

        SpooledInstance late = TestSeries.spooled(spool, headers.get(2), clock.instant());
        after.onInstance(late);
        restarted.advance(Duration.ofSeconds(30));

        assertThat(drain()).singleElement().satisfies(j -> {
            assertThat(j.version()).isEqualTo(2);
            assertThat(j.files()).hasSize(3);
        });
    }

    @Test
    void unmatchedSeriesIsKeptForTheRetentionThenRemoved() {
        RoutingConfig config = new RoutingConfig(
                List.of(RoutingRule.builder("ct", "m").modalities("CT").build()), Duration.ofHours(2));
        SeriesAssembler a = new SeriesAssembler(
                AssemblerConfig.defaults(spool), new Router(config), queue, index, scheduler, clock, recorder);
        receive(a, TestSeries.series(STUDY, STUDY + ".1", 2, 0, 5, W));

        scheduler.advance(Duration.ofSeconds(30));
        assertThat(completed).singleElement().extracting(CompletedSeries::rule).isEqualTo(java.util.Optional.empty());
        scheduler.advance(Duration.ofMinutes(119));
        assertThat(stored).allSatisfy(i -> assertThat(i.file()).exists());
        assertThat(removed).isEmpty();

        scheduler.advance(Duration.ofMinutes(1));

        assertThat(removed).containsExactly(STUDY + ".1");
        assertThat(stored).allSatisfy(i -> assertThat(i.file()).doesNotExist());
        assertThat(spool.resolve(STUDY)).doesNotExist();
        assertThat(queue.size()).isZero();
    }

    @Test
    void multiStationDixonStudyBecomesOneJobOnceEverySeriesIsComplete() {
        SeriesAssembler a = assembler(mrRule());
        // station 1 water and fat, complete early by Images in Acquisition
        List<InstanceHeader> s1w = new ArrayList<>();
        List<InstanceHeader> s1f = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            s1w.add(TestSeries.axial(STUDY, STUDY + ".11", i, 0, 5)
                    .imageType(W)
                    .imagesInAcquisition(20)
                    .build());
            s1f.add(TestSeries.axial(STUDY, STUDY + ".12", i, 0, 5)
                    .imageType(F)
                    .imagesInAcquisition(20)
                    .build());
        }
        receive(a, s1w);
        receive(a, s1f);
        assertThat(completed).hasSize(2);

        // the sender pauses 5 s (less than the study quiet period), then sends station 2 (adjacent: starts at 100 mm)
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(queue.size()).isZero();
        receive(a, TestSeries.series(STUDY, STUDY + ".21", 20, 100, 5, W));
        receive(a, TestSeries.series(STUDY, STUDY + ".22", 20, 100, 5, F));
        // and an unrelated localizer of another sequence
        receive(
                a,
                List.of(TestSeries.axial(STUDY, STUDY + ".9", 0, 0, 5)
                        .sequenceName("*fl2d1")
                        .imageType(List.of("ORIGINAL", "PRIMARY", "M"))
                        .build()));

        scheduler.advance(Duration.ofSeconds(30));

        List<Job> jobs = drain();
        assertThat(jobs).hasSize(2);
        Job dixon = jobs.stream()
                .filter(j -> j.seriesInstanceUids().size() == 4)
                .findFirst()
                .orElseThrow();
        assertThat(dixon.seriesInstanceUids())
                .containsExactly(STUDY + ".11", STUDY + ".12", STUDY + ".21", STUDY + ".22");
        assertThat(dixon.files()).hasSize(80);
        assertThat(dixon.files()).allSatisfy(f -> assertThat(f.path()).exists());
    }

    @Test
    void idleHandedOnStudyIsDroppedFromMemoryAndReloadedByALateInstance() {
        SeriesAssembler a = assembler(mrRule());
        List<InstanceHeader> headers = TestSeries.series(STUDY, STUDY + ".1", 4, 0, 5, W);
        receive(a, headers.subList(0, 3));
        scheduler.advance(Duration.ofSeconds(30));
        Job v1 = drain().get(0);
        assertThat(a.studiesInMemory()).isEqualTo(1);

        scheduler.advance(AssemblerConfig.DEFAULT_IDLE_STUDY_EVICTION);
        assertThat(a.studiesInMemory()).isZero();

        receive(a, headers.subList(3, 4));
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(drain()).singleElement().satisfies(v2 -> {
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.groupingKey()).isEqualTo(v1.groupingKey());
            assertThat(v2.files())
                    .extracting(JobFile::sopInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(
                            headers.stream().map(InstanceHeader::sopInstanceUid).toList());
        });
    }

    @Test
    void groupKeepsItsKeyAfterARestartThatReordersArrivals() {
        SeriesAssembler before = assembler(mrRule());
        List<InstanceHeader> water = TestSeries.series(STUDY, STUDY + ".1", 3, 0, 5, W);
        List<InstanceHeader> fat = TestSeries.series(STUDY, STUDY + ".2", 2, 0, 5, F);
        receive(before, water.subList(0, 2));
        scheduler.advance(Duration.ofSeconds(1));
        receive(before, fat);
        scheduler.advance(Duration.ofSeconds(30));
        Job v1 = drain().get(0);
        before.close();

        // after the restart the fat series looks older than the water series (file times are not arrival order)
        List<SpooledInstance> scanned = stored.stream()
                .map(i -> new SpooledInstance(
                        i.header(),
                        i.file(),
                        i.sizeBytes(),
                        java.util.Optional.empty(),
                        i.header().seriesInstanceUid().equals(STUDY + ".2") ? T0.minusSeconds(3600) : i.receivedAt()))
                .toList();
        ManualScheduler restarted = new ManualScheduler(clock);
        SeriesAssembler after = new SeriesAssembler(
                AssemblerConfig.defaults(spool),
                new Router(RoutingConfig.of(List.of(mrRule()))),
                queue,
                index,
                restarted,
                clock,
                recorder);
        after.recover(scanned);
        after.onInstance(TestSeries.spooled(spool, water.get(2), clock.instant()));
        restarted.advance(Duration.ofSeconds(30));

        assertThat(drain()).singleElement().satisfies(v2 -> {
            assertThat(v2.groupingKey()).isEqualTo(v1.groupingKey());
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.files()).hasSize(5);
        });
    }

    @Test
    void groupingStateIsKeptInTheStudyDirectory() throws Exception {
        SeriesAssembler a = assembler(mrRule());
        receive(a, TestSeries.series(STUDY, STUDY + ".1", 1, 0, 5, W));
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(Files.readString(spool.resolve(STUDY).resolve(PublishedGroups.FILE_NAME)))
                .contains("\"version\":1")
                .contains(STUDY + ".1");
    }
}
