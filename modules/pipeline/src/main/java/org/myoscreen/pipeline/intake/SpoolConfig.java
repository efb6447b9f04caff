package org.myoscreen.pipeline.intake;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the {@link Spool}. Immutable.
 *
 * @param directory the spool root ({@code <data-dir>/spool}); instances go to
 *     {@code <StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm} below it, temporary files to {@code .incoming/}
 * @param minFreeBytes the disk watermark: when the file system of the spool has less usable space than this,
 *     C-STOREs are answered A700 (Out of Resources) before anything is written; default
 *     {@link #DEFAULT_MIN_FREE_BYTES} (1 GiB); 0 turns the check off
 * @param duplicates what a second instance with a SOP Instance UID already in the spool does; default
 *     {@link DuplicatePolicy#KEEP_FIRST}
 */
public record SpoolConfig(Path directory, long minFreeBytes, DuplicatePolicy duplicates) {

    /** Default watermark: 1 GiB. */
    public static final long DEFAULT_MIN_FREE_BYTES = 1L << 30;

    /** What happens to an instance whose SOP Instance UID is already in the spool. */
    public enum DuplicatePolicy {
        /** The stored file stays; the new copy is discarded; answered Success with a WARN log line. */
        KEEP_FIRST,
        /** The new copy replaces the stored file atomically; answered Success with a WARN log line. */
        OVERWRITE
    }

    /**
     * Validates the watermark.
     *
     * @param directory the spool root ({@code <data-dir>/spool}); instances go to {@code
     *     <StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm} below it, temporary files to {@code .incoming/}
     * @param minFreeBytes the disk watermark: when the file system of the spool has less usable space than this,
     *     C-STOREs are answered A700 (Out of Resources) before anything is written; default {@link
     *     #DEFAULT_MIN_FREE_BYTES} (1 GiB); 0 turns the check off
     * @param duplicates what a second instance with a SOP Instance UID already in the spool does; default {@link
     *     DuplicatePolicy#KEEP_FIRST}
     */
    public SpoolConfig {
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(duplicates, "duplicates is null");
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("spool min free bytes " + minFreeBytes + " is negative");
        }
    }

    /**
     * Defaults for a spool directory.
     *
     * @param directory the spool root
     * @return the configuration
     */
    public static SpoolConfig defaults(Path directory) {
        return new SpoolConfig(directory, DEFAULT_MIN_FREE_BYTES, DuplicatePolicy.KEEP_FIRST);
    }
}
