package org.myoscreen.pipeline.delivery;

/**
 * A delivery attempt that failed for every file of its batch, outside DIMSE: e.g. a STOW-RS request that
 * could not be sent or was answered with an HTTP error. Unchecked; the message names the destination and
 * the server's reason. {@link #retriable()} says whether the outbox tries again later (connection
 * failures, timeouts, HTTP 408, 429 and 5xx) or fails the deliveries at once (any other 4xx).
 */
public final class DeliveryException extends RuntimeException {
    private final boolean retriable;

    /**
     * @param message names the destination and the reason (never a credential)
     * @param retriable whether trying again later may succeed
     * @param cause the underlying failure, or null
     */
    public DeliveryException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** @return whether trying again later may succeed */
    public boolean retriable() {
        return retriable;
    }
}
