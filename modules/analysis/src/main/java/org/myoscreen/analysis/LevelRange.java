package org.myoscreen.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cranio-caudal extent of the paraspinal compartment that the headline values (LMM, IMAT,
 * IMAT %, LMM index, per side) are summed over: from the lower bound of the {@code caudal}
 * level's slab (centroid of the disc below it) to the upper bound of the {@code cranial} level's
 * slab (centroid of the disc above it), or the whole labelled compartment.
 *
 * @param cranial name of the most cranial level included (e.g. {@code L1}); empty for the whole compartment
 * @param caudal name of the most caudal level included (e.g. {@code L5}); empty for the whole compartment
 */
public record LevelRange(String cranial, String caudal) {

    /** The default: the lumbar spine, L1–L5 (an assumption, see docs/reference-population.md). */
    public static final LevelRange LUMBAR = new LevelRange("L1", "L5");
    /** Everything labelled, whatever the levels. */
    public static final LevelRange WHOLE_COMPARTMENT = new LevelRange("", "");

    /** Both names given or both empty. */
    public LevelRange {
        Objects.requireNonNull(cranial, "cranial is null");
        Objects.requireNonNull(caudal, "caudal is null");
        if (cranial.isEmpty() != caudal.isEmpty()) {
            throw new IllegalArgumentException("level range needs both ends or neither: " + cranial + "-" + caudal);
        }
    }

    /** {@code "L1-L5"} or {@code "whole compartment"}, as written to result.json. */
    public String label() {
        return isWhole() ? "whole compartment" : cranial + "-" + caudal;
    }

    /** True for {@link #WHOLE_COMPARTMENT}. */
    public boolean isWhole() {
        return cranial.isEmpty();
    }

    /** Parses {@code "L1-L5"} or {@code "whole"}. */
    public static LevelRange parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("whole") || t.equalsIgnoreCase("whole compartment")) {
            return WHOLE_COMPARTMENT;
        }
        String[] ends = t.split("-");
        if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank()) {
            throw new IllegalArgumentException("level range must be CRANIAL-CAUDAL (e.g. L1-L5) or whole: " + text);
        }
        return new LevelRange(
                ends[0].trim().toUpperCase(java.util.Locale.ROOT),
                ends[1].trim().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The z interval {lower, upper} (mm, lower inclusive) of this range in {@code levels}, or empty
     * when either end was not identified or the ends are out of order.
     */
    public Optional<double[]> zIntervalMm(LevelAssignment levels) {
        if (isWhole()) {
            return Optional.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
        }
        Optional<VertebralLevel> top = levels.level(cranial);
        Optional<VertebralLevel> bottom = levels.level(caudal);
        if (top.isEmpty()
                || bottom.isEmpty()
                || top.get().centreZMm() < bottom.get().centreZMm()) {
            return Optional.empty();
        }
        return Optional.of(new double[] {bottom.get().lowerBoundZMm(), top.get().upperBoundZMm()});
    }

    /** The ends that {@code levels} lacks (for the QC note). */
    public List<String> missingIn(LevelAssignment levels) {
        return isWhole()
                ? List.of()
                : List.of(cranial, caudal).stream()
                        .filter(n -> levels.level(n).isEmpty())
                        .toList();
    }
}
