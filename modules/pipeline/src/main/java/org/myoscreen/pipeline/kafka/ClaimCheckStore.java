package org.myoscreen.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobFile;

/**
 * Where a worker finds the spooled instances a job refers to (the claim checks). The default,
 * {@link SharedFilesystemClaimCheckStore}, reads a filesystem both node and worker mount; an object store can
 * be added behind this interface. Implementations are thread-safe.
 *
 * <p>The verification is the only one a Kafka worker makes: {@link KafkaJobQueue} hands jobs out as
 * {@link org.myoscreen.pipeline.JobDelivery#filesVerified() verified}, and the processor does not hash the files
 * again. An implementation must therefore check size and SHA-256 of every file it returns.
 */
public interface ClaimCheckStore {

    /**
     * Makes one instance readable here and verifies it against the claim check.
     *
     * @param file the claim check as published (path on the node, size, SHA-256)
     * @return the same claim check with a path readable by this process
     * @throws ClaimCheckException when the file is absent, unreadable, of another size or another SHA-256
     */
    JobFile fetch(JobFile file) throws ClaimCheckException;

    /**
     * Fetches every file of a job.
     *
     * @param job the job as published
     * @return the job with readable, verified file paths
     * @throws ClaimCheckException naming the job and the first file that failed
     */
    default Job fetchAll(Job job) throws ClaimCheckException {
        List<JobFile> local = new ArrayList<>(job.files().size());
        for (JobFile f : job.files()) {
            try {
                local.add(fetch(f));
            } catch (ClaimCheckException e) {
                throw new ClaimCheckException("job " + job.jobKey() + ": " + e.getMessage(), e);
            }
        }
        return new Job(
                job.studyInstanceUid(),
                job.groupingKey(),
                job.version(),
                job.ruleId(),
                job.modelId(),
                job.destinations(),
                job.callingAeTitle(),
                job.seriesInstanceUids(),
                local,
                job.firstArrival(),
                job.lastArrival(),
                job.createdAt());
    }
}
