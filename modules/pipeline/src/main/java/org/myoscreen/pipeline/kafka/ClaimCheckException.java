package org.myoscreen.pipeline.kafka;

/** A claim check could not be redeemed: the file is absent, unreadable or not the one that was published. */
public final class ClaimCheckException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the file
     */
    public ClaimCheckException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the file
     * @param cause the underlying failure
     */
    public ClaimCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
