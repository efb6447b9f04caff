package org.myoscreen.dicom.net.internal.pdu;

/**
 * A-ASSOCIATE-RJ PDU (PS3.8 9.3.4).
 *
 * @param result 1 rejected-permanent, 2 rejected-transient
 * @param source 1 service-user, 2 service-provider (ACSE related), 3 service-provider (presentation related)
 * @param reason meaning depends on source (PS3.8 Table 9-21)
 */
public record AAssociateRj(int result, int source, int reason) implements Pdu {
    public static final int RESULT_PERMANENT = 1;
    public static final int RESULT_TRANSIENT = 2;
    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;
    /** Source 1: no-reason-given. */
    public static final int REASON_NO_REASON_GIVEN = 1;
    /** Source 1: application-context-name-not-supported. */
    public static final int REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2;
    /** Source 1: calling-AE-title-not-recognized. */
    public static final int REASON_CALLING_AE_TITLE_NOT_RECOGNIZED = 3;
    /** Source 1: called-AE-title-not-recognized. */
    public static final int REASON_CALLED_AE_TITLE_NOT_RECOGNIZED = 7;
    /** Source 2: protocol-version-not-supported. */
    public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    /** Source 3: temporary-congestion. */
    public static final int REASON_TEMPORARY_CONGESTION = 1;
    /** Source 3: local-limit-exceeded. */
    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

    public AAssociateRj {
        if ((result | source | reason) < 0 || result > 255 || source > 255 || reason > 255) {
            throw new IllegalArgumentException("A-ASSOCIATE-RJ field out of range");
        }
    }

    @Override
    public int type() {
        return PduType.A_ASSOCIATE_RJ;
    }
}
