package org.myoscreen.pipeline.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test support: a real broker started and stopped by {@code deploy/kafka/dev-broker.sh}. */
final class DevBroker implements AutoCloseable {

    private final Path dir;
    private String bootstrap;

    private DevBroker(Path dir) {
        this.dir = dir;
    }

    /** Starts a fresh broker keeping its files in {@code dir}. */
    static DevBroker start(Path dir) throws IOException, InterruptedException {
        DevBroker b = new DevBroker(dir);
        b.bootstrap = b.run("start");
        return b;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Stops the broker and waits until it has exited. */
    void stop() throws IOException, InterruptedException {
        run("stop");
    }

    /** Starts the same broker again (same port, same data). */
    void restart() throws IOException, InterruptedException {
        String again = run("start");
        if (!again.equals(bootstrap)) {
            throw new IllegalStateException("broker came back on " + again + ", was " + bootstrap);
        }
    }

    private String run(String command) throws IOException, InterruptedException {
        Path script = script();
        Path out = Files.createTempFile("dev-broker", ".out");
        Process p = new ProcessBuilder(List.of(script.toString(), command, dir.toString()))
                .redirectErrorStream(false)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        dir.resolveSibling(dir.getFileName() + ".script.log").toFile()))
                .start();
        int rc = p.waitFor();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.delete(out);
        if (rc != 0) {
            throw new IllegalStateException("dev-broker.sh " + command + " " + dir + " exited " + rc + "; see " + dir
                    + ".script.log and " + dir.resolve("broker.log"));
        }
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("deploy/kafka/dev-broker.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new IllegalStateException(
                "deploy/kafka/dev-broker.sh not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
