package org.myoscreen.dicom.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Who is on an association: its id (unique within this process, for logs), both AE titles, the
 * peer's address, whether it runs over TLS, and the negotiated maximum P-DATA length the peer
 * accepts (bytes, 0 = unlimited). Immutable.
 */
public record AssociationInfo(
        String associationId,
        AeTitle callingAeTitle,
        AeTitle calledAeTitle,
        InetSocketAddress remoteAddress,
        boolean tls,
        long peerMaxPduLength) {
    public AssociationInfo {
        Objects.requireNonNull(associationId, "associationId is null");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle is null");
        Objects.requireNonNull(remoteAddress, "remoteAddress is null");
    }
}
