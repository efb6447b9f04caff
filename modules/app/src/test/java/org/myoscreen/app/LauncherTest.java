package org.myoscreen.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code bin/myoscreen}: the JVM options it picks per command (decisions 0017 and 0025). A
 * {@code java} on the PATH that prints its arguments stands in for the JVM.
 */
class LauncherTest {

    @TempDir
    Path dir;

    private Path launcher;
    private Path jar;

    @BeforeEach
    void fakeJavaAndJar() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("bin/myoscreen"))) {
            root = root.getParent();
        }
        assertThat(root)
                .as("repository root above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        launcher = root.resolve("bin/myoscreen");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.writeString(dir.resolve("other-build.jar"), "not opened: java is a stand-in");
    }

    private record Launched(int exitCode, String stdout, String stderr) {}

    private Launched launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("MYOSCREEN_JAVA_OPTS");
        pb.environment().remove("MYOSCREEN_WORKER_THREADS");
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("MYOSCREEN_JAR", jar.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher ended").isTrue();
        return new Launched(
                p.exitValue(),
                Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8).strip(),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8).strip());
    }

    @Test
    void aProcessThatAnalysesNothingRunsC1Only() throws Exception {
        assertThat(launch(Map.of(), "run", "--worker.threads", "0").stdout())
                .isEqualTo("-Xmx2g -XX:TieredStopAtLevel=1 -jar " + jar + " run --worker.threads 0");
        assertThat(launch(Map.of(), "run", "--port", "104", "--worker.threads=0")
                        .stdout())
                .startsWith("-Xmx2g -XX:TieredStopAtLevel=1 -jar ");
        assertThat(launch(Map.of("MYOSCREEN_WORKER_THREADS", "0"), "run").stdout())
                .startsWith("-Xmx2g -XX:TieredStopAtLevel=1 -jar ");
        assertThat(launch(Map.of(), "node", "--kafka", "localhost:9092").stdout())
                .startsWith("-Xmx2g -XX:TieredStopAtLevel=1 -jar ");
    }

    @Test
    void aProcessThatAnalysesKeepsTieredCompilation() throws Exception {
        assertThat(launch(Map.of(), "run").stdout()).isEqualTo("-Xmx2g -jar " + jar + " run");
        assertThat(launch(Map.of(), "run", "--worker.threads", "2").stdout()).doesNotContain("Tiered");
        assertThat(launch(Map.of(), "worker").stdout()).doesNotContain("Tiered");
        assertThat(launch(Map.of("MYOSCREEN_WORKER_THREADS", "0"), "run", "--worker.threads", "2")
                        .stdout())
                .as("the command line beats the environment, as for every option")
                .doesNotContain("Tiered");
        assertThat(launch(Map.of(), "analyze", "in", "--output", "out").stdout())
                .isEqualTo("-jar " + jar + " analyze in --output out");
    }

    @Test
    void optionsInMyoscreenJavaOptsWinOverTheLaunchers() throws Exception {
        Launched l =
                launch(Map.of("MYOSCREEN_JAVA_OPTS", "-Xmx1g -XX:TieredStopAtLevel=4"), "run", "--worker.threads", "0");

        assertThat(l.stdout()).isEqualTo("-Xmx1g -XX:TieredStopAtLevel=4 -jar " + jar + " run --worker.threads 0");
    }

    @Test
    void aMissingOtherBuildIsABadConfiguration() throws Exception {
        Launched l = launch(Map.of("MYOSCREEN_JAR", dir.resolve("missing.jar").toString()), "run");

        assertThat(l.exitCode()).isEqualTo(2);
        assertThat(l.stderr()).contains("MYOSCREEN_JAR=").contains("is not a file");
    }
}
