package org.myoscreen.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External checkers used by the tests: dciodvfy, dsrdump, pydicom (Debian's python3), dcmjs (Node.js). */
final class Tools {

    /** The system Python that has pydicom (Debian package python3-pydicom). */
    static final String PYTHON = "/usr/bin/python3";

    private Tools() {}

    /** Output and exit status of a process. */
    record Result(int exitCode, String output) {}

    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timeout: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** dciodvfy's output lines, and those that are errors. */
    record Verification(List<String> errors, List<String> warnings, String output) {}

    static Verification dciodvfy(Path file) {
        Result r = run(List.of("dciodvfy", file.toString()));
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            } else if (line.startsWith("Warning")) {
                warnings.add(line);
            }
        }
        return new Verification(errors, warnings, r.output());
    }

    /** Runs a Python script from the test resources with arguments. */
    static Result python(String script, Path dir, String... args) {
        Path copy = dir.resolve(script);
        try (InputStream in = Tools.class.getResourceAsStream("/python/" + script)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, copy.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /**
     * Runs {@code tools/dcmjs/decode.js} (dcmjs, the OHIF viewer's parser) with Node.js. Fails, not skips,
     * when the npm project is not installed: {@code bin/install-test-tools} installs it.
     */
    static Result dcmjs(String... args) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("tools/dcmjs/decode.js"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "tools/dcmjs/decode.js not found above " + Path.of("").toAbsolutePath());
        }
        Path tool = p.resolve("tools/dcmjs");
        if (!Files.isDirectory(tool.resolve("node_modules/dcmjs"))) {
            throw new IllegalStateException(
                    tool.resolve("node_modules/dcmjs") + " missing: run bin/install-test-tools");
        }
        List<String> command =
                new ArrayList<>(List.of("node", tool.resolve("decode.js").toString()));
        command.addAll(List.of(args));
        return run(command);
    }
}
