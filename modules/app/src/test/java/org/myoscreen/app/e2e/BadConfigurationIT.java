package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code myoscreen run} in its own JVM refuses configuration it cannot use: exit code 2 and exactly
 * one line on stderr, naming the key, before anything listens.
 */
class BadConfigurationIT {
    @TempDir
    Path work;

    @Test
    void portOutOfRangeOnTheCommandLineExitsTwoNamingPort() {
        NodeProcess.Exit exit = NodeProcess.runToExit(
                work,
                "run",
                "--port",
                "70000",
                "--http-port",
                "0",
                "--data-dir",
                work.resolve("data").toString());

        assertOneLineNaming(exit, "configuration: port (from flag --port)");
        assertThat(exit.stderr()).contains("70000");
    }

    @Test
    void unknownKeyInTheConfigFileExitsTwoNamingTheKey() throws IOException {
        Path config = Files.writeString(
                work.resolve("myoscreen.yml"), "ae-title: MYOSCREEN\nspool:\n  min-free-disk: 1GiB\n  colour: blue\n");

        NodeProcess.Exit exit = NodeProcess.runToExit(
                work,
                "run",
                "--config",
                config.toString(),
                "--port",
                String.valueOf(NodeProcess.freePort()),
                "--http-port",
                "0",
                "--data-dir",
                work.resolve("data").toString());

        assertOneLineNaming(exit, "configuration: spool.colour (from " + config);
        assertThat(exit.stderr()).contains("unknown key");
    }

    @Test
    void badRoutingRuleExitsTwoNamingTheRuleEntry() throws IOException {
        Path config = Files.writeString(work.resolve("myoscreen.yml"), """
        rules:
          - id: dixon
            match:
              modality: MR
              orientation: diagonal
        """);

        NodeProcess.Exit exit = NodeProcess.runToExit(
                work,
                "run",
                "--config",
                config.toString(),
                "--port",
                String.valueOf(NodeProcess.freePort()),
                "--http-port",
                "0",
                "--data-dir",
                work.resolve("data").toString());

        assertOneLineNaming(exit, "configuration: rules[0].match.orientation (from " + config);
        assertThat(exit.stderr()).contains("diagonal");
    }

    private static void assertOneLineNaming(NodeProcess.Exit exit, String prefix) {
        assertThat(exit.code()).as(exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr().lines().toList()).as(exit.stderr()).hasSize(1);
        assertThat(exit.stderr()).startsWith("myoscreen " + prefix);
        assertThat(exit.stderr()).doesNotContain("listening on");
    }
}
