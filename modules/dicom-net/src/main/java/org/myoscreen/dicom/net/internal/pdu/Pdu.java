package org.myoscreen.dicom.net.internal.pdu;

/**
 * A PS3.8 section 9.3 protocol data unit as it travels on the wire. Service primitives (what the
 * Upper Layer hands to its user) are separate types; these are the bytes' structure only.
 */
public sealed interface Pdu permits AAssociateRq, AAssociateAc, AAssociateRj, PDataTf, AReleaseRq, AReleaseRp, AAbort {

    /** The PDU-type byte (PS3.8 Table 9-11 and following). */
    int type();
}
