package org.myoscreen.dicom;

/**
 * Base of the unchecked exceptions of the DICOM layer: an encoding or decoding that cannot be done,
 * or a value that does not fit its VR. The message carries the context (file, tag, value).
 *
 * <p>Category: a data error, not retriable by repeating the same operation on the same input.
 */
public class DicomException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, with its context
     */
    public DicomException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong, with its context
     * @param cause the underlying failure, e.g. an {@link java.io.IOException}
     */
    public DicomException(String message, Throwable cause) {
        super(message, cause);
    }
}
