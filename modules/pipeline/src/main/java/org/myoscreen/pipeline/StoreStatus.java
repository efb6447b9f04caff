package org.myoscreen.pipeline;

/**
 * The outcome of storing one instance, with the C-STORE response status it maps to (PS3.4 B.2.3, PS3.7 C).
 */
public enum StoreStatus {
    /** Stored and durable. 0000. */
    STORED(0x0000),
    /** The SOP Instance UID was already in the spool; the first copy was kept. 0000 (a WARN log line). */
    DUPLICATE_KEPT(0x0000),
    /** The SOP Instance UID was already in the spool; the new copy replaced it. 0000 (a WARN log line). */
    DUPLICATE_REPLACED(0x0000),
    /** Disk below the watermark or a write error; nothing was kept. A700 Refused: Out of Resources. */
    OUT_OF_RESOURCES(0xA700),
    /** The dataset's SOP Class UID is not the Affected SOP Class UID. A900 Error: Data Set does not match SOP Class. */
    DATASET_DOES_NOT_MATCH_SOP_CLASS(0xA900),
    /** The dataset cannot be parsed or lacks / has invalid identifying UIDs. C000 Error: Cannot understand. */
    CANNOT_UNDERSTAND(0xC000);

    private final int dimseStatus;

    StoreStatus(int dimseStatus) {
        this.dimseStatus = dimseStatus;
    }

    /**
     * The DIMSE status code of the C-STORE response.
     *
     * @return the status code
     */
    public int dimseStatus() {
        return dimseStatus;
    }

    /**
     * True for the statuses answered as Success.
     *
     * @return true for 0000
     */
    public boolean isSuccess() {
        return dimseStatus == 0;
    }
}
