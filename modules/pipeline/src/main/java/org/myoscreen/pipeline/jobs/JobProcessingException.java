package org.myoscreen.pipeline.jobs;

/**
 * A job could not be processed. {@link #retriable()} tells the {@link Worker} whether running the same job again
 * can help (a transient resource problem) or not (an input file missing or changed, an unreadable study): a
 * non-retriable job is failed for good at once.
 */
public final class JobProcessingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    /**
     * @param message what failed, naming the job and the file or step
     * @param retriable whether running the job again can help
     * @param cause the underlying failure, or null
     */
    public JobProcessingException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * @param message what failed, naming the job and the file or step
     * @param retriable whether running the job again can help
     */
    public JobProcessingException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    /**
     * Whether running the job again can help.
     *
     * @return true when a retry may succeed
     */
    public boolean retriable() {
        return retriable;
    }
}
