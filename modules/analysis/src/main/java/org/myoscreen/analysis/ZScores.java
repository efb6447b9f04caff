package org.myoscreen.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * z-scores of IMAT % and LMM index, each with the reference it used.
 *
 * @param imatPercent z of IMAT %
 * @param imatReference the reference behind {@code imatPercent}
 * @param lmmIndex z of the LMM index
 * @param lmmReference the reference behind {@code lmmIndex}
 * @param notes why a z-score is empty (QC flag strings)
 */
public record ZScores(
        OptionalDouble imatPercent,
        Optional<Reference> imatReference,
        OptionalDouble lmmIndex,
        Optional<Reference> lmmReference,
        List<String> notes) {

    /**
     * Which reference a z-score used.
     *
     * @param table table name (provisional table name, or {@code "site"})
     * @param site true for the learned site reference
     * @param stratum stratum label, for example {@code "M 50-59"}
     * @param n studies behind a site reference
     */
    public record Reference(String table, boolean site, String stratum, OptionalInt n) {
        /** Validates non-null values. */
        public Reference {
            Objects.requireNonNull(table, "table is null");
            Objects.requireNonNull(stratum, "stratum is null");
            Objects.requireNonNull(n, "n is null");
        }

        /** For example {@code "provisional-2026.1 (M 50-59)"} or {@code "site (M 50-59, n=57)"}. */
        public String describe() {
            return table + " (" + stratum + (n.isPresent() ? ", n=" + n.getAsInt() : "") + ")";
        }
    }

    /** Copies the notes. */
    public ZScores {
        Objects.requireNonNull(imatPercent, "imatPercent is null");
        Objects.requireNonNull(imatReference, "imatReference is null");
        Objects.requireNonNull(lmmIndex, "lmmIndex is null");
        Objects.requireNonNull(lmmReference, "lmmReference is null");
        notes = List.copyOf(notes);
    }

    /** No z-scores, for {@code reason}. */
    public static ZScores none(String reason) {
        return new ZScores(
                OptionalDouble.empty(), Optional.empty(), OptionalDouble.empty(), Optional.empty(), List.of(reason));
    }

    /**
     * The reference text of result.json: one description when both z-scores used the same
     * reference, else {@code "imat_percent: …; lmm_index: …"}; empty when neither has one.
     */
    public Optional<String> referenceText() {
        if (imatReference.isPresent() && lmmReference.isPresent()) {
            return imatReference.equals(lmmReference)
                    ? Optional.of(imatReference.get().describe())
                    : Optional.of("imat_percent: " + imatReference.get().describe() + "; lmm_index: "
                            + lmmReference.get().describe());
        }
        if (imatReference.isPresent()) {
            return Optional.of("imat_percent: " + imatReference.get().describe());
        }
        return lmmReference.map(r -> "lmm_index: " + r.describe());
    }
}
