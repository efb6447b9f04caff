package org.myoscreen.dicom.net.internal.pdu;

import java.util.List;
import java.util.Objects;

/**
 * A-ASSOCIATE-AC PDU (PS3.8 9.3.3). The called/calling AE fields echo the request's and are not
 * tested on receipt.
 */
public record AAssociateAc(
        int protocolVersion,
        String calledAeTitle,
        String callingAeTitle,
        String applicationContextName,
        List<PresentationContextAc> presentationContexts,
        UserInformation userInformation)
        implements Pdu {

    public AAssociateAc {
        Objects.requireNonNull(calledAeTitle, "calledAeTitle is null");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        Objects.requireNonNull(applicationContextName, "applicationContextName is null");
        Objects.requireNonNull(userInformation, "userInformation is null");
        presentationContexts = List.copyOf(presentationContexts);
    }

    @Override
    public int type() {
        return PduType.A_ASSOCIATE_AC;
    }
}
