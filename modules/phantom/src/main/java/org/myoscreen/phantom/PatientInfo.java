package org.myoscreen.phantom;

import java.util.Objects;

/**
 * The phantom patient as written to the DICOM Patient and Patient Study modules.
 *
 * @param sex Patient's Sex
 * @param ageYears Patient's Age in years
 * @param weightKg Patient's Weight in kg
 * @param heightM Patient's Size in m
 */
public record PatientInfo(Sex sex, int ageYears, double weightKg, double heightM) {

    /** Validates positive values. */
    public PatientInfo {
        Objects.requireNonNull(sex, "sex is null");
        if (ageYears < 0 || weightKg <= 0 || heightM <= 0) {
            throw new IllegalArgumentException(
                    "bad patient: age " + ageYears + " weight " + weightKg + " height " + heightM);
        }
    }

    /** Body mass index in kg/m². */
    public double bmi() {
        return weightKg / (heightM * heightM);
    }
}
