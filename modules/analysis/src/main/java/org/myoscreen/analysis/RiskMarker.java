package org.myoscreen.analysis;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One published association, from {@code conf/risk-models.yml}.
 *
 * @param id stable identifier
 * @param outcome the outcome (for example {@code "hypertension"})
 * @param predictor which z-score it reads
 * @param effect the effect as published (for example {@code "OR 1.67 ..."}); never an absolute risk
 * @param appliesTo the sexes the publication found the association in
 * @param elevated when the flag is elevated
 * @param low when the flag is low
 * @param wording report text per flag (elevated, typical, low, not-applicable)
 * @param source citation
 */
public record RiskMarker(
        String id,
        String outcome,
        Predictor predictor,
        String effect,
        Set<Sex> appliesTo,
        Rule elevated,
        Rule low,
        Map<RiskFlag, String> wording,
        String source) {

    /** The z-score a marker reads. */
    public enum Predictor {
        /** z of IMAT %. */
        IMAT_Z,
        /** z of the LMM index. */
        LMM_Z
    }

    /**
     * A threshold on the predictor z-score.
     *
     * @param atLeast true: z ≥ {@code z}; false: z ≤ {@code z}
     * @param z the threshold
     */
    public record Rule(boolean atLeast, double z) {
        /** True when {@code value} meets this rule. */
        public boolean test(double value) {
            return atLeast ? value >= z : value <= z;
        }

        /** For example {@code "z >= 1.0"}. */
        @Override
        public String toString() {
            return "z " + (atLeast ? ">=" : "<=") + " " + z;
        }
    }

    /** Validates and copies; the wording must cover every flag. */
    public RiskMarker {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outcome, "outcome is null");
        Objects.requireNonNull(predictor, "predictor is null");
        Objects.requireNonNull(effect, "effect is null");
        appliesTo = Set.copyOf(appliesTo);
        Objects.requireNonNull(elevated, "elevated is null");
        Objects.requireNonNull(low, "low is null");
        wording = Map.copyOf(wording);
        Objects.requireNonNull(source, "source is null");
        for (RiskFlag f : RiskFlag.values()) {
            if (!wording.containsKey(f)) {
                throw new IllegalArgumentException("risk marker " + id + " has no wording for " + f.json());
            }
        }
    }

    /** The flag for predictor z-score {@code z}. */
    public RiskFlag flag(double z) {
        if (elevated.test(z)) {
            return RiskFlag.ELEVATED;
        }
        return low.test(z) ? RiskFlag.LOW : RiskFlag.TYPICAL;
    }
}
