package org.myoscreen.app.command;

import org.myoscreen.app.cli.UsageException;
import org.myoscreen.pipeline.delivery.Destination;

/** Peers given on the command line as {@code AE@HOST:PORT}. */
final class Peers {
    private Peers() {}

    static Destination parse(String command, String text) {
        try {
            return Destination.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }
}
