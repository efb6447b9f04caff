package org.myoscreen.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.testing.ShippedConf;
import org.myoscreen.app.analyze.StudyProcessor;
import org.myoscreen.app.analyze.TruthSegmenter;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.pipeline.jobs.JobOutcome;
import org.myoscreen.pipeline.jobs.JobProcessingException;

/** The node's job processor on a phantom study, with the phantom's exact labels as the model. */
class AnalysisJobProcessorTest {
    @TempDir
    static Path shared;

    private static PhantomSummary phantom;
    private static TruthSegmenter model;
    private static StudyProcessor studies;

    @TempDir
    Path dir;

    @BeforeAll
    static void writePhantom() {
        phantom = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(11)
                        .matrix(96)
                        .spacingMm(4)
                        .sliceThicknessMm(8)
                        .stations(1)
                        .contrasts(EnumSet.of(Contrast.T2_HASTE))
                        .build(),
                shared.resolve("phantom"));
        model = new TruthSegmenter(phantom.labels());
        studies = new StudyProcessor(model, ShippedConf.analyzer(), new StudyProcessor.Options(false, false));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static Job job(List<JobFile> files) {
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        return new Job(
                phantom.studyInstanceUid(),
                "0123456789abcdef",
                1,
                "default",
                "reference",
                List.of(Destination.parse("PACS@127.0.0.1:104")),
                "SCANNER",
                List.of(phantom.series().get(0).seriesInstanceUid()),
                files,
                t,
                t,
                t);
    }

    private static List<JobFile> jobFiles() throws Exception {
        List<JobFile> out = new ArrayList<>();
        PhantomSummary.WrittenSeries s = phantom.series().get(0);
        for (Path f : s.files()) {
            byte[] bytes = Files.readAllBytes(f);
            out.add(new JobFile(
                    s.seriesInstanceUid(),
                    sop(f),
                    f.toAbsolutePath(),
                    bytes.length,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
        }
        return out;
    }

    @Test
    void jobBecomesSegSrAndScInItsVersionFolderWithTheSameUidsWhenRunAgain() throws Exception {
        AnalysisJobProcessor processor = new AnalysisJobProcessor(studies, dir.resolve("results"));
        Job job = job(jobFiles());

        JobOutcome first = processor.process(new JobDelivery(job, 1));
        List<String> firstUids =
                first.outputs().stream().map(AnalysisJobProcessorTest::sop).toList();
        JobOutcome again = processor.process(new JobDelivery(job, 2));

        Path folder = dir.resolve("results")
                .resolve(phantom.studyInstanceUid())
                .resolve("0123456789abcdef")
                .resolve("v1");
        assertThat(first.status()).as(first.reason()).isIn(JobOutcome.Status.RESULT, JobOutcome.Status.QC_REFUSED);
        assertThat(first.resultJson()).contains(folder.resolve("result.json"));
        assertThat(first.outputs())
                .startsWith(folder.resolve("seg.dcm"), folder.resolve("sr.dcm"))
                .contains(folder.resolve("sc-1.dcm"));
        for (Path out : first.outputs()) {
            assertThat(Part10Reader.readUntilPixelData(out).dataset().getString(Tag.StudyInstanceUID))
                    .contains(phantom.studyInstanceUid());
        }
        assertThat(again.outputs().stream().map(AnalysisJobProcessorTest::sop).toList())
                .isEqualTo(firstUids)
                .doesNotHaveDuplicates();
    }

    @Test
    void changedInputFileFailsTheJobForGoodNamingTheFile() throws Exception {
        List<JobFile> files = new ArrayList<>(jobFiles());
        JobFile f = files.get(3);
        files.set(3, new JobFile(f.seriesInstanceUid(), f.sopInstanceUid(), f.path(), f.sizeBytes(), "0".repeat(64)));
        AnalysisJobProcessor processor = new AnalysisJobProcessor(studies, dir.resolve("results"));

        assertThatThrownBy(() -> processor.process(new JobDelivery(job(files), 1)))
                .isInstanceOfSatisfying(
                        JobProcessingException.class,
                        e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining(f.path().toString())
                .hasMessageContaining("SHA-256");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void inputsTheQueueVerifiedAreReadWithoutBeingHashedAgain() throws Exception {
        // a digest the check refuses: only a processor that hashes the files once more notices it
        List<JobFile> files = new ArrayList<>(jobFiles());
        JobFile f = files.get(3);
        files.set(3, new JobFile(f.seriesInstanceUid(), f.sopInstanceUid(), f.path(), f.sizeBytes(), "0".repeat(64)));
        AnalysisJobProcessor processor = new AnalysisJobProcessor(studies, dir.resolve("results"));

        JobOutcome outcome = processor.process(new JobDelivery(job(files), 1, true));

        assertThat(outcome.status()).as(outcome.reason()).isIn(JobOutcome.Status.RESULT, JobOutcome.Status.QC_REFUSED);
    }

    @Test
    void missingInputFileFailsTheJobForGoodNamingTheFile() throws Exception {
        List<JobFile> files = new ArrayList<>(jobFiles());
        JobFile f = files.get(0);
        Path gone = dir.resolve("gone.dcm");
        files.set(0, new JobFile(f.seriesInstanceUid(), f.sopInstanceUid(), gone, f.sizeBytes(), f.sha256()));
        AnalysisJobProcessor processor = new AnalysisJobProcessor(studies, dir.resolve("results"));

        assertThatThrownBy(() -> processor.process(new JobDelivery(job(files), 1)))
                .isInstanceOfSatisfying(
                        JobProcessingException.class,
                        e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining(gone.toString())
                .hasMessageContaining("missing");
    }

    private static String sop(Path file) {
        return Part10Reader.readUntilPixelData(file).dataset().getString(Tag.SOPInstanceUID, "");
    }
}
