package org.myoscreen.analysis;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the DICOM header says about the patient; each value may be missing.
 *
 * @param sex Patient's Sex (M or F; other values: empty)
 * @param ageYears Patient's Age in years
 * @param weightKg Patient's Weight in kg
 * @param heightM Patient's Size in m
 */
public record PatientFacts(Optional<Sex> sex, OptionalInt ageYears, OptionalDouble weightKg, OptionalDouble heightM) {

    /** Validates non-null values and positive weight and height. */
    public PatientFacts {
        Objects.requireNonNull(sex, "sex is null");
        Objects.requireNonNull(ageYears, "ageYears is null");
        Objects.requireNonNull(weightKg, "weightKg is null");
        Objects.requireNonNull(heightM, "heightM is null");
        if (weightKg.isPresent() && !(weightKg.getAsDouble() > 0)) {
            throw new IllegalArgumentException("weight must be positive: " + weightKg.getAsDouble());
        }
        if (heightM.isPresent() && !(heightM.getAsDouble() > 0)) {
            throw new IllegalArgumentException("height must be positive: " + heightM.getAsDouble());
        }
        if (ageYears.isPresent() && ageYears.getAsInt() < 0) {
            throw new IllegalArgumentException("age must not be negative: " + ageYears.getAsInt());
        }
    }

    /** Nothing known. */
    public static PatientFacts unknown() {
        return new PatientFacts(Optional.empty(), OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** All four values known. */
    public static PatientFacts of(Sex sex, int ageYears, double weightKg, double heightM) {
        return new PatientFacts(
                Optional.of(sex), OptionalInt.of(ageYears), OptionalDouble.of(weightKg), OptionalDouble.of(heightM));
    }

    /** Body mass index in kg/m², when weight and height are known. */
    public OptionalDouble bmi() {
        return weightKg.isPresent() && heightM.isPresent()
                ? OptionalDouble.of(weightKg.getAsDouble() / (heightM.getAsDouble() * heightM.getAsDouble()))
                : OptionalDouble.empty();
    }
}
