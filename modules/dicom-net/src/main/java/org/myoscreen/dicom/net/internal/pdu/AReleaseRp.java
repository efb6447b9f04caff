package org.myoscreen.dicom.net.internal.pdu;

/** A-RELEASE-RP PDU (PS3.8 9.3.7). */
public record AReleaseRp() implements Pdu {
    @Override
    public int type() {
        return PduType.A_RELEASE_RP;
    }
}
