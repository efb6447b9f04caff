package org.myoscreen.pipeline.kafka;

import java.nio.file.Path;
import java.util.Objects;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.pipeline.jobs.JobFileCheck;
import org.myoscreen.pipeline.jobs.JobProcessingException;

/**
 * Claim checks on a filesystem both the node and the worker mount (NFS, a shared volume). The node's spool
 * may be mounted elsewhere on the worker: paths under {@code publishedRoot} are read under {@code localRoot}.
 * Every file is read once to verify its size and SHA-256 ({@link JobFileCheck}). Thread-safe.
 */
public final class SharedFilesystemClaimCheckStore implements ClaimCheckStore {

    private final Path publishedRoot;
    private final Path localRoot;

    /** Reads files at the paths the node published (the volume is mounted at the same place). */
    public SharedFilesystemClaimCheckStore() {
        this(Path.of("/"), Path.of("/"));
    }

    /**
     * @param publishedRoot a directory as the node names it (e.g. its spool directory)
     * @param localRoot the same directory as mounted here
     */
    public SharedFilesystemClaimCheckStore(Path publishedRoot, Path localRoot) {
        this.publishedRoot = Objects.requireNonNull(publishedRoot, "publishedRoot is null")
                .toAbsolutePath()
                .normalize();
        this.localRoot = Objects.requireNonNull(localRoot, "localRoot is null")
                .toAbsolutePath()
                .normalize();
    }

    @Override
    public JobFile fetch(JobFile file) throws ClaimCheckException {
        Path published = file.path().toAbsolutePath().normalize();
        if (!published.startsWith(publishedRoot)) {
            throw new ClaimCheckException("claim check " + published + " (SOP Instance " + file.sopInstanceUid()
                    + ") is outside the shared directory " + publishedRoot);
        }
        Path local = localRoot.resolve(publishedRoot.relativize(published).toString());
        try {
            JobFileCheck.verify(file, local);
        } catch (JobProcessingException e) {
            throw new ClaimCheckException("claim check " + e.getMessage(), e);
        }
        return new JobFile(file.seriesInstanceUid(), file.sopInstanceUid(), local, file.sizeBytes(), file.sha256());
    }
}
