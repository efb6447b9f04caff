package org.myoscreen.app.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;

/**
 * Runs the DCMTK command-line tools ({@code storescu}, {@code echoscu}, {@code storescp} from {@code /usr/bin}
 * or the PATH) as separate processes. Thread-safe: every call has its own process and output file.
 */
final class Dcmtk {
    /** Hang detector for one tool run, not a timing expectation. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Dcmtk() {}

    /** A finished tool run: exit code and stdout + stderr interleaved. */
    record Result(int exitCode, String output) {}

    /**
     * {@code storescu -aet callingAe -aec calledAe +sd +r +sp *.dcm extraOptions 127.0.0.1 port paths}:
     * sends every .dcm file under the folders (or the files) given, over one association.
     */
    static Result storescu(
            Path workDir, String callingAe, String calledAe, int port, List<String> extraOptions, Path... paths) {
        return run(workDir, storescuCommand(callingAe, calledAe, port, extraOptions, paths));
    }

    static List<String> storescuCommand(
            String callingAe, String calledAe, int port, List<String> extraOptions, Path... paths) {
        List<String> cmd =
                new ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", calledAe, "+sd", "+r", "+sp", "*.dcm"));
        cmd.addAll(extraOptions);
        cmd.add("127.0.0.1");
        cmd.add(String.valueOf(port));
        for (Path p : paths) {
            cmd.add(p.toString());
        }
        return cmd;
    }

    /** {@code echoscu -v -aet callingAe -aec calledAe 127.0.0.1 port}. */
    static Result echoscu(Path workDir, String callingAe, String calledAe, int port) {
        return run(
                workDir,
                List.of("echoscu", "-v", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", String.valueOf(port)));
    }

    /**
     * Runs {@code command} (any tool: DCMTK, openssl, keytool) with stdin from /dev/null to its end;
     * fails the test if it hangs past {@link #TIMEOUT}.
     */
    static Result run(Path workDir, List<String> command) {
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, command.get(0), ".out");
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(
                        String.join(" ", command) + " hung for " + TIMEOUT + ":\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code storescp} as AE {@code PACS} on {@code port}, writing each received instance to its own file
     * ({@code -uf}) in {@code received}, so a duplicate shows; its output goes to {@code workDir/storescp.log}.
     * Returns once it accepts connections; the caller stops the process.
     */
    static Process storescp(Path workDir, int port, Path received) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "storescp", "-aet", "PACS", "-uf", "-od", received.toString(), String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("storescp.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(50); // storescp has no readiness signal other than its port
            }
        }
        p.destroyForcibly();
        throw new AssertionError("storescp did not listen on port " + port);
    }

    /** The data sets (up to the pixel data) of the files {@link #storescp} wrote, in file name order. */
    static List<Attributes> received(Path received) throws IOException {
        List<Attributes> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(received)) {
            for (Path f : files.sorted().toList()) {
                out.add(Part10Reader.readUntilPixelData(f).dataset());
            }
        }
        return out;
    }
}
