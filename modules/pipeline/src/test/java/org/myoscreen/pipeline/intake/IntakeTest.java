package org.myoscreen.pipeline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetWriter;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.net.AcceptorConfig;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.Association;
import org.myoscreen.dicom.net.AssociationRequest;
import org.myoscreen.dicom.net.DicomAcceptor;
import org.myoscreen.dicom.net.DicomConnector;
import org.myoscreen.dicom.net.StoreResult;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.ManualScheduler;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.assembly.AssemblerConfig;
import org.myoscreen.pipeline.assembly.PipelineListener;
import org.myoscreen.pipeline.assembly.Router;
import org.myoscreen.pipeline.assembly.RoutingConfig;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.assembly.SeriesAssembler;
import org.myoscreen.pipeline.assembly.SpoolIndex;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.myoscreen.pipeline.ledger.AssociationRecorder;
import org.myoscreen.pipeline.ledger.JobState;
import org.myoscreen.pipeline.ledger.Ledger;
import org.myoscreen.volume.Sha256;

/** The whole intake chain: C-STORE over the network → spool → assembler → job queue, with the ledger. */
class IntakeTest {

    private final List<Spool> spools = new ArrayList<>();

    /** Registers {@code spool} to be closed after the test (its background thread writes in the temp folder). */
    private Spool opened(Spool spool) {
        spools.add(spool);
        return spool;
    }

    /** An assembler that routes with {@code rules} and reports to no listener. */
    private static SeriesAssembler assembler(
            AssemblerConfig config,
            List<RoutingRule> rules,
            JobQueue queue,
            SpoolIndex spool,
            ScheduledExecutorService timers,
            Clock clock) {
        return new SeriesAssembler(
                config, new Router(RoutingConfig.of(rules)), queue, spool, timers, clock, PipelineListener.NONE);
    }

    @AfterEach
    void closeSpools() {
        spools.forEach(Spool::close);
    }

    @TempDir
    Path data;

