package org.myoscreen.dicom;

import java.util.Objects;

/**
 * A transfer syntax (PS3.5 section 10): how a dataset is encoded.
 *
 * <p>Immutable value. The four native syntaxes are constants; every other UID is taken to be an
 * encapsulated (compressed) syntax with Explicit VR Little Endian encoding of the dataset (PS3.5 section 10 and annex A.4).
 *
 * @param uid the transfer syntax UID
 * @param explicitVr true when VRs are encoded (PS3.5 section 7.1.2)
 * @param bigEndian true for the retired Explicit VR Big Endian
 * @param deflated true when the dataset is deflated (PS3.5 annex A.5)
 * @param encapsulated true when Pixel Data is encapsulated as fragments (PS3.5 annex A.4)
 */
public record TransferSyntax(
        String uid, boolean explicitVr, boolean bigEndian, boolean deflated, boolean encapsulated) {

    /** Implicit VR Little Endian, the DICOM default (PS3.5 annex A.1). */
    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", false, false, false, false);
    /** Explicit VR Little Endian (PS3.5 annex A.2). */
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", true, false, false, false);
    /** Deflated Explicit VR Little Endian (PS3.5 annex A.5). */
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", true, false, true, false);
    /** Explicit VR Big Endian, retired (PS3.5 annex A.3). */
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", true, true, false, false);

    /**
     * Validates the components.
     *
     * @param uid the UID
     * @param explicitVr whether VRs are encoded
     * @param bigEndian whether big endian
     * @param deflated whether deflated
     * @param encapsulated whether pixel data is encapsulated
     */
    public TransferSyntax {
        Objects.requireNonNull(uid, "uid is null");
    }

    /**
     * Returns the transfer syntax of a UID.
     *
     * @param uid a transfer syntax UID; trailing NUL and spaces are ignored
     * @return one of the constants, or an encapsulated Explicit VR Little Endian syntax for any other UID
     */
    public static TransferSyntax of(String uid) {
        String trimmed = uid.strip().replace("\0", "");
        switch (trimmed) {
            case "1.2.840.10008.1.2":
                return IMPLICIT_VR_LITTLE_ENDIAN;
            case "1.2.840.10008.1.2.1":
                return EXPLICIT_VR_LITTLE_ENDIAN;
            case "1.2.840.10008.1.2.1.99":
                return DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
            case "1.2.840.10008.1.2.2":
                return EXPLICIT_VR_BIG_ENDIAN;
            default:
                return new TransferSyntax(trimmed, true, false, false, true);
        }
    }
}
