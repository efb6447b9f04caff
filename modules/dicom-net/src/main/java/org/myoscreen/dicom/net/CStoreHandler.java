package org.myoscreen.dicom.net;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives each C-STORE (PS3.4 Annex B, PS3.7 9.1.1) on an acceptor and decides its status.
 *
 * <p>Called on the association's reader thread, one instance at a time per association (window
 * of 1), concurrently across associations. {@code dataset} is the bare dataset in the negotiated
 * transfer syntax, streamed from the incoming P-DATA PDVs as they arrive (nothing is buffered
 * whole); it ends at the last data fragment. Bytes the handler does not read are discarded. The
 * handler must not close the association's resources; closing {@code dataset} is allowed.
 *
 * <p>An exception from the handler is answered with a failure status (A700 for an
 * {@link IOException}, C000 otherwise) and the exception's message as Error Comment; the
 * association stays usable unless the stream itself failed.
 *
 * <p>Work that must follow the C-STORE but need not delay its answer goes in the response's
 * {@link StoreResponse#afterSent}: the association runs it once the response is sent (or could not be), before it
 * reads the next message, while the peer is already sending its next request.
 */
@FunctionalInterface
public interface CStoreHandler {
    StoreResponse onCStore(StoreRequest request, InputStream dataset) throws IOException;
}