    /** The assembler never drops a study from memory within these tests. */
    private static SpoolIndex noReload() {
        return uid -> List.of();
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));

    /** Three axial slices of one Dixon water series, as Part 10 files to send. */
    private List<Path> seriesFiles(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        Attributes base = TestDatasets.mrImage(8, 8);
        base.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "DIXON", "WATER");
        base.setString(Tag.SeriesDescription, VR.LO, "t1_vibe_dixon_tra_W");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Attributes ds = base.copy();
            ds.setString(
                    Tag.SOPInstanceUID,
                    VR.UI,
                    ds.getString(Tag.SeriesInstanceUID).orElseThrow() + "." + (i + 1));
            ds.setDouble(Tag.ImagePositionPatient, VR.DS, -100, -100, 5.0 * i);
            Path f = dir.resolve(i + ".dcm");
            Part10Writer.write(
                    f,
                    ds,
                    i % 2 == 0 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            files.add(f);
        }
        return files;
    }

    private Association connect(int port, List<Path> files) {
        return DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("SCANNER"), AeTitle.of("MYOSCREEN"), "127.0.0.1", port)
                        .propose(DicomConnector.proposalsFor(files))
                        .build());
    }

    @Test
    void instancesSentOverTheNetworkBecomeOneJobAndAreInTheLedger() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock);
        Path spoolDir = data.resolve("spool");
        List<Path> files = seriesFiles(data.resolve("send"), 3);
        Spool spool = opened(new Spool(new SpoolConfig(spoolDir, 0, SpoolConfig.DuplicatePolicy.KEEP_FIRST), clock));
        try (Ledger ledger = new Ledger(data.resolve("ledger.db"), clock);
                InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"));
                SeriesAssembler assembler = new SeriesAssembler(
                        AssemblerConfig.defaults(spoolDir),
                        new Router(RoutingConfig.of(List.of(RoutingRule.builder("dixon", "paraspinal-v1")
                                .imageTypeAnyOf("W", "WATER")
                                .build()))),
                        queue,
                        spool,
                        scheduler,
                        clock,
                        ledger.asListener())) {
            assembler.recover(spool.scan());
            IntakeChain chain = new IntakeChain(spool, assembler, ledger.asListener());
            AssociationRecorder recorder = new AssociationRecorder(ledger);
            java.util.concurrent.CompletableFuture<String> acceptedId = new java.util.concurrent.CompletableFuture<>();
            org.myoscreen.dicom.net.AssociationListener listener = new org.myoscreen.dicom.net.AssociationListener() {
                @Override
                public void associationOpened(org.myoscreen.dicom.net.AssociationInfo info) {
                    recorder.associationOpened(info);
                    acceptedId.complete(info.associationId());
                }

                @Override
                public void storeFinished(
                        org.myoscreen.dicom.net.StoreRequest request,
                        org.myoscreen.dicom.net.StoreResponse response,
                        long bytesReceived) {
                    recorder.storeFinished(request, response, bytesReceived);
                }

                @Override
                public void associationClosed(org.myoscreen.dicom.net.AssociationInfo info, String reason) {
                    recorder.associationClosed(info, reason);
                }
            };
            try (DicomAcceptor acceptor = new DicomAcceptor(
                            AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                    .port(0)
                                    .build(),
                            new CStoreAdapter(chain),
                            listener)
                    .start()) {
                Association a = connect(acceptor.port(), files);
                for (Path f : files) {
                    StoreResult r = a.store(f);
                    assertThat(r.status().isSuccess())
                            .as("status of %s: %s", f, r)
                            .isTrue();
                }
                assertThat(a.store(files.get(0)).status().isSuccess())
                        .as("duplicate answered Success")
                        .isTrue();
                a.release();
            }

            scheduler.advance(Duration.ofSeconds(30));

            JobDelivery d = queue.poll().orElseThrow();
            assertThat(d.job().files())
                    .hasSize(3)
                    .allSatisfy(f -> assertThat(f.path()).exists());
            assertThat(d.job().callingAeTitle()).isEqualTo("SCANNER");
            String series = d.job().seriesInstanceUids().get(0);
            assertThat(ledger.instanceCount(series)).isEqualTo(3);
            assertThat(ledger.seriesState(series)).contains(Ledger.SeriesState.COMPLETE);
            assertThat(ledger.jobState(d.job().jobKey())).contains(JobState.QUEUED);
            // opened before the first C-STORE was handled, so it is recorded by now
            assertThat(ledger.association(acceptedId.getNow("none"))).hasValueSatisfying(r -> {
                assertThat(r.callingAeTitle()).isEqualTo("SCANNER");
                assertThat(r.calledAeTitle()).isEqualTo("MYOSCREEN");
            });
        }
    }

    @Test
    void diskBelowTheWatermarkIsAnsweredA700ToTheSender() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock);
        Path spoolDir = data.resolve("spool");
        List<Path> files = seriesFiles(data.resolve("send"), 1);
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"));
                SeriesAssembler assembler =
                        assembler(AssemblerConfig.defaults(spoolDir), List.of(), queue, noReload(), scheduler, clock)) {
            IntakeChain chain = new IntakeChain(
                    opened(new Spool(
                            new SpoolConfig(spoolDir, Long.MAX_VALUE, SpoolConfig.DuplicatePolicy.KEEP_FIRST), clock)),
                    assembler,
                    PipelineListener.NONE);
            try (DicomAcceptor acceptor = new DicomAcceptor(
                            AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                    .port(0)
                                    .build(),
                            new CStoreAdapter(chain),
                            org.myoscreen.dicom.net.AssociationListener.NONE)
                    .start()) {
                Association a = connect(acceptor.port(), files);
                StoreResult r = a.store(files.get(0));
                a.release();

                assertThat(r.status().code()).isEqualTo(0xA700);
                assertThat(r.errorComment())
                        .hasValueSatisfying(c -> assertThat(c).contains("watermark"));
            }
            assertThat(assembler.openSeries()).isZero();
        }
    }

    /**
     * A Part 10 file whose Pixel Data claims 1 MiB but holds 200 bytes: our SCU streams the file's bytes as they
     * are, so the node receives a dataset whose last fragment comes 1 MiB early.
     */
    private static Path truncatedPixelData(Path dir) throws Exception {
        Files.createDirectories(dir);
        Attributes ds = TestDatasets.mrImage(8, 8);
        ds.remove(Tag.PixelData);
        Path f = dir.resolve("truncated.dcm");
        Part10Writer.write(f, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        java.io.ByteArrayOutputStream tail = new java.io.ByteArrayOutputStream();
        tail.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0});
        int claimed = 1 << 20;
        tail.write(new byte[] {(byte) claimed, (byte) (claimed >> 8), (byte) (claimed >> 16), (byte) (claimed >>> 24)});
        tail.write(new byte[200]);
        Files.write(f, tail.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
        return f;
    }

    @Test
    void aDatasetCutShortInsidePixelDataIsRefusedC000AndNothingIsKept() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock);
        Path spoolDir = data.resolve("spool");
        Path truncated = truncatedPixelData(data.resolve("send"));
        List<Path> good = seriesFiles(data.resolve("good"), 1);
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"));
                SeriesAssembler assembler =
                        assembler(AssemblerConfig.defaults(spoolDir), List.of(), queue, noReload(), scheduler, clock)) {
            Spool spool = opened(new Spool(SpoolConfig.defaults(spoolDir), clock));
            IntakeChain chain = new IntakeChain(spool, assembler, PipelineListener.NONE);
            try (DicomAcceptor acceptor = new DicomAcceptor(
                            AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                    .port(0)
                                    .build(),
                            new CStoreAdapter(chain),
                            org.myoscreen.dicom.net.AssociationListener.NONE)
                    .start()) {
                Association a = connect(acceptor.port(), List.of(truncated, good.get(0)));
                StoreResult refused = a.store(truncated);
                StoreResult next = a.store(good.get(0));
                a.release();

                assertThat(refused.status().code()).isEqualTo(0xC000);
                assertThat(refused.errorComment())
                        .hasValueSatisfying(c -> assertThat(c).contains("truncated"));
                assertThat(next.status().isSuccess())
                        .as("the association goes on after the refusal")
                        .isTrue();
            }
            spool.close(); // the slot of the good instance is released
            try (java.util.stream.Stream<Path> kept = Files.walk(spoolDir)) {
                assertThat(kept.filter(Files::isRegularFile)
                                .filter(p -> !SpoolTest.isFreeSlot(p))
                                .map(p -> p.getFileName().toString()))
                        .as("only the good instance is in the spool")
                        .containsExactly(org.myoscreen.dicom.Part10Reader.readUntilPixelData(good.get(0))
                                        .dataset()
                                        .getString(Tag.SOPInstanceUID)
                                        .orElseThrow()
                                + ".dcm");
            }
        }
    }

    @Test
    void instancesStoredBeforeACrashAreFoundByTheSpoolScanAndFormTheJobAfterRestart() throws Exception {
        Path spoolDir = data.resolve("spool");
        Attributes base = TestDatasets.mrImage(4, 4);
        String series = base.getString(Tag.SeriesInstanceUID).orElseThrow();
        ManualScheduler beforeCrash = new ManualScheduler(clock);
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"))) {
            // the crashed process runs nothing more: its background work (releasing slot names) never happens
            Spool spool = opened(new Spool(SpoolConfig.defaults(spoolDir), clock, (Executor) work -> {}));
            SeriesAssembler assembler = assembler(
                    AssemblerConfig.defaults(spoolDir),
                    List.of(RoutingRule.builder("mr", "m").build()),
                    queue,
                    spool,
                    beforeCrash,
                    clock);
            IntakeChain chain = new IntakeChain(spool, assembler, PipelineListener.NONE);
            store(chain, base, 3, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            // crash: the assembler and its timers are gone before the quiet period ended
        }

        ManualScheduler afterRestart = new ManualScheduler(clock);
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"))) {
            Spool spool = opened(new Spool(SpoolConfig.defaults(spoolDir), clock));
            SeriesAssembler assembler = assembler(
                    AssemblerConfig.defaults(spoolDir),
                    List.of(RoutingRule.builder("mr", "m").build()),
                    queue,
                    spool,
                    afterRestart,
                    clock);
            assembler.recover(spool.scan());

            afterRestart.advance(AssemblerConfig.DEFAULT_QUIET_PERIOD);

            Job job = queue.poll().orElseThrow().job();
            assertThat(job.callingAeTitle()).isEqualTo("SCANNER");
            assertThat(job.files())
                    .extracting(JobFile::sopInstanceUid)
                    .containsExactlyInAnyOrder(series + ".1", series + ".2", series + ".3");
            assertThat(job.files())
                    .allSatisfy(f -> assertThat(Sha256.ofFile(f.path())).isEqualTo(f.sha256()));
        }
    }

    @Test
    void aSpooledFileWhoseBytesChangedAfterReceiptIsSetAsideAndLeftOutOfTheJob() throws Exception {
        Path spoolDir = data.resolve("spool");
        Attributes base = TestDatasets.mrImage(4, 4);
        String series = base.getString(Tag.SeriesInstanceUID).orElseThrow();
        ManualScheduler scheduler = new ManualScheduler(clock);
        List<String> setAside = new ArrayList<>();
        PipelineListener recording = new PipelineListener() {
            @Override
            public void instanceSetAside(SpooledInstance instance, String reason) {
                setAside.add(instance.header().sopInstanceUid() + " " + reason);
            }
        };
        Spool spool = opened(new Spool(SpoolConfig.defaults(spoolDir), clock));
        try (Ledger ledger = new Ledger(data.resolve("ledger.db"), clock);
                InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"));
                SeriesAssembler assembler = new SeriesAssembler(
                        AssemblerConfig.defaults(spoolDir),
                        new Router(RoutingConfig.of(
                                List.of(RoutingRule.builder("mr", "m").build()))),
                        queue,
                        spool,
                        scheduler,
                        clock,
                        PipelineListener.of(ledger.asListener(), recording))) {
            IntakeChain chain = new IntakeChain(spool, assembler, ledger.asListener());
            List<Path> stored = store(chain, base, 3, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            // the last pixel byte of the second instance changes on disk after Success, before the job is built
            Path changed = stored.get(1);
            byte[] bytes = Files.readAllBytes(changed);
            bytes[bytes.length - 1] ^= 0x01;
            Files.write(changed, bytes);

            scheduler.advance(AssemblerConfig.DEFAULT_QUIET_PERIOD);

            Job job = queue.poll().orElseThrow().job();
            assertThat(job.files()).extracting(JobFile::sopInstanceUid).containsExactly(series + ".1", series + ".3");
            assertThat(job.files())
                    .allSatisfy(f -> assertThat(Sha256.ofFile(f.path())).isEqualTo(f.sha256()));
            assertThat(changed).doesNotExist();
            assertThat(changed.resolveSibling(changed.getFileName() + ".changed"))
                    .exists();
            assertThat(setAside).containsExactly(series + ".2 changed_on_disk");
            try (java.sql.Connection c =
                            java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("ledger.db"));
                    java.sql.ResultSet rs = c.createStatement()
                            .executeQuery("SELECT path FROM instances WHERE sop_instance_uid = '" + series + ".2'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).endsWith(".dcm.changed");
            }
            // a restart does not bring the changed file back
            assertThat(opened(new Spool(SpoolConfig.defaults(spoolDir), clock)).scan())
                    .extracting(i -> i.header().sopInstanceUid())
                    .containsExactlyInAnyOrder(series + ".1", series + ".3");
        }
    }

    @Test
    void realSchedulerAndSystemClockHandTheSeriesOnAfterItsQuietPeriod() throws Exception {
        Path spoolDir = data.resolve("spool");
        java.util.concurrent.ScheduledExecutorService timers =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.time.Clock system = java.time.Clock.systemUTC();
        Attributes base = TestDatasets.mrImage(4, 4);
        String series = base.getString(Tag.SeriesInstanceUID).orElseThrow();
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"))) {
            Spool spool = opened(new Spool(SpoolConfig.defaults(spoolDir), system));
            SeriesAssembler assembler = assembler(
                    AssemblerConfig.defaults(spoolDir).withStudyQuietPeriod(Duration.ZERO),
                    List.of(RoutingRule.builder("mr", "m")
                            .quietPeriod(Duration.ofMillis(200))
                            .build()),
                    queue,
                    spool,
                    timers,
                    system);
            IntakeChain chain = new IntakeChain(spool, assembler, PipelineListener.NONE);
            store(chain, base, 2, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

            // blocks until the timers publish the job (bounded so that a broken scheduler fails, not hangs)
            JobDelivery d = queue.poll(Duration.ofSeconds(60)).orElseThrow();

            assertThat(d.job().files()).hasSize(2);
            assembler.close();
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * After a restart the recovered files have no SHA-256 until their job is built. One recovered file is a FIFO
     * here, so hashing it blocks until the test writes the bytes: a C-STORE of another study meanwhile must
     * complete (the hashing runs outside the assembler lock; before, every C-STORE waited for it), and the job
     * then names the file's true hash.
     */
    @Test
    void hashingRecoveredFilesDoesNotHoldUpIncomingInstances() throws Exception {
        Path spoolDir = data.resolve("spool");
        java.util.concurrent.atomic.AtomicReference<Thread> timerThread =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ScheduledExecutorService timers =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "assembler-timer");
                    t.setDaemon(true); // if the FIFO is never written, it must not keep the JVM alive
                    timerThread.set(t);
                    return t;
                });
        java.time.Clock system = java.time.Clock.systemUTC();
        Attributes base = TestDatasets.mrImage(4, 4);
        String series = base.getString(Tag.SeriesInstanceUID).orElseThrow();
        Spool spool = opened(new Spool(SpoolConfig.defaults(spoolDir), system));
        for (int i = 1; i <= 2; i++) {
            Attributes ds = base.copy();
            ds.setString(Tag.SOPInstanceUID, VR.UI, series + "." + i);
            assertThat(spool.store(
                                    new StoreFacts(
                                            "a",
                                            "SCANNER",
                                            ds.getString(Tag.SOPClassUID).orElseThrow(),
                                            series + "." + i,
                                            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                                    new ByteArrayInputStream(
                                            DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)))
                            .status())
                    .isEqualTo(StoreStatus.STORED);
        }
        List<SpooledInstance> recovered = spool.scan();
        Path blocking = recovered.get(0).file();
        byte[] content = Files.readAllBytes(blocking);
        String expectedSha = Sha256.ofFile(blocking);
        Files.delete(blocking);
        assertThat(new ProcessBuilder("mkfifo", blocking.toString()).start().waitFor())
                .isZero();
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"))) {
            SeriesAssembler assembler = assembler(
                    AssemblerConfig.defaults(spoolDir).withStudyQuietPeriod(Duration.ZERO),
                    List.of(RoutingRule.builder("mr", "m")
                            .quietPeriod(Duration.ofMillis(50))
                            .build()),
                    queue,
                    spool,
                    timers,
                    system);
            assembler.recover(recovered);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!hashing(timerThread.get()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(hashing(timerThread.get()))
                    .as("the timer thread is blocked hashing the FIFO")
                    .isTrue();

            Attributes other = TestDatasets.mrImage(4, 4);
            StoreOutcome late = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> new IntakeChain(spool, assembler, PipelineListener.NONE)
                            .onStore(
                                    new StoreFacts(
                                            "b",
                                            "SCANNER",
                                            other.getString(Tag.SOPClassUID).orElseThrow(),
                                            other.getString(Tag.SOPInstanceUID).orElseThrow(),
                                            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                                    new ByteArrayInputStream(
                                            DatasetWriter.toBytes(other, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))));
            assertThat(late.status()).isEqualTo(StoreStatus.STORED);

            try (java.io.OutputStream fifo = Files.newOutputStream(blocking)) {
                fifo.write(content);
            }
            JobDelivery d = queue.poll(Duration.ofSeconds(60)).orElseThrow();
            assertThat(d.job().files())
                    .filteredOn(f -> f.path().equals(blocking))
                    .singleElement()
                    .satisfies(f -> assertThat(f.sha256()).isEqualTo(expectedSha));
            assembler.close();
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * Stores instances {@code <series>.1} to {@code .<count>} of {@code base}'s series through {@code chain} in
     * {@code ts}, as a scanner would, each answered STORED; returns their spooled files in that order.
     */
    private static List<Path> store(IntakeChain chain, Attributes base, int count, TransferSyntax ts) throws Exception {
        String series = base.getString(Tag.SeriesInstanceUID).orElseThrow();
        List<Path> stored = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Attributes ds = base.copy();
            ds.setString(Tag.SOPInstanceUID, VR.UI, series + "." + i);
            StoreOutcome out = chain.onStore(
                    new StoreFacts(
                            "a", "SCANNER", ds.getString(Tag.SOPClassUID).orElseThrow(), series + "." + i, ts.uid()),
                    new ByteArrayInputStream(DatasetWriter.toBytes(ds, ts)));
            assertThat(out.status()).isEqualTo(StoreStatus.STORED);
            stored.add(out.instance().orElseThrow().file());
        }
        return stored;
    }

    private static boolean hashing(Thread t) {
        return t != null
                && java.util.Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getMethodName().startsWith("sha256"));
    }

    @Test
    void chainRefusesBeforeReadingWhenValidationFails() {
        ManualScheduler scheduler = new ManualScheduler(clock);
        Path spoolDir = data.resolve("spool");
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"));
                SeriesAssembler assembler =
                        assembler(AssemblerConfig.defaults(spoolDir), List.of(), queue, noReload(), scheduler, clock)) {
            IntakeChain chain = new IntakeChain(
                    opened(new Spool(SpoolConfig.defaults(spoolDir), clock)), assembler, PipelineListener.NONE);
            ByteArrayInputStream in = new ByteArrayInputStream(
                    DatasetWriter.toBytes(TestDatasets.mrImage(2, 2), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

            StoreOutcome out = chain.onStore(
                    new StoreFacts(
                            "a",
                            "SCANNER",
                            "1.2.840.10008.5.1.4.1.1.4",
                            "01.2",
                            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                    in);

            assertThat(out.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
            assertThat(in.available()).as("nothing read").isPositive();
        }
    }
}
