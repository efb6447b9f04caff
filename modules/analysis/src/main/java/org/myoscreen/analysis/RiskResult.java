package org.myoscreen.analysis;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One risk marker evaluated for a patient.
 *
 * @param id marker id
 * @param outcome outcome
 * @param flag the flag
 * @param predictorZ the z-score read, when there was one
 * @param effect effect as published
 * @param wording report text for the flag
 * @param source citation
 */
public record RiskResult(
        String id,
        String outcome,
        RiskFlag flag,
        OptionalDouble predictorZ,
        String effect,
        String wording,
        String source) {

    /** Validates non-null values. */
    public RiskResult {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outcome, "outcome is null");
        Objects.requireNonNull(flag, "flag is null");
        Objects.requireNonNull(predictorZ, "predictorZ is null");
        Objects.requireNonNull(effect, "effect is null");
        Objects.requireNonNull(wording, "wording is null");
        Objects.requireNonNull(source, "source is null");
    }
}
