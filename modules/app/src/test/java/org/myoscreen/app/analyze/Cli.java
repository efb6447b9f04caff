package org.myoscreen.app.analyze;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.myoscreen.app.MainAccess;
import org.myoscreen.app.command.CommandContext;

/**
 * Runs {@code myoscreen} in-process as MainTest does (a {@link CommandContext} with captured
 * streams), through the test helper {@link MainAccess}.
 */
final class Cli {

    private final Path workingDirectory;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Cli(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    int run(String... args) {
        out.reset();
        err.reset();
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                workingDirectory);
        return new MainAccess().run(List.of(args), context);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
