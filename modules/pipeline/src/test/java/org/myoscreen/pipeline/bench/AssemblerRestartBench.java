package org.myoscreen.pipeline.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetWriter;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.assembly.AssemblerConfig;
import org.myoscreen.pipeline.assembly.PipelineListener;
import org.myoscreen.pipeline.assembly.Router;
import org.myoscreen.pipeline.assembly.RoutingConfig;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.assembly.SeriesAssembler;
import org.myoscreen.pipeline.intake.Spool;
import org.myoscreen.pipeline.intake.SpoolConfig;
import org.myoscreen.pipeline.intake.StoreFacts;
import org.myoscreen.pipeline.intake.StoreOutcome;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.JobDelivery;

/**
 * Benchmark (not a test), issue 13 item 6: how long an incoming instance waits for the assembler after a restart
 * while the recovered study's job is built. Fills a spool with COUNT instances of one study (10 series) once,
 * then recovers it into a fresh assembler (quiet period 1 s) and, until the job is published, hands the
 * assembler one new instance of another study every 2 ms, timing each {@code onInstance} call (the lock wait a
 * C-STORE sees after its file is durable). Prints the count, the job's build time, and the calls' max and p99.
 *
 * <p>Usage: {@code AssemblerRestartBench DIR [COUNT] [ROWS]} (defaults 5000 instances of 256×256, 128 KiB).
 */
public final class AssemblerRestartBench {
    private AssemblerRestartBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        Path spoolDir = dir.resolve("spool-" + count + "-" + rows);
        Clock clock = Clock.systemUTC();
        Spool spool = new Spool(SpoolConfig.defaults(spoolDir), clock);
        // the probes' files go elsewhere, so that the next run recovers the filled study only
        Path probeDir = Files.createTempDirectory(dir, "probes");
        Spool probes = new Spool(SpoolConfig.defaults(probeDir), clock);
        if (!Files.exists(dir.resolve("filled-" + count + "-" + rows))) {
            fill(spool, count, rows);
            Files.createFile(dir.resolve("filled-" + count + "-" + rows));
        }
        // forget the job an earlier run published, so that the recovered study is built again
        try (var files = Files.walk(spoolDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals(".groups.json"))
                    .toList()) {
                Files.delete(f);
            }
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Path queueDir = Files.createTempDirectory(dir, "queue");
        try (InProcessJobQueue queue = new InProcessJobQueue(queueDir)) {
            long scanStart = System.nanoTime();
            List<SpooledInstance> recovered = spool.scan();
            long scanMs = (System.nanoTime() - scanStart) / 1_000_000;
            SeriesAssembler assembler = new SeriesAssembler(
                    AssemblerConfig.defaults(spoolDir).withStudyQuietPeriod(Duration.ZERO),
                    new Router(RoutingConfig.of(List.of(RoutingRule.builder("mr", "m")
                            .quietPeriod(Duration.ofSeconds(1))
                            .build()))),
                    queue,
                    spool,
                    timers,
                    clock,
                    PipelineListener.NONE);
            assembler.recover(recovered);
            long recoveredAt = System.nanoTime();
            AtomicBoolean done = new AtomicBoolean();
            List<Long> waitsNanos = new ArrayList<>();
            Thread probe = new Thread(
                    () -> {
                        int n = 0;
                        while (!done.get()) {
                            SpooledInstance late = probeInstance(probes, ++n);
                            long t0 = System.nanoTime();
                            assembler.onInstance(late);
                            waitsNanos.add(System.nanoTime() - t0);
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "probe");
            probe.start();
            String study = recovered.get(0).header().studyInstanceUid();
            JobDelivery job = queue.poll(Duration.ofMinutes(10)).orElseThrow();
            while (!job.job().studyInstanceUid().equals(study)) { // a probe's own study, published after 1 s
                job = queue.poll(Duration.ofMinutes(10)).orElseThrow();
            }
            long publishedMs = (System.nanoTime() - recoveredAt) / 1_000_000;
            done.set(true);
            probe.join();
            assembler.close();
            long[] sorted =
                    waitsNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "instances=%d bytes_each=%d scan_ms=%d job_files=%d job_published_after_ms=%d "
                            + "probes=%d on_instance_max_ms=%.1f on_instance_p99_ms=%.1f%n",
                    recovered.size(),
                    Files.size(recovered.get(0).file()),
                    scanMs,
                    job.job().files().size(),
                    publishedMs,
                    sorted.length,
                    sorted[sorted.length - 1] / 1e6,
                    sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e6);
        } finally {
            timers.shutdownNow();
        }
    }

    private static void fill(Spool spool, int count, int rows) {
        Attributes base = TestDatasets.mrImage(rows, rows);
        String study = base.getString(Tag.StudyInstanceUID).orElseThrow();
        for (int i = 0; i < count; i++) {
            Attributes ds = base.copy();
            String series = study + "." + (i % 10 + 1);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
            ds.setString(Tag.SOPInstanceUID, VR.UI, series + "." + (i + 1));
            ds.setDouble(Tag.ImagePositionPatient, VR.DS, -100, -100, i / 10);
            StoreOutcome out = spool.store(
                    new StoreFacts(
                            "fill",
                            "SCANNER",
                            ds.getString(Tag.SOPClassUID).orElseThrow(),
                            series + "." + (i + 1),
                            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                    new ByteArrayInputStream(DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
            if (!out.status().isSuccess()) {
                throw new IllegalStateException("fill failed at " + i + ": " + out);
            }
        }
    }

    /** A small instance of another study, stored like a C-STORE would store it. */
    private static SpooledInstance probeInstance(Spool spool, int n) {
        Attributes ds = TestDatasets.mrImage(4, 4);
        ds.setString(Tag.SeriesDescription, VR.LO, "probe " + n);
        StoreOutcome out = spool.store(
                new StoreFacts(
                        "probe",
                        "SCANNER",
                        ds.getString(Tag.SOPClassUID).orElseThrow(),
                        ds.getString(Tag.SOPInstanceUID).orElseThrow(),
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                new ByteArrayInputStream(DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        return out.instance().orElseThrow();
    }
}
