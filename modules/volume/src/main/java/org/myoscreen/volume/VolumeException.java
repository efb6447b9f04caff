package org.myoscreen.volume;

import java.util.Objects;

/**
 * A series or file could not become a correct volume. The message names the source (series
 * instance UID or file) and the problem; {@link #problem()} says which kind, for callers that
 * report or count them. Unchecked; not retriable (the input itself is wrong).
 */
public final class VolumeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Problem {
        /** No images, or an image without the attributes needed to place it (PS3.3 C.7.6.2). */
        MISSING_GEOMETRY,
        /** Images of one series with different Image Orientation (Patient). */
        MIXED_ORIENTATION,
        /** Images of one series with different Rows, Columns or Pixel Spacing. */
        INCONSISTENT_MATRIX,
        /** Two images at the same position along the slice normal. */
        DUPLICATE_POSITION,
        /** A missing slice position. */
        GAP,
        /** Slice spacing that varies beyond tolerance without a clean gap. */
        NONUNIFORM_SPACING,
        /** Pixel data this module cannot decode (compressed, unusual bit depth, ...). */
        UNSUPPORTED_PIXEL_DATA,
        /** Volumes that should share a frame or orientation but do not (composition, Dixon). */
        INCOMPATIBLE_VOLUMES,
        /** A NIfTI file that cannot be read or written. */
        INVALID_NIFTI
    }

    private final String source;
    private final Problem problem;

    /** An exception for {@code source} (series UID or file name) with a message describing it. */
    public VolumeException(String source, Problem problem, String detail) {
        super(source + ": " + problem.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail);
        this.source = Objects.requireNonNull(source, "source is null");
        this.problem = Objects.requireNonNull(problem, "problem is null");
    }

    /** Same, with a cause. */
    public VolumeException(String source, Problem problem, String detail, Throwable cause) {
        this(source, problem, detail);
        initCause(cause);
    }

    /** The series instance UID or file name the problem is in. */
    public String source() {
        return source;
    }

    /** The kind of problem. */
    public Problem problem() {
        return problem;
    }
}
