package org.myoscreen.pipeline.jobs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One spooled instance referenced by a {@link Job} (the job is a claim check: the worker reads the file).
 * Immutable.
 *
 * @param seriesInstanceUid the instance's series
 * @param sopInstanceUid the instance
 * @param path absolute path of the Part 10 file in the spool
 * @param sizeBytes file size in bytes
 * @param sha256 lower-case hex SHA-256 of the file, so a worker can detect a file changed after publishing
 */
public record JobFile(String seriesInstanceUid, String sopInstanceUid, Path path, long sizeBytes, String sha256) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates size and digest.
     *
     * @param seriesInstanceUid the instance's series
     * @param sopInstanceUid the instance
     * @param path absolute path of the Part 10 file in the spool
     * @param sizeBytes file size in bytes
     * @param sha256 lower-case hex SHA-256 of the file, so a worker can detect a file changed after publishing
     */
    public JobFile {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid is null");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid is null");
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(sha256, "sha256 is null");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size " + sizeBytes + " for " + path);
        }
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "sha256 '" + sha256 + "' of " + path + " is not 64 lower-case hex digits");
        }
    }
}
