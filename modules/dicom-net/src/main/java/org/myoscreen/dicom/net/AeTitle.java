package org.myoscreen.dicom.net;

/**
 * A DICOM Application Entity title (PS3.5 Table 6.2-1, VR AE): 1 to 16 characters of the default
 * character repertoire without backslash or control characters; leading and trailing spaces are
 * not significant and are removed. Immutable.
 *
 *
 * <p>The constructor throws {@link IllegalArgumentException} when the value is not a valid AE title.
 */
public record AeTitle(String value) {
    public AeTitle {
        if (value == null) {
            throw new IllegalArgumentException("AE title is null");
        }
        String stripped = value.strip();
        if (stripped.isEmpty() || stripped.length() > 16) {
            throw new IllegalArgumentException("AE title must be 1-16 significant characters: \"" + value + "\"");
        }
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException("AE title contains an illegal character: \"" + value + "\"");
            }
        }
        value = stripped;
    }

    /**
     * @param value 1 to 16 significant characters
     * @return the AE title, trimmed
     */
    public static AeTitle of(String value) {
        return new AeTitle(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
