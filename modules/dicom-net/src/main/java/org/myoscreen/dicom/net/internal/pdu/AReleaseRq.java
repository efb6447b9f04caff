package org.myoscreen.dicom.net.internal.pdu;

/** A-RELEASE-RQ PDU (PS3.8 9.3.6). */
public record AReleaseRq() implements Pdu {
    @Override
    public int type() {
        return PduType.A_RELEASE_RQ;
    }
}
