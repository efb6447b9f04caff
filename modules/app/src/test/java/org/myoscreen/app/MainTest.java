package org.myoscreen.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.command.CommandContext;
import org.myoscreen.app.command.Commands;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                dir);
        return new Main(Commands.all()).run(List.of(args), context);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        assertThat(run("--help")).isZero();
        Commands.all().forEach(c -> assertThat(stdout()).contains(c.name() + " " + c.arguments()));
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(stdout()).contains("usage: myoscreen COMMAND");
    }

    @Test
    void unknownCommandIsUsageErrorOnOneLine() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(stderr()).startsWith("myoscreen: unknown command 'frobnicate'");
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    @Test
    void commandHelpDescribesEveryOption() {
        assertThat(run("dump", "--help")).isZero();
        assertThat(stdout()).contains("usage: myoscreen dump [OPTIONS] FILE").contains("--help");
    }

    @Test
    void workerHelpNamesKafkaMaxAttemptsAsItsOneRetryLimit() {
        assertThat(run("worker", "--help")).isZero();
        String help = stdout().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("retried kafka-max-attempts times")
                .contains("worker uses kafka-max-attempts instead");
    }

    @Test
    void unknownOptionIsUsageError() {
        assertThat(run("dump", "--colour", "x.dcm")).isEqualTo(2);
        assertThat(stderr()).contains("unknown option --colour");
    }

    @Test
    void dumpOfMissingFileIsUsageErrorNamingTheFile() {
        assertThat(run("dump", "missing.dcm")).isEqualTo(2);
        assertThat(stderr()).contains("no such file").contains("missing.dcm");
    }
}
