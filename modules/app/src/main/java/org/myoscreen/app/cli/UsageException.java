package org.myoscreen.app.cli;

/**
 * Bad usage or bad configuration: the launcher prints the message as one line on stderr and
 * exits with code 2. The message names the option or configuration key and what is wrong.
 */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
