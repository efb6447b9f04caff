package org.myoscreen.dicom.net;

/**
 * Observes associations of an acceptor. Event order per association: {@code associationOpened}
 * then any number of {@code storeStarted}/{@code storeFinished} pairs, then exactly one
 * {@code associationClosed}; {@code associationAborted} may precede {@code associationClosed}.
 * A request that never becomes an association produces only {@code associationRejected}.
 *
 * <p>Called on the association's thread; implementations must be fast, thread-safe and must not
 * throw (an exception is logged and ignored). All methods default to doing nothing.
 */
public interface AssociationListener {
    AssociationListener NONE = new AssociationListener() {
    };

    default void associationOpened(AssociationInfo association) {
    }

    /**
     * @param reason "released", "aborted" or "transport closed"
     */
    default void associationClosed(AssociationInfo association, String reason) {
    }

    /** A-ASSOCIATE-RJ sent (PS3.8 Table 9-21 codes); {@code callingAeTitle} as the peer sent it. */
    default void associationRejected(String callingAeTitle, String calledAeTitle, int result, int source,
            int reason) {
    }

    /** The association ended in A-ABORT or A-P-ABORT, sent or received. */
    default void associationAborted(AssociationInfo association, String reason) {
    }

    default void storeStarted(StoreRequest request) {
    }

    /** @param bytesReceived dataset bytes received for this instance */
    default void storeFinished(StoreRequest request, StoreResponse response, long bytesReceived) {
    }
}
