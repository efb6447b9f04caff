package org.myoscreen.app.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code myoscreen run} (or {@code node}, {@code worker}: {@link #launch}) as a separate JVM, started from
 * the test class path. Its stdout and stderr (merged) are copied line by line to {@code node-N.log} (or
 * {@code NAME.log}) in the working folder by one reader thread,
 * and {@link #awaitLine} blocks until a line matches (woken by that thread, no polling).
 *
 * <p>Not thread-safe except {@link #awaitLine}, which any thread may call.
 */
final class NodeProcess implements AutoCloseable {
    static final String AE_TITLE = "MYOSCREEN";
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    /** Starts copying the output of {@code process} and waits for the line that says it started. */
    private NodeProcess(Process process, Path log, Predicate<String> started, Duration timeout) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::copyOutput, "node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        awaitLine(started, timeout);
    }

    /**
     * Starts {@code run --port <free> --http-port 0 --data-dir dataDir --ae-title MYOSCREEN} plus
     * {@code extraArgs} (which may give their own {@code --http-port}) with {@code workDir} as working
     * folder, and waits for its "listening on" line. Without {@code --worker.threads} among {@code extraArgs} the node runs intake only
     * ({@code --worker.threads 0}: no model is loaded and jobs stay in {@code queue/pending}, where the
     * intake tests look for them); with it, the JVM gets room for the model's work.
     */
    static NodeProcess start(Path workDir, Path dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "run", "--port", String.valueOf(freePort()), "--data-dir", dataDir.toString(), "--ae-title", AE_TITLE));
        if (!List.of(extraArgs).contains("--http-port")) {
            args.addAll(List.of("--http-port", "0"));
        }
        boolean worker = List.of(extraArgs).contains("--worker.threads");
        if (!worker) {
            args.addAll(List.of("--worker.threads", "0"));
        }
        args.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(workDir);
            return started(
                    workDir,
                    uniqueLog(workDir),
                    worker ? "-Xmx1g" : "-Xmx256m",
                    args,
                    l -> LISTENING.matcher(l).find(),
                    START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code myoscreen args} (e.g. {@code node} or {@code worker} with their options) with {@code workDir}
     * as working folder and output in {@code NAME.log}, and waits for its start-up line ({@code myoscreen CMD:}).
     */
    static NodeProcess launch(Path workDir, String name, String heap, List<String> args) {
        try {
            Files.createDirectories(workDir);
            return started(
                    workDir,
                    Files.createFile(workDir.resolve(name + ".log")),
                    heap,
                    args,
                    l -> l.startsWith("myoscreen " + args.get(0) + ":"),
                    Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NodeProcess started(
            Path workDir, Path log, String heap, List<String> args, Predicate<String> started, Duration timeout)
            throws IOException {
        Process p = builder(workDir, args, heap).redirectErrorStream(true).start();
        try {
            return new NodeProcess(p, log, started, timeout);
        } catch (RuntimeException | AssertionError e) {
            p.destroyForcibly(); // never leave a process behind that did not come up
            throw e;
        }
    }

    /** The outcome of a command that is expected to end by itself. */
    record Exit(int code, String stdout, String stderr) {}

    /** Runs {@code myoscreen args} to its end (at most 60 s) with stdout and stderr kept apart. */
    static Exit runToExit(Path workDir, String... args) {
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            Process p = builder(workDir, List.of(args), "-Xmx256m")
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("myoscreen " + String.join(" ", args) + " did not end in 60 s");
            }
            return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static ProcessBuilder builder(Path workDir, List<String> args, String heap) {
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                heap,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                testClassPath(),
                "org.myoscreen.app.Main"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MYOSCREEN_"));
        pb.environment().put("MYOSCREEN_LOG_LEVEL", "INFO");
        return pb;
    }

    /** The class path of the tests: surefire's forked JVM runs from a manifest-only jar. */
    static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A TCP port that was free a moment ago (bound to port 0, then released). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path uniqueLog(Path workDir) throws IOException {
        for (int i = 1; ; i++) {
            Path p = workDir.resolve("node-" + i + ".log");
            if (!Files.exists(p)) {
                return Files.createFile(p);
            }
        }
    }

    private void copyOutput() {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; waiters see the end below
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /**
     * Waits for the first output line (since start) that matches, at most {@code timeout} (a hang
     * detector, not a timing assertion).
     *
     * @throws AssertionError when the output ends or the time runs out first
     */
    String awaitLine(Predicate<String> match, Duration timeout) {
        return awaitLines(match, 1, timeout).get(0);
    }

    /**
     * Waits until {@code count} output lines (since start) match, at most {@code timeout}; returns
     * the first {@code count} of them.
     *
     * @throws AssertionError when the output ends or the time runs out first
     */
    List<String> awaitLines(Predicate<String> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> found = new ArrayList<>();
        int seen = 0;
        synchronized (this) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        found.add(lines.get(seen));
                        if (found.size() == count) {
                            return found;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError((ended ? "node output ended" : "timed out after " + timeout)
                            + " with " + found.size() + " of " + count + " expected lines; log " + log + ":\n"
                            + String.join("\n", lines));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Lines matching so far. */
    synchronized List<String> linesMatching(Predicate<String> match) {
        return lines.stream().filter(match).toList();
    }

    /** The DICOM port from the "listening on" line. */
    int port() {
        Matcher m = LISTENING.matcher(
                linesMatching(l -> LISTENING.matcher(l).find()).get(0));
        m.find();
        return Integer.parseInt(m.group(1));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL ({@link Process#destroyForcibly}) and wait until the JVM is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + process.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
