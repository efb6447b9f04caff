package org.myoscreen.app.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.app.analyze.AnalyzeRun;
import org.myoscreen.app.analyze.InputScan;
import org.myoscreen.app.analyze.Progress;
import org.myoscreen.app.analyze.StudyProcessor;
import org.myoscreen.pipeline.Job;
import org.myoscreen.pipeline.JobDelivery;
import org.myoscreen.pipeline.JobFile;
import org.myoscreen.pipeline.JobOutcome;
import org.myoscreen.pipeline.JobProcessingException;
import org.myoscreen.pipeline.JobProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job through the {@link StudyProcessor}: checks that every job file is still the one that was
 * spooled (size and SHA-256), reads them, and writes the outputs to {@code
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
    return resultsDir.resolve(job.studyInstanceUid()).resolve(job.groupingKey()).resolve("v" + job.version());
  }

  @Override
  public JobOutcome process(JobDelivery delivery) {
    Job job = delivery.job();
    String key = job.jobKey();
    List<Path> files = new ArrayList<>();
    for (JobFile f : job.files()) {
      verify(key, f);
      files.add(f.path());
    }
    StudyProcessor.Result result;
    Progress progress = new Progress(line -> LOG.info("event=job_stage job={} line=\"{}\"", key, line));
    progress.begin();
    try {
      result = studies.process(job.studyInstanceUid(), InputScan.datasets(files), Optional.of(key), outputDir(job),
          progress);
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

  /** Checks size and SHA-256 of a job file against what the spool recorded. */
  static void verify(String jobKey, JobFile f) {
    long size;
    try {
      size = Files.size(f.path());
    } catch (NoSuchFileException e) {
      throw new JobProcessingException("job " + jobKey + ": input file " + f.path() + " (SOP Instance UID "
          + f.sopInstanceUid() + ") is missing", false, e);
    } catch (IOException e) {
      throw new JobProcessingException("job " + jobKey + ": cannot read input file " + f.path() + ": "
          + e.getMessage(), true, e);
    }
    if (size != f.sizeBytes()) {
      throw new JobProcessingException("job " + jobKey + ": input file " + f.path() + " changed: "
          + size + " bytes, the job says " + f.sizeBytes(), false);
    }
    String digest = sha256(jobKey, f.path());
    if (!digest.equals(f.sha256())) {
      throw new JobProcessingException("job " + jobKey + ": input file " + f.path() + " changed: SHA-256 "
          + digest + ", the job says " + f.sha256(), false);
    }
  }

  private static String sha256(String jobKey, Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[65536];
      while (in.read(buf) >= 0) {
        // the digest stream hashes as it reads
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new JobProcessingException("job " + jobKey + ": cannot read input file " + file + ": "
          + e.getMessage(), true, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
