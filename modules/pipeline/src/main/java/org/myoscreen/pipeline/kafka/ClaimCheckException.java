package org.myoscreen.pipeline.kafka;

import org.myoscreen.pipeline.jobs.JobProcessingException;

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

    /**
     * Whether redeeming the claim check again may succeed: true only when the file could not be read (a shared
     * volume's blip), as a {@link JobProcessingException} cause says; an absent or changed
     * file stays so.
     *
     * @return whether a retry may help
     */
    public boolean retriable() {
        for (Throwable c = getCause(); c != null; c = c.getCause()) {
            if (c instanceof JobProcessingException e) {
                return e.retriable();
            }
        }
        return false;
    }
}
