package org.myoscreen.dicom.net.internal.pdu;

import java.util.List;
import java.util.Objects;

/** A-ASSOCIATE-RQ PDU (PS3.8 9.3.2). AE titles are trimmed of their space padding. */
public record AAssociateRq(
        int protocolVersion,
        String calledAeTitle,
        String callingAeTitle,
        String applicationContextName,
        List<PresentationContextRq> presentationContexts,
        UserInformation userInformation)
        implements Pdu {

    public AAssociateRq {
        Objects.requireNonNull(calledAeTitle, "calledAeTitle is null");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        Objects.requireNonNull(applicationContextName, "applicationContextName is null");
        Objects.requireNonNull(userInformation, "userInformation is null");
        presentationContexts = List.copyOf(presentationContexts);
    }

    @Override
    public int type() {
        return PduType.A_ASSOCIATE_RQ;
    }
}
