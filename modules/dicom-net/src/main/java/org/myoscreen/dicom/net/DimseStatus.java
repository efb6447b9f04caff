package org.myoscreen.dicom.net;

/**
 * A DIMSE Status (0000,0900) value (PS3.7 Annex C), with the C-STORE codes of PS3.4 B.2.3 named.
 * Any 16-bit code is representable because peers send codes we do not name.
 */
public record DimseStatus(int code) {
    public static final DimseStatus SUCCESS = new DimseStatus(0x0000);
    public static final DimseStatus WARNING_COERCION = new DimseStatus(0xB000);
    public static final DimseStatus WARNING_ELEMENTS_DISCARDED = new DimseStatus(0xB006);
    public static final DimseStatus WARNING_DATASET_DOES_NOT_MATCH_SOP_CLASS = new DimseStatus(0xB007);
    public static final DimseStatus REFUSED_SOP_CLASS_NOT_SUPPORTED = new DimseStatus(0x0122);
    public static final DimseStatus PROCESSING_FAILURE = new DimseStatus(0x0110);
    public static final DimseStatus UNRECOGNIZED_OPERATION = new DimseStatus(0x0211);
    public static final DimseStatus OUT_OF_RESOURCES = new DimseStatus(0xA700);
    public static final DimseStatus ERROR_DATASET_DOES_NOT_MATCH_SOP_CLASS = new DimseStatus(0xA900);
    public static final DimseStatus ERROR_CANNOT_UNDERSTAND = new DimseStatus(0xC000);

    /** PS3.7 C.1 status classes. */
    public enum Category { SUCCESS, WARNING, FAILURE, CANCEL, PENDING }

    public DimseStatus {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("DIMSE status out of range: " + code);
        }
    }

    public static DimseStatus of(int code) {
        return new DimseStatus(code);
    }

    /** The class of this status per PS3.7 Annex C. */
    public Category category() {
        if (code == 0x0000) {
            return Category.SUCCESS;
        }
        if (code == 0x0001 || code == 0x0107 || code == 0x0116 || (code & 0xF000) == 0xB000) {
            return Category.WARNING;
        }
        if (code == 0xFE00) {
            return Category.CANCEL;
        }
        if (code == 0xFF00 || code == 0xFF01) {
            return Category.PENDING;
        }
        return Category.FAILURE;
    }

    public boolean isSuccess() {
        return code == 0;
    }

    /** Four hex digits, e.g. "A700". */
    public String hex() {
        return String.format("%04X", code);
    }

    @Override
    public String toString() {
        return hex() + " (" + category() + ")";
    }
}
