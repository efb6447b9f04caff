package org.myoscreen.dicom.net;

/**
 * The acceptor answered A-ASSOCIATE-RJ (PS3.8 7.1.1.9): result 1 permanent / 2 transient, source
 * 1 service-user / 2 provider (ACSE) / 3 provider (presentation), reason per PS3.8 Table 9-21.
 * Retriable when the rejection is transient.
 */
public final class AssociationRejectedException extends DicomNetException {
    private final int result;
    private final int source;
    private final int reason;

    public AssociationRejectedException(String message, int result, int source, int reason) {
        super(
                message + " (A-ASSOCIATE-RJ result=" + result + " source=" + source + " reason=" + reason + ")",
                result == 2);
        this.result = result;
        this.source = source;
        this.reason = reason;
    }

    public int result() {
        return result;
    }

    public int source() {
        return source;
    }

    public int reason() {
        return reason;
    }
}
