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
    /** A listener that ignores everything. */
    AssociationListener NONE = new AssociationListener() {};

    /** @param association the association just accepted */
    default void associationOpened(AssociationInfo association) {}

    /**
     * @param association the association that ended
     * @param reason "released", "aborted" or "transport closed"
     */
    default void associationClosed(AssociationInfo association, String reason) {}

    /**
     * A-ASSOCIATE-RJ sent.
     *
     * @param callingAeTitle as the peer sent it (not validated)
     * @param calledAeTitle as the peer sent it
     * @param result 1 permanent, 2 transient
     * @param source 1 service user, 2 provider (ACSE), 3 provider (presentation)
     * @param reason per PS3.8 Table 9-21
     */
    default void associationRejected(String callingAeTitle, String calledAeTitle, int result, int source, int reason) {}

    /**
     * The association ended in A-ABORT or A-P-ABORT, sent or received; {@code associationClosed} follows.
     *
     * @param association the association
     * @param reason human-readable cause
     */
    default void associationAborted(AssociationInfo association, String reason) {}

    /** @param request the C-STORE-RQ whose dataset is about to be streamed to the handler */
    default void storeStarted(StoreRequest request) {}

    /**
     * @param request the C-STORE-RQ
     * @param response the status sent back
     * @param bytesReceived dataset bytes received for this instance
     */
    default void storeFinished(StoreRequest request, StoreResponse response, long bytesReceived) {}

    /**
     * A C-STORE whose association ended (abort, lost connection) before its dataset was complete: no response
     * was sent and the instance is lost to the sender, who must send it again. Follows {@link #storeStarted};
     * {@link #storeFinished} is not called for it.
     *
     * @param request the C-STORE-RQ
     * @param bytesReceived dataset bytes received before the association ended
     * @param reason how the association ended
     */
    default void storeLost(StoreRequest request, long bytesReceived, String reason) {}
}
