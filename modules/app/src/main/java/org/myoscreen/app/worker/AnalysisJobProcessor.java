package org.myoscreen.app.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.app.analyze.AnalyzeRun;
import org.myoscreen.app.analyze.InputScan;
import org.myoscreen.app.analyze.Progress;
import org.myoscreen.app.analyze.StudyProcessor;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.pipeline.jobs.JobFileCheck;
import org.myoscreen.pipeline.jobs.JobOutcome;
import org.myoscreen.pipeline.jobs.JobProcessingException;
import org.myoscreen.pipeline.jobs.JobProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job through the {@link StudyProcessor}: checks that every job file is still the one that was
 * spooled (size and SHA-256) unless the queue did so as it handed the job out
 * ({@link JobDelivery#filesVerified()}, the Kafka worker's claim checks), reads them, and writes the outputs to {@code
 * <results>/<StudyInstanceUID>/<groupingKey>/v<version>/} ({@code result.json}, {@code seg.dcm},
 * {@code sr.dcm}, {@code sc-N.dcm}, forced to disk). The output SOP Instance UIDs derive from the job
 * key and the model's name and version, so a job that runs again makes the same instances.
 *
 * <p>A missing or changed input file, and a study the pipeline cannot handle, fail the job for good
 * ({@link JobProcessingException} not retriable); an I/O failure may pass and is retriable.
 * Thread-safe when the study processor's segmenter is.
 */
public final class AnalysisJobProcessor implements JobProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisJobProcessor.class);

    private final StudyProcessor studies;
    private final Path resultsDir;

    /**
     * @param studies the analysis, with the model loaded
     * @param resultsDir the results folder ({@code DATA_DIR/results})
     */
    public AnalysisJobProcessor(StudyProcessor studies, Path resultsDir) {
        this.studies = Objects.requireNonNull(studies, "studies is null");
        this.resultsDir = Objects.requireNonNull(resultsDir, "resultsDir is null");
    }

    /**
     * The folder of a job's outputs.
     *
     * @param job the job
     * @return {@code <results>/<StudyInstanceUID>/<groupingKey>/v<version>}
     */
    public Path outputDir(Job job) {
        return resultsDir
                .resolve(job.studyInstanceUid())
                .resolve(job.groupingKey())
                .resolve("v" + job.version());
    }

    @Override
    public JobOutcome process(JobDelivery delivery) {
        Job job = delivery.job();
        String key = job.jobKey();
        List<Path> files = new ArrayList<>();
        for (JobFile f : job.files()) {
            if (!delivery.filesVerified()) {
                verify(key, f); // a Kafka worker's claim checks verified them just before the hand-out
            }
            files.add(f.path());
        }
        StudyProcessor.Result result;
        Progress progress = new Progress(line -> LOG.info("event=job_stage job={} line=\"{}\"", key, line));
        progress.begin();
        try {
            result = studies.process(
                    job.studyInstanceUid(), InputScan.datasets(files), Optional.of(key), outputDir(job), progress);
        } catch (StudyProcessor.StudyFailure e) {
            throw new JobProcessingException("job " + key + ": " + e.getMessage(), causedByIo(e), e);
        } catch (UncheckedIOException e) {
            throw new JobProcessingException("job " + key + ": reading its files failed: " + e.getMessage(), true, e);
        } catch (RuntimeException e) {
            throw new JobProcessingException("job " + key + ": reading its files failed: " + e, false, e);
        }
        AnalyzeRun.StudyOutcome outcome = result.outcome();
        JobOutcome.Status status = switch (outcome.status()) {
            case RESULT -> JobOutcome.Status.RESULT;
            case QC_REFUSED -> JobOutcome.Status.QC_REFUSED;
            case NOT_ELIGIBLE -> JobOutcome.Status.NOT_ELIGIBLE;
            case FAILED -> throw new JobProcessingException("job " + key + ": " + outcome.reason(), false);
        };
        return new JobOutcome(status, outcome.reason(), result.objects(), result.resultJson());
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Checks size and SHA-256 of a job file against what the spool recorded (the pipeline's one check). */
    static void verify(String jobKey, JobFile f) {
        try {
            JobFileCheck.verify(f, f.path());
        } catch (JobProcessingException e) {
            throw new JobProcessingException("job " + jobKey + ": input " + e.getMessage(), e.retriable(), e);
        }
    }
}
