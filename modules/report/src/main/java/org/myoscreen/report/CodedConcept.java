package org.myoscreen.report;

import java.util.Objects;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.VR;

/**
 * A coded concept: Code Value, Coding Scheme Designator and Code Meaning (PS3.3 Table 8.8-1, Code
 * Sequence Macro). Immutable; validated at creation.
 *
 * @param value Code Value (0008,0100), at most 16 characters
 * @param scheme Coding Scheme Designator (0008,0102), for example {@code SCT}, {@code DCM}, {@code UCUM}
 * @param meaning Code Meaning (0008,0104), at most 64 characters
 */
public record CodedConcept(String value, String scheme, String meaning) {

    /** Validates that all parts are present and fit their VRs (SH, SH, LO). */
    public CodedConcept {
        Objects.requireNonNull(value, "value is null");
        Objects.requireNonNull(scheme, "scheme is null");
        Objects.requireNonNull(meaning, "meaning is null");
        if (value.isEmpty() || value.length() > 16) {
            throw new IllegalArgumentException("code value must have 1 to 16 characters: " + value);
        }
        if (scheme.isEmpty() || scheme.length() > 16) {
            throw new IllegalArgumentException("coding scheme designator must have 1 to 16 characters: " + scheme);
        }
        if (meaning.isEmpty() || meaning.length() > 64) {
            throw new IllegalArgumentException("code meaning must have 1 to 64 characters: " + meaning);
        }
    }

    /** A new sequence item holding this code (Code Value, Coding Scheme Designator, Code Meaning). */
    public Attributes toItem() {
        Attributes item = new Attributes();
        item.setString(Tag.CodeValue, VR.SH, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
        return item;
    }

    /** Adds this code as the single item of sequence {@code tag} in {@code target}, returning the item. */
    public Attributes addTo(Attributes target, int tag) {
        Attributes item = toItem();
        target.newSequence(tag).add(item);
        return item;
    }

    /** True when scheme and value match (the meaning is informative only, PS3.16 section 7). */
    public boolean sameCode(CodedConcept other) {
        return value.equals(other.value) && scheme.equals(other.scheme);
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
