package org.myoscreen.dicom.net.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the DCMTK command-line tools installed in /usr/bin as real peers for the tests. */
public final class Dcmtk {
    private Dcmtk() {}

    /** Exit code and combined stdout/stderr of a finished tool. */
    public record Result(int exitCode, String output) {}

    /** Runs a tool to completion (killed after {@code timeout}, which fails the test). */
    public static Result run(Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile("dcmtk", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("hung: " + String.join(" ", command));
            }
            String out = Files.readString(log, StandardCharsets.ISO_8859_1);
            Files.delete(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A DCMTK storescp on a free port writing into {@code dir}; TCP_NODELAY=1 as DCMTK recommends. */
    public static final class StoreScp implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path log;

        public StoreScp(Path dir, String aeTitle, String... options) throws IOException {
            this.port = freePort();
            this.log = Files.createTempFile("storescp", ".log");
            List<String> cmd = new ArrayList<>(List.of("storescp", "-aet", aeTitle, "-od", dir.toString()));
            cmd.addAll(Arrays.asList(options));
            cmd.add(Integer.toString(port));
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("TCP_NODELAY", "1");
            this.process = pb.start();
            awaitListening(port, Duration.ofSeconds(20));
        }

        public int port() {
            return port;
        }

        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(log);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for an external process to listen; bounded, fails the test on expiry. */
    public static void awaitListening(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50); // an external process gives no readiness signal
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(ie);
                }
            }
        }
        throw new AssertionError("nothing listening on port " + port + " after " + timeout);
    }
}
