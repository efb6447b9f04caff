package org.myoscreen.app.analyze;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.Sex;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;

/**
 * Patient facts from a DICOM header (PS3.3 C.7.1.1 Patient, C.7.2.2 Patient Study): Patient's Sex
 * (M or F; anything else is unknown), Patient's Age (AS: {@code nnnY}; days, weeks and months
 * count as whole years), Patient's Weight (kg) and Patient's Size (m). A missing or unusable value
 * stays empty; the analysis turns it into a QC flag.
 */
public final class HeaderFacts {

    private HeaderFacts() {}

    /** The facts of {@code header}. */
    public static PatientFacts of(Attributes header) {
        return new PatientFacts(
                sex(header.getString(Tag.PatientSex, "")),
                age(header.getString(Tag.PatientAge, "")),
                positive(header, Tag.PatientWeight),
                positive(header, Tag.PatientSize));
    }

    private static Optional<Sex> sex(String s) {
        return switch (s.trim().toUpperCase(Locale.ROOT)) {
            case "M" -> Optional.of(Sex.M);
            case "F" -> Optional.of(Sex.F);
            default -> Optional.empty();
        };
    }

    /** PS3.5 AS: {@code nnnD}, {@code nnnW}, {@code nnnM} or {@code nnnY}. */
    static OptionalInt age(String as) {
        String s = as.trim().toUpperCase(Locale.ROOT);
        if (!s.matches("\\d{1,3}[DWMY]")) {
            return OptionalInt.empty();
        }
        int n = Integer.parseInt(s.substring(0, s.length() - 1));
        return OptionalInt.of(
                switch (s.charAt(s.length() - 1)) {
                    case 'D' -> n / 365;
                    case 'W' -> n / 52;
                    case 'M' -> n / 12;
                    default -> n;
                });
    }

    private static OptionalDouble positive(Attributes h, int tag) {
        OptionalDouble v;
        try {
            v = h.getDouble(tag);
        } catch (RuntimeException e) {
            return OptionalDouble.empty();
        }
        return v.isPresent() && v.getAsDouble() > 0 && Double.isFinite(v.getAsDouble()) ? v : OptionalDouble.empty();
    }
}
