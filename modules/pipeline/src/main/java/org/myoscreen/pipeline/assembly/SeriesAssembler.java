package org.myoscreen.pipeline.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.internal.AtomicFiles;
import org.myoscreen.pipeline.internal.CompletenessMarker;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns spooled instances into jobs: tracks open series, decides when each is complete, routes it, groups the
 * complete series of a study (stations, Dixon contrasts; see {@link StationGrouper}) and publishes one
 * {@link Job} per group to the {@link JobQueue}.
 *
 * <p><b>Completion.</b> A series is complete when no instance arrived for its quiet period (the matching
 * rule's, else {@link AssemblerConfig#quietPeriod()}), or earlier when it holds the rule's instance count, or
 * when the frames received reach Images in Acquisition. Timers run on the given scheduler and time comes from
 * the given clock, so tests drive both; nothing sleeps or polls.
 *
 * <p><b>Grouping.</b> The routed complete series of a study are grouped once no series of the study is open
 * and the study has been quiet for {@link AssemblerConfig#studyQuietPeriod()}. A group is published when one
 * of its series changed since it was last handed on; its version is the last published version + 1.
 *
 * <p><b>Late instances</b> reopen their series (also one already handed on or waiting for removal); the next
 * job of its group carries a higher version. <b>Unmatched</b> series are removed from the spool when the
 * retention of {@link RoutingConfig} has passed since their last instance.
 *
 * <p><b>Restart.</b> {@link #recover} takes the spool's content (see {@code Spool.scan()}); series that were
 * handed on whole (per the study's {@code .groups.json}) stay handed on, all others resume as open with their
 * files' modification times as arrival times; their quiet period restarts at recovery, so that a sender whose
 * transfer the restart cut off can resend the rest before the series is handed on. Call {@link #recover}
 * before the acceptor starts.
 *
 * <p>Thread-safe: one lock guards all state; C-STORE threads call {@link #onInstance}, timers run on the
 * scheduler. Publishing (an fsync) happens under the lock, which is rare (once per group).
 */
public final class SeriesAssembler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesAssembler.class);

    private enum Phase {
        OPEN,
        COMPLETE,
        HANDED_ON,
        UNMATCHED
    }

    private final AssemblerConfig config;
    private final Router router;
    private final JobQueue queue;
    private final SpoolIndex spoolIndex;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final PipelineListener listener;
    private final StationGrouper grouper;
    private final Object lock = new Object();
    private final Map<String, StudyState> studies = new HashMap<>();
    private boolean closed;
    /** True while {@link #recover} runs: the whole spool is being loaded, no study needs reloading. */
    private boolean recovering;

    private final class StudyState {
        final String uid;
        final Map<String, SeriesState> series = new LinkedHashMap<>();
        final PublishedGroups published;
        Instant lastArrival = Instant.EPOCH;
        /** Start of the current quiet interval: the last arrival, or the recovery time after a restart. */
        Instant quietFrom = Instant.EPOCH;

        boolean checkScheduled;

        StudyState(String uid) {
            this.uid = uid;
            this.published = PublishedGroups.load(config.spoolDirectory().resolve(uid));
        }
    }

    private static final class SeriesState {
        final StudyState study;
        final String uid;
        final Map<String, SpooledInstance> instances = new LinkedHashMap<>();
        final LinkedHashSet<String> imageTypes = new LinkedHashSet<>();
        InstanceHeader first;
        Instant firstArrival;
        Instant lastArrival;
        /** Start of the current quiet interval: the last arrival, or the recovery time after a restart. */
        Instant quietFrom;

        Phase phase = Phase.OPEN;
        boolean checkScheduled;
        boolean changed = true;
        CompletedSeries completed;

        SeriesState(StudyState study, String uid) {
            this.study = study;
            this.uid = uid;
        }

        SeriesFacts facts() {
            return new SeriesFacts(
                    first.modality(),
                    first.sopClassUid(),
                    first.seriesDescription(),
                    List.copyOf(imageTypes),
                    first.orientation(),
                    first.bodyPartExamined(),
                    first.callingAeTitle());
        }

        /** Frames received so far, kept as instances come (summing on every arrival made a series O(n²)). */
        int frames;
    }

    /**
     * @param config timing and grouping settings
     * @param router the routing rules
     * @param queue where jobs go
     * @param spoolIndex reloads a study dropped from memory (after {@link AssemblerConfig#idleStudyEviction()})
     *     when a late instance arrives for it; normally the {@code Spool}
     * @param scheduler runs the quiet-period, grouping and retention timers (owned by the caller)
     * @param clock the time source (arrival times, deadlines)
     * @param listener observes completions, removals and jobs; use {@link PipelineListener#NONE} for none
     */
    public SeriesAssembler(
            AssemblerConfig config,
            Router router,
            JobQueue queue,
            SpoolIndex spoolIndex,
            ScheduledExecutorService scheduler,
            Clock clock,
            PipelineListener listener) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.router = Objects.requireNonNull(router, "router is null");
        this.queue = Objects.requireNonNull(queue, "queue is null");
        this.spoolIndex = Objects.requireNonNull(spoolIndex, "spoolIndex is null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
        this.grouper = new StationGrouper(config.maxStationGapMm());
    }

    /**
     * Resumes after a restart from the instances found in the spool (any order). Call once, before the first
     * {@link #onInstance}.
     *
     * @param spooled the instances found in the spool
     */
    public void recover(List<SpooledInstance> spooled) {
        synchronized (lock) {
            recovering = true;
            try {
                int handed = load(spooled);
                Set<SeriesState> all = new HashSet<>();
                studies.values().forEach(st -> all.addAll(st.series.values()));
                LOG.info(
                        "event=assembler_recovered instances={} series={} handed_on={} open={}",
                        spooled.size(),
                        all.size(),
                        handed,
                        all.size() - handed);
            } finally {
                recovering = false;
            }
        }
    }

    /**
     * Adds instances read from the spool: series handed on whole stay handed on, the others are open again with
     * a quiet period restarting now. Returns the number of series handed on.
     */
    private int load(List<SpooledInstance> spooled) {
        Set<SeriesState> touched = new LinkedHashSet<>();
        for (SpooledInstance i : spooled) {
            touched.add(add(i));
        }
        int handed = 0;
        Instant now = clock.instant();
        Set<StudyState> touchedStudies = new LinkedHashSet<>();
        for (SeriesState s : touched) {
            // the quiet period restarts now, so that senders cut off by the restart can resend first; file times
            // are not trusted for it (a clock step or a copied spool would make them arbitrary)
            s.quietFrom = now;
            s.study.quietFrom = now;
            touchedStudies.add(s.study);
            if (s.study.published.handedOnWhole(s.uid, s.instances.size())) {
                s.phase = Phase.HANDED_ON;
                s.changed = false;
                s.completed = snapshot(s, CompletionReason.QUIET_PERIOD, router.match(s.facts()));
                handed++;
            } else {
                s.phase = Phase.OPEN;
                evaluate(s);
            }
        }
        touchedStudies.forEach(this::scheduleEvictionIfHandedOn);
        return handed;
    }

    /**
     * Records a newly spooled instance (new, duplicate overwritten, or late).
     *
     * @param instance the instance, durable in the spool
     */
    public void onInstance(SpooledInstance instance) {
        Objects.requireNonNull(instance, "instance is null");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("series assembler is closed");
            }
            SeriesState s = add(instance);
            if (s.phase != Phase.OPEN) {
                LOG.info(
                        "event=series_reopened study={} series={} was={} instances={}",
                        s.study.uid,
                        s.uid,
                        s.phase.name().toLowerCase(),
                        s.instances.size());
                s.phase = Phase.OPEN;
            }
            evaluate(s);
        }
    }

    private SeriesState add(SpooledInstance i) {
        InstanceHeader h = i.header();
        StudyState study = studyFor(h.studyInstanceUid());
        SeriesState s = study.series.computeIfAbsent(h.seriesInstanceUid(), uid -> new SeriesState(study, uid));
        if (s.first == null) {
            s.first = h;
            s.firstArrival = i.receivedAt();
            s.lastArrival = i.receivedAt();
            s.quietFrom = i.receivedAt();
        }
        SpooledInstance replaced = s.instances.put(h.sopInstanceUid(), i);
        s.frames +=
                h.numberOfFrames() - (replaced == null ? 0 : replaced.header().numberOfFrames());
        s.imageTypes.addAll(h.imageType());
        s.changed = true;
        if (i.receivedAt().isBefore(s.firstArrival)) {
            s.firstArrival = i.receivedAt();
        }
        if (i.receivedAt().isAfter(s.lastArrival)) {
            s.lastArrival = i.receivedAt();
        }
        if (i.receivedAt().isAfter(s.quietFrom)) {
            s.quietFrom = i.receivedAt();
        }
        if (i.receivedAt().isAfter(study.lastArrival)) {
            study.lastArrival = i.receivedAt();
        }
        if (i.receivedAt().isAfter(study.quietFrom)) {
            study.quietFrom = i.receivedAt();
        }
        return s;
    }

    /**
     * The study's state; a study not in memory but with published groups in the spool was dropped after being
     * idle, and is reloaded from the spool first so that its next job holds all its files.
     */
    private StudyState studyFor(String uid) {
        StudyState study = studies.get(uid);
        if (study != null) {
            return study;
        }
        study = new StudyState(uid);
        studies.put(uid, study);
        if (!recovering && !study.published.isEmpty()) {
            List<SpooledInstance> onDisk = spoolIndex.studyInstances(uid);
            LOG.info("event=study_reloaded study={} instances={}", uid, onDisk.size());
            load(onDisk);
        }
        return study;
    }

    /** Completes an open series when its count says so, else makes sure its quiet-period check is scheduled. */
    private void evaluate(SeriesState s) {
        Optional<RoutingRule> rule = router.match(s.facts());
        if (rule.isPresent()
                && rule.get().instanceCount().isPresent()
                && s.instances.size() >= rule.get().instanceCount().getAsInt()) {
            complete(s, CompletionReason.INSTANCE_COUNT);
            return;
        }
        if (config.completeOnImagesInAcquisition()
                && s.first.imagesInAcquisition().isPresent()
                && s.first.imagesInAcquisition().getAsInt() > 0
                && s.frames >= s.first.imagesInAcquisition().getAsInt()) {
            complete(s, CompletionReason.IMAGES_IN_ACQUISITION);
            return;
        }
        if (!s.checkScheduled) {
            s.checkScheduled = true;
            schedule(() -> checkSeries(s), Duration.between(clock.instant(), s.quietFrom.plus(quietPeriod(rule))));
        }
    }

    private Duration quietPeriod(Optional<RoutingRule> rule) {
        return rule.flatMap(RoutingRule::quietPeriod).orElse(config.quietPeriod());
    }

    private void checkSeries(SeriesState s) {
        synchronized (lock) {
            s.checkScheduled = false;
            if (closed || s.phase != Phase.OPEN) {
                return;
            }
            Instant due = s.quietFrom.plus(quietPeriod(router.match(s.facts())));
            if (clock.instant().isBefore(due)) {
                s.checkScheduled = true;
                schedule(() -> checkSeries(s), Duration.between(clock.instant(), due));
                return;
            }
            complete(s, CompletionReason.QUIET_PERIOD);
        }
    }

    private CompletedSeries snapshot(SeriesState s, CompletionReason reason, Optional<RoutingRule> rule) {
        return new CompletedSeries(
                s.first, s.facts(), List.copyOf(s.instances.values()), s.firstArrival, s.lastArrival, reason, rule);
    }

    private void complete(SeriesState s, CompletionReason reason) {
        Optional<RoutingRule> rule = router.match(s.facts());
        s.completed = snapshot(s, reason, rule);
        LOG.info(Summaries.series(s.completed));
        if (rule.isPresent()) {
            s.phase = Phase.COMPLETE;
            LOG.info(
                    "event=series_routed study={} series={} rule={} model={} destinations={}",
                    s.study.uid,
                    s.uid,
                    rule.get().id(),
                    rule.get().modelId(),
                    rule.get().destinations());
        } else {
            s.phase = Phase.UNMATCHED;
            Instant removeAt = s.lastArrival.plus(router.config().unmatchedRetention());
            LOG.info(
                    "event=series_routed study={} series={} rule=none action=retain remove_at={}",
                    s.study.uid,
                    s.uid,
                    removeAt);
            schedule(() -> removeIfExpired(s), Duration.between(clock.instant(), removeAt));
        }
        listener.seriesCompleted(s.completed);
        scheduleStudyCheck(s.study);
    }

    private void scheduleStudyCheck(StudyState study) {
        if (!study.checkScheduled) {
            study.checkScheduled = true;
            schedule(
                    () -> checkStudy(study),
                    Duration.between(clock.instant(), study.quietFrom.plus(config.studyQuietPeriod())));
        }
    }

    /**
     * The study timer. Instances have no SHA-256 when they arrive (the spool answers Success without hashing,
     * decision 0016) or when recovered from the spool after a restart, and a job names one per file: they are
     * hashed here, outside the lock (thousands of files take seconds, and every C-STORE needs the lock), then the
     * check runs again with the hashes in place. The same read checks each file against the completeness marker
     * written at receipt; a file whose bytes changed since is set aside ({@link #setAside}) and left out of the job.
     */
    private void checkStudy(StudyState study) {
        for (int pass = 0; ; pass++) {
            List<SpooledInstance> unhashed = checkStudyLocked(study);
            if (unhashed.isEmpty()) {
                return;
            }
            long begin = System.nanoTime();
            Map<SpooledInstance, String> hashes = new HashMap<>();
            Map<SpooledInstance, SpooledInstance> changed = new LinkedHashMap<>(); // as received -> as set aside
            Optional<IOException> unreadable = Optional.empty();
            for (SpooledInstance i : unhashed) {
                try {
                    hashes.put(i, CompletenessMarker.sha256Verified(i.file()));
                } catch (CompletenessMarker.ChangedOnDiskException e) {
                    changed.put(i, setAside(i, e));
                } catch (IOException e) {
                    unreadable = unreadable.or(() -> Optional.of(e));
                }
            }
            LOG.info(
                    "event=instances_hashed study={} files={} changed_on_disk={} unreadable={} took_ms={} pass={}",
                    study.uid,
                    hashes.size(),
                    changed.size(),
                    unhashed.size() - hashes.size() - changed.size(),
                    (System.nanoTime() - begin) / 1_000_000,
                    pass);
            // what was learned is kept even when a file could not be read: a file set aside is out of the job and
            // in the ledger whether or not this pass publishes
            synchronized (lock) {
                for (SeriesState s : study.series.values()) {
                    s.instances.replaceAll((uid, i) -> withHash(i, hashes));
                    for (SpooledInstance c : changed.keySet()) {
                        if (s.instances.remove(c.header().sopInstanceUid(), c)) {
                            s.frames -= c.header().numberOfFrames();
                        }
                    }
                }
            }
            changed.values().forEach(c -> listener.instanceSetAside(c, "changed_on_disk"));
            if (unreadable.isPresent()) {
                synchronized (lock) {
                    LOG.error(
                            "event=job_publish_failed study={} error=\"{}\" retry_in={}",
                            study.uid,
                            unreadable.get().toString(),
                            config.quietPeriod());
                    study.checkScheduled = true;
                    schedule(() -> checkStudy(study), config.quietPeriod());
                }
                return;
            }
        }
    }

    /**
     * {@code i} with the hash taken of it, if any. Keyed by the instance, not its path: under the overwrite policy
     * a resend can replace the file at the same path while the others are hashed, and the resent instance must
     * not inherit a hash read from the file it replaced (it is hashed in the next pass).
     */
    static SpooledInstance withHash(SpooledInstance i, Map<SpooledInstance, String> hashes) {
        String sha = hashes.get(i);
        if (sha == null || i.sha256().isPresent()) {
            return i;
        }
        return new SpooledInstance(i.header(), i.file(), i.sizeBytes(), Optional.of(sha), i.receivedAt());
    }

    /**
     * A spooled file whose bytes no longer match the marker written when it was acknowledged (disk fault, or
     * someone edited the spool): renamed to {@code <SOPInstanceUID>.dcm.changed} beside its series, where no scan
     * picks it up again and an administrator finds it, and logged at ERROR. The sender can send it again; that
     * reopens the series and publishes a new version of the job. Returns the instance as it is now: at its new
     * path, or at the old one when the rename failed.
     */
    private static SpooledInstance setAside(SpooledInstance i, IOException why) {
        Path aside = i.file().resolveSibling(i.file().getFileName() + ".changed");
        String action = "renamed";
        try {
            AtomicFiles.moveAtomically(i.file(), aside);
        } catch (IOException e) {
            action = "rename_failed";
            aside = i.file();
        }
        LOG.error(
                "event=spool_file_changed study={} series={} sop_instance={} file={} action={} error=\"{}\"",
                i.header().studyInstanceUid(),
                i.header().seriesInstanceUid(),
                i.header().sopInstanceUid(),
                aside,
                action,
                why.getMessage());
        return new SpooledInstance(i.header(), aside, i.sizeBytes(), i.sha256(), i.receivedAt());
    }

    /**
     * The study check under the lock. Returns the instances of groups about to be published that have no SHA-256
     * (nothing is published then; the caller hashes them and calls again), else an empty list.
     */
    private List<SpooledInstance> checkStudyLocked(StudyState study) {
        synchronized (lock) {
            study.checkScheduled = false;
            if (closed || studies.get(study.uid) != study) {
                return List.of();
            }
            if (study.series.values().stream().anyMatch(s -> s.phase == Phase.OPEN)) {
                return List.of(); // the open series' completion schedules the next check
            }
            Instant due = study.quietFrom.plus(config.studyQuietPeriod());
            if (clock.instant().isBefore(due)) {
                scheduleStudyCheck(study);
                return List.of();
            }
            List<CompletedSeries> routed = new ArrayList<>();
            for (SeriesState s : study.series.values()) {
                if ((s.phase == Phase.COMPLETE || s.phase == Phase.HANDED_ON) && s.completed != null) {
                    routed.add(s.completed);
                }
            }
            List<SpooledInstance> unhashed = new ArrayList<>();
            // every routed series, not only changed ones: an unchanged member of a group that is published again
            // (recovered or reloaded after a restart, so without hashes) must not be hashed under the lock
            for (SeriesState s : study.series.values()) {
                if (s.phase == Phase.COMPLETE || s.phase == Phase.HANDED_ON) {
                    s.instances.values().stream()
                            .filter(i -> i.sha256().isEmpty())
                            .forEach(unhashed::add);
                }
            }
            if (!unhashed.isEmpty()) {
                // checkScheduled stays false: the caller runs the check again once the files are hashed
                return unhashed;
            }
            try {
                Set<String> keysUsed = new HashSet<>();
                for (StationGrouper.Group g : grouper.group(routed)) {
                    // a group that was published before keeps its key (see PublishedGroups#keyHolding)
                    String key = study.published
                            .keyHolding(g.series().stream()
                                    .map(CompletedSeries::seriesInstanceUid)
                                    .toList())
                            .filter(keysUsed::add)
                            .orElse(g.groupingKey());
                    keysUsed.add(key);
                    publishIfChanged(study, new StationGrouper.Group(key, g.rule(), g.series()));
                }
                scheduleEvictionIfHandedOn(study);
            } catch (RuntimeException e) {
                // queue or disk trouble: keep the series complete and try again after a quiet period
                LOG.error(
                        "event=job_publish_failed study={} error=\"{}\" retry_in={}",
                        study.uid,
                        e.toString(),
                        config.quietPeriod());
                study.checkScheduled = true;
                schedule(() -> checkStudy(study), config.quietPeriod());
            }
            return List.of();
        }
    }

    private void publishIfChanged(StudyState study, StationGrouper.Group g) {
        List<SeriesState> members = g.series().stream()
                .map(c -> study.series.get(c.seriesInstanceUid()))
                .toList();
        if (members.stream().noneMatch(m -> m.changed)) {
            return;
        }
        int version = study.published.lastVersion(g.groupingKey()) + 1;
        List<JobFile> files = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (SeriesState m : members) {
            for (SpooledInstance i : m.instances.values()) {
                String sha = i.sha256()
                        .orElseThrow(() -> new IllegalStateException("not hashed before publishing: " + i.file()));
                files.add(
                        new JobFile(m.uid, i.header().sopInstanceUid(), i.file().toAbsolutePath(), i.sizeBytes(), sha));
            }
            counts.put(m.uid, m.instances.size());
            first = first == null || m.firstArrival.isBefore(first) ? m.firstArrival : first;
            last = last == null || m.lastArrival.isAfter(last) ? m.lastArrival : last;
        }
        RoutingRule rule = g.rule();
        Job job = new Job(
                study.uid,
                g.groupingKey(),
                version,
                rule.id(),
                rule.modelId(),
                rule.destinations(),
                members.get(0).first.callingAeTitle(),
                members.stream().map(m -> m.uid).toList(),
                files,
                first,
                last,
                clock.instant());
        queue.publish(job);
        study.published.record(g.groupingKey(), version, counts);
        for (SeriesState m : members) {
            m.phase = Phase.HANDED_ON;
            m.changed = false;
        }
        LOG.info(
                "event=job_created job={} series={} files={} bytes={} rule={}",
                job.jobKey(),
                job.seriesInstanceUids().size(),
                files.size(),
                job.totalBytes(),
                rule.id());
        listener.jobPublished(job);
    }

    private boolean allHandedOn(StudyState study) {
        return !study.series.isEmpty() && study.series.values().stream().allMatch(s -> s.phase == Phase.HANDED_ON);
    }

    private void scheduleEvictionIfHandedOn(StudyState study) {
        if (allHandedOn(study)) {
            schedule(
                    () -> evictIfIdle(study),
                    Duration.between(clock.instant(), study.quietFrom.plus(config.idleStudyEviction())));
        }
    }

    /** Drops an idle study whose series were all handed on; {@link #studyFor} reloads it when needed. */
    private void evictIfIdle(StudyState study) {
        synchronized (lock) {
            if (closed || studies.get(study.uid) != study || !allHandedOn(study)) {
                return;
            }
            Instant due = study.quietFrom.plus(config.idleStudyEviction());
            if (clock.instant().isBefore(due)) {
                schedule(() -> evictIfIdle(study), Duration.between(clock.instant(), due));
                return;
            }
            studies.remove(study.uid);
            LOG.debug("event=study_evicted study={} series={}", study.uid, study.series.size());
        }
    }

    private void removeIfExpired(SeriesState s) {
        synchronized (lock) {
            if (closed || s.phase != Phase.UNMATCHED || s.study.series.get(s.uid) != s) {
                return;
            }
            Instant removeAt = s.lastArrival.plus(router.config().unmatchedRetention());
            if (clock.instant().isBefore(removeAt)) {
                schedule(() -> removeIfExpired(s), Duration.between(clock.instant(), removeAt));
                return;
            }
            Path seriesDir = config.spoolDirectory().resolve(s.study.uid).resolve(s.uid);
            try {
                for (SpooledInstance i : s.instances.values()) {
                    Files.deleteIfExists(i.file());
                }
                deleteIfEmpty(seriesDir);
                s.study.series.remove(s.uid);
                if (s.study.series.isEmpty() && s.study.published.isEmpty()) {
                    studies.remove(s.study.uid);
                    deleteIfEmpty(seriesDir.getParent());
                } else {
                    scheduleEvictionIfHandedOn(s.study);
                }
            } catch (IOException e) {
                LOG.error(
                        "event=series_remove_failed study={} series={} error=\"{}\"", s.study.uid, s.uid, e.toString());
                return;
            }
            LOG.info(
                    "event=series_removed study={} series={} instances={} reason=unmatched_retention",
                    s.study.uid,
                    s.uid,
                    s.instances.size());
            listener.seriesRemoved(s.study.uid, s.uid, s.instances.size());
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        AtomicFiles.deleteTempFiles(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        }
        Files.delete(dir);
        AtomicFiles.fsyncDirectory(dir.getParent());
    }

    private void schedule(Runnable task, Duration delay) {
        long nanos = Math.max(0, delay.toNanos());
        scheduler.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("event=assembler_task_failed error=\"{}\"", e.toString(), e);
                    }
                },
                nanos,
                TimeUnit.NANOSECONDS);
    }

    /**
     * Number of studies held in memory (for health pages and tests).
     *
     * @return the count
     */
    public int studiesInMemory() {
        synchronized (lock) {
            return studies.size();
        }
    }

    /**
     * Open series count (for health pages and tests).
     *
     * @return the count
     */
    public int openSeries() {
        synchronized (lock) {
            return (int) studies.values().stream()
                    .flatMap(st -> st.series.values().stream())
                    .filter(s -> s.phase == Phase.OPEN)
                    .count();
        }
    }

    /** Stops all timers' effects; instances already spooled are resumed by {@link #recover} at the next start. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }
}
