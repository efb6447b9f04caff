package org.myoscreen.dicom.net.internal.pdu;

/**
 * A-ABORT PDU (PS3.8 9.3.8).
 *
 * @param source 0 service-user, 2 service-provider
 * @param reason when source is 2: 0 not specified, 1 unrecognized PDU, 2 unexpected PDU,
 *     4 unrecognized PDU parameter, 5 unexpected PDU parameter, 6 invalid PDU parameter value
 */
public record AAbort(int source, int reason) implements Pdu {
    public static final int SOURCE_SERVICE_USER = 0;
    public static final int SOURCE_SERVICE_PROVIDER = 2;
    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int REASON_UNRECOGNIZED_PDU = 1;
    public static final int REASON_UNEXPECTED_PDU = 2;
    public static final int REASON_UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int REASON_UNEXPECTED_PDU_PARAMETER = 5;
    public static final int REASON_INVALID_PDU_PARAMETER_VALUE = 6;

    public AAbort {
        if (source < 0 || source > 255 || reason < 0 || reason > 255) {
            throw new IllegalArgumentException("A-ABORT field out of range");
        }
    }

    @Override
    public int type() {
        return PduType.A_ABORT;
    }
}
