package org.myoscreen.phantom;

/** Patient sex as DICOM Patient's Sex (0010,0040) writes it: M or F. */
public enum Sex {
    /** Male. */
    M,
    /** Female. */
    F;

    /**
     * Parses {@code --sex}: M or F, any case.
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public static Sex parse(String value) {
        return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "M" -> M;
            case "F" -> F;
            default -> throw new IllegalArgumentException("sex: expected M or F, got '" + value + "'");
        };
    }
}
