package org.myoscreen.dicom.net.internal.ul;

import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;

/**
 * Service primitives the Upper Layer issues to its user (PS3.8 section 7), named after the
 * standard's primitives. Distinct from the wire PDUs that caused them.
 */
public sealed interface Primitive {

    /** A-ASSOCIATE indication (AE-6): the peer requests an association. */
    record AAssociateIndication(AAssociateRq request) implements Primitive {}

    /** A-ASSOCIATE confirmation, accept (AE-3). */
    record AAssociateConfirmationAccept(AAssociateAc accept) implements Primitive {}

    /** A-ASSOCIATE confirmation, reject (AE-4). */
    record AAssociateConfirmationReject(AAssociateRj reject) implements Primitive {}

    /** P-DATA indication (DT-2, AR-6). The PDVs are valid until the next PDU is read. */
    record PDataIndication(PDataTf data) implements Primitive {}

    /** A-RELEASE indication (AR-2, AR-8). */
    record AReleaseIndication() implements Primitive {}

    /** A-RELEASE confirmation (AR-3, AR-10). */
    record AReleaseConfirmation() implements Primitive {}

    /** A-ABORT indication: the peer sent an A-ABORT PDU (AA-3). */
    record AAbortIndication(AAbort abort) implements Primitive {}

    /** A-P-ABORT indication: the provider ended the association (AA-4, AA-8). */
    record APAbortIndication(String reason) implements Primitive {}

    /** Nothing for the user (AA-6 ignored a PDU, AA-7 answered one with A-ABORT). */
    record Nothing() implements Primitive {}

    /** The transport connection is closed; the state machine is back in Sta1. */
    record TransportClosed() implements Primitive {}
}
