package org.myoscreen.app.command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may use from its surroundings: standard output and error, the environment and
 * the working directory. Passed in, never read from globals, so commands are testable in-process.
 */
public record CommandContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory) {
    public CommandContext {
        Objects.requireNonNull(out, "out is null");
        Objects.requireNonNull(err, "err is null");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory is null");
    }

    /** Resolves a path given on the command line against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }
}
