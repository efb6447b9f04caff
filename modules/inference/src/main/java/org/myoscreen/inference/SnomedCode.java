package org.myoscreen.inference;

import java.util.Objects;

/**
 * A SNOMED CT concept (coding scheme designator SCT) for a segmented structure.
 *
 * @param code the concept id, digits only
 * @param meaning the code meaning
 */
public record SnomedCode(String code, String meaning) {

    /** Validates a non-empty numeric code and a non-blank meaning. */
    public SnomedCode {
        Objects.requireNonNull(code, "code is null");
        Objects.requireNonNull(meaning, "meaning is null");
        if (!code.matches("[0-9]{6,18}")) {
            throw new IllegalArgumentException("SNOMED CT code must be 6-18 digits: '" + code + "'");
        }
        if (meaning.isBlank()) {
            throw new IllegalArgumentException("SNOMED CT meaning is blank for code " + code);
        }
    }
}
