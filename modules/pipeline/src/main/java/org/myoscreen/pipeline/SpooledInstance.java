package org.myoscreen.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An instance that is durably in the spool: what the spool hands to the series assembler. Immutable.
 *
 * @param header the header facts read from the stored file
 * @param file absolute path of the Part 10 file
 * @param sizeBytes file size in bytes
 * @param sha256 lower-case hex SHA-256 of the file when known (empty as the spool stores or scans it: the
 *     assembler hashes the file, checking its slot marker, when a job needs it; decision 0016)
 * @param receivedAt when the file was stored (its modification time after a restart)
 */
public record SpooledInstance(
        InstanceHeader header, Path file, long sizeBytes, Optional<String> sha256, Instant receivedAt) {

    /**
     * Checks for nulls.
     *
     * @param header the header facts read from the stored file
     * @param file absolute path of the Part 10 file
     * @param sizeBytes file size in bytes
     * @param sha256 lower-case hex SHA-256 of the file when known (empty as the spool stores or scans it: the
     *     assembler hashes the file, checking its slot marker, when a job needs it; decision 0016)
     * @param receivedAt when the file was stored (its modification time after a restart)
     */
    public SpooledInstance {
        Objects.requireNonNull(header, "header is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(sha256, "sha256 is null");
        Objects.requireNonNull(receivedAt, "receivedAt is null");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size " + sizeBytes + " for " + file);
        }
    }
}
