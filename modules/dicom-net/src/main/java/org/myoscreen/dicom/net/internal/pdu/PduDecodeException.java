package org.myoscreen.dicom.net.internal.pdu;

/**
 * A received PDU is malformed, unknown or longer than allowed (PS3.8 Evt19). Carries the A-ABORT
 * reason to send and the offset within the PDU where decoding failed.
 */
public final class PduDecodeException extends RuntimeException {
    private final int abortReason;
    private final long offset;

    public PduDecodeException(String message, int abortReason, long offset) {
        super(message + " (offset " + offset + ")");
        this.abortReason = abortReason;
        this.offset = offset;
    }

    public int abortReason() {
        return abortReason;
    }

    public long offset() {
        return offset;
    }
}
