package org.myoscreen.pipeline.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.myoscreen.pipeline.JobFile;

/**
 * Claim checks on a filesystem both the node and the worker mount (NFS, a shared volume). The node's spool
 * may be mounted elsewhere on the worker: paths under {@code publishedRoot} are read under {@code localRoot}.
 * Every file is read once to verify its size and SHA-256. Thread-safe.
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
        this.publishedRoot = Objects.requireNonNull(publishedRoot, "publishedRoot is null").toAbsolutePath().normalize();
        this.localRoot = Objects.requireNonNull(localRoot, "localRoot is null").toAbsolutePath().normalize();
    }

    @Override
    public JobFile fetch(JobFile file) throws ClaimCheckException {
        Path published = file.path().toAbsolutePath().normalize();
        if (!published.startsWith(publishedRoot)) {
            throw new ClaimCheckException("claim check " + published + " (SOP Instance " + file.sopInstanceUid()
                    + ") is outside the shared directory " + publishedRoot);
        }
        Path local = localRoot.resolve(publishedRoot.relativize(published).toString());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(local)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new ClaimCheckException("claim check " + local + " (SOP Instance " + file.sopInstanceUid()
                    + ") is absent", e);
        } catch (IOException e) {
            throw new ClaimCheckException("claim check " + local + " (SOP Instance " + file.sopInstanceUid()
                    + ") is unreadable: " + e, e);
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (size != file.sizeBytes() || !digest.equals(file.sha256())) {
            throw new ClaimCheckException("claim check " + local + " (SOP Instance " + file.sopInstanceUid()
                    + ") does not match: size " + size + " bytes sha256 " + digest + ", published "
                    + file.sizeBytes() + " bytes sha256 " + file.sha256());
        }
        return new JobFile(file.seriesInstanceUid(), file.sopInstanceUid(), local, file.sizeBytes(), file.sha256());
    }
}
