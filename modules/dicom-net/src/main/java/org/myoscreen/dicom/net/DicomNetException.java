package org.myoscreen.dicom.net;

/**
 * An association-level failure (transport error, timeout, abort, protocol violation). Unchecked;
 * the message names the association and the peer. {@link #retriable()} says whether trying again
 * later may succeed (transport problems, transient rejections).
 */
public class DicomNetException extends RuntimeException {
    private final boolean retriable;

    /**
     * @param message names the association and peer
     * @param retriable whether trying again later may succeed
     * @param cause the underlying failure, or null
     */
    public DicomNetException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * @param message names the association and peer
     * @param retriable whether trying again later may succeed
     */
    public DicomNetException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    /** @return whether trying again later may succeed */
    public boolean retriable() {
        return retriable;
    }
}
