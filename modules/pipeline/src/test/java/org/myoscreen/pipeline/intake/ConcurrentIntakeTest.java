package org.myoscreen.pipeline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetWriter;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.ManualScheduler;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.assembly.AssemblerConfig;
import org.myoscreen.pipeline.assembly.PipelineListener;
import org.myoscreen.pipeline.assembly.Router;
import org.myoscreen.pipeline.assembly.RoutingConfig;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.assembly.SeriesAssembler;
import org.myoscreen.pipeline.assembly.SpoolIndex;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobFile;

class ConcurrentIntakeTest {

    private final List<Spool> spools = new ArrayList<>();

    /** Registers {@code spool} to be closed after the test (its background thread writes in the temp folder). */
    private Spool opened(Spool spool) {
        spools.add(spool);
        return spool;
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

    @Test
    void eightSendersStoringIntoOneSeriesAtOnceGiveOneCompleteJob() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        Path spoolDir = data.resolve("spool");
        Attributes base = TestDatasets.mrImage(4, 4);
        String series = base.getString(Tag.SeriesInstanceUID).orElseThrow();
        try (InProcessJobQueue queue = new InProcessJobQueue(data.resolve("queue"));
                SeriesAssembler assembler = new SeriesAssembler(
                        AssemblerConfig.defaults(spoolDir),
                        new Router(RoutingConfig.of(
                                List.of(RoutingRule.builder("mr", "m").build()))),
                        queue,
                        noReload(),
                        scheduler,
                        clock,
                        PipelineListener.NONE)) {
            Spool spool =
                    opened(new Spool(new SpoolConfig(spoolDir, 0, SpoolConfig.DuplicatePolicy.KEEP_FIRST), clock));
            IntakeChain chain = new IntakeChain(spool, assembler, PipelineListener.NONE);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<List<StoreOutcome>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int sender = t;
                results.add(senders.submit(() -> {
                    List<StoreOutcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        Attributes ds = base.copy();
                        String sop = series + "." + (sender * 25 + i + 1);
                        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
                        ds.setDouble(Tag.ImagePositionPatient, VR.DS, 0, 0, sender * 25 + i);
                        outcomes.add(chain.onStore(
                                new StoreFacts(
                                        "a" + sender,
                                        "SCANNER",
                                        ds.getString(Tag.SOPClassUID).orElseThrow(),
                                        sop,
                                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                                new ByteArrayInputStream(
                                        DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))));
                    }
                    return outcomes;
                }));
            }
            for (Future<List<StoreOutcome>> f : results) {
                assertThat(f.get()).extracting(StoreOutcome::status).containsOnly(StoreStatus.STORED);
            }
            senders.shutdown();

            scheduler.advance(Duration.ofSeconds(30));

            JobDelivery d = queue.poll().orElseThrow();
            assertThat(d.job().files()).hasSize(200);
            assertThat(d.job().files()).extracting(JobFile::sopInstanceUid).doesNotHaveDuplicates();
            assertThat(queue.poll()).isEmpty();
            spool.close(); // releases the slot names of the acknowledged instances
            try (Stream<Path> incoming = Files.list(spoolDir.resolve(Spool.INCOMING))) {
                assertThat(incoming.filter(p -> !SpoolTest.isFreeSlot(p))).isEmpty();
            }
        }
    }
}
