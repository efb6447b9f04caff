package org.myoscreen.phantom;

import java.util.Optional;

/**
 * Vertebral levels the phantom models, from T1 down to S1, and their codes in the level map
 * ({@code levels.nii.gz}): a vertebral body of level L has value {@link #bodyCode()} (1 for T1 ...
 * 17 for L5, 18 for S1); the intervertebral disc just below it has {@link #discBelowCode()}
 * (101 for T1/T2 ... 117 for L5/S1); everything else 0.
 */
public enum VertebralLevel {
    /** First thoracic vertebra. */
    T1,
    /** Second thoracic vertebra. */
    T2,
    /** Third thoracic vertebra. */
    T3,
    /** Fourth thoracic vertebra. */
    T4,
    /** Fifth thoracic vertebra. */
    T5,
    /** Sixth thoracic vertebra. */
    T6,
    /** Seventh thoracic vertebra. */
    T7,
    /** Eighth thoracic vertebra. */
    T8,
    /** Ninth thoracic vertebra. */
    T9,
    /** Tenth thoracic vertebra. */
    T10,
    /** Eleventh thoracic vertebra. */
    T11,
    /** Twelfth thoracic vertebra. */
    T12,
    /** First lumbar vertebra. */
    L1,
    /** Second lumbar vertebra. */
    L2,
    /** Third lumbar vertebra. */
    L3,
    /** Fourth lumbar vertebra. */
    L4,
    /** Fifth lumbar vertebra. */
    L5,
    /** First sacral segment. */
    S1;

    /** Level map value of this vertebral body. */
    public int bodyCode() {
        return ordinal() + 1;
    }

    /** Level map value of the disc below this vertebra (S1 has none modelled: -1). */
    public int discBelowCode() {
        return this == S1 ? -1 : 101 + ordinal();
    }

    /** True for the lumbar vertebrae L1..L5. */
    public boolean isLumbar() {
        return ordinal() >= L1.ordinal() && ordinal() <= L5.ordinal();
    }

    /** The level whose body has level-map value {@code code}. */
    public static Optional<VertebralLevel> ofBodyCode(int code) {
        return code >= 1 && code <= values().length ? Optional.of(values()[code - 1]) : Optional.empty();
    }
}
