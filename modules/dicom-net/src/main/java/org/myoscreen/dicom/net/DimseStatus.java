package org.myoscreen.dicom.net;

/**
 * A DIMSE Status (0000,0900) value (PS3.7 Annex C), with the C-STORE codes of PS3.4 B.2.3 named.
 * Any 16-bit code is representable because peers send codes we do not name.
 */
public record DimseStatus(int code) {
    /** 0000: Success. */
    public static final DimseStatus SUCCESS = new DimseStatus(0x0000);
    /** B000: Warning, coercion of data elements (PS3.4 B.2.3). */
    public static final DimseStatus WARNING_COERCION = new DimseStatus(0xB000);
    /** B006: Warning, elements discarded. */
    public static final DimseStatus WARNING_ELEMENTS_DISCARDED = new DimseStatus(0xB006);
    /** B007: Warning, data set does not match SOP class. */
    public static final DimseStatus WARNING_DATASET_DOES_NOT_MATCH_SOP_CLASS = new DimseStatus(0xB007);
    /** 0122: Refused, SOP class not supported. */
    public static final DimseStatus REFUSED_SOP_CLASS_NOT_SUPPORTED = new DimseStatus(0x0122);
    /** 0110: Failure, processing failure. */
    public static final DimseStatus PROCESSING_FAILURE = new DimseStatus(0x0110);
    /** 0211: Failure, unrecognized operation. */
    public static final DimseStatus UNRECOGNIZED_OPERATION = new DimseStatus(0x0211);
    /** A700: Refused, out of resources. */
    public static final DimseStatus OUT_OF_RESOURCES = new DimseStatus(0xA700);
    /** A900: Error, data set does not match SOP class. */
    public static final DimseStatus ERROR_DATASET_DOES_NOT_MATCH_SOP_CLASS = new DimseStatus(0xA900);
    /** C000: Error, cannot understand. */
    public static final DimseStatus ERROR_CANNOT_UNDERSTAND = new DimseStatus(0xC000);

    /** PS3.7 C.1 status classes. */
    public enum Category {
        /** 0000. */
        SUCCESS,
        /** 0001, 0107, 0116, Bxxx. */
        WARNING,
        /** Everything else: Axxx, Cxxx, 01xx, 02xx. */
        FAILURE,
        /** FE00. */
        CANCEL,
        /** FF00, FF01. */
        PENDING
    }

    public DimseStatus {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("DIMSE status out of range: " + code);
        }
    }

    /**
     * @param code the 16-bit status code
     * @return the status
     */
    public static DimseStatus of(int code) {
        return new DimseStatus(code);
    }

    /**
     * @return the class of this status per PS3.7 Annex C
     */
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

    /** @return true for 0000 only */
    public boolean isSuccess() {
        return code == 0;
    }

    /** @return four upper-case hex digits, e.g. "A700" */
    public String hex() {
        return String.format("%04X", code);
    }

    @Override
    public String toString() {
        return hex() + " (" + category() + ")";
    }
}
