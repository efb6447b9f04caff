package org.myoscreen.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, as the admin page's real browser: {@link #dumpDom} returns the DOM
 * after the page's scripts ran (their fetches included), {@link #screenshot} writes what a 1366×768 screen
 * shows. Each call is its own browser process with its own profile folder.
 */
final class Chromium {
    /** Virtual time the page gets to load and render (fetches, images); not a wall-clock wait. */
    private static final String BUDGET_MS = "8000";

    private final Path workDir;
    private int runs;

    Chromium(Path workDir) {
        this.workDir = workDir;
    }

    String dumpDom(String url) {
        return new String(run(List.of("--dump-dom", url)), StandardCharsets.UTF_8);
    }

    void screenshot(String url, Path png) {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars", url));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot " + png);
        }
    }

    private byte[] run(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--window-size=1366,768",
                "--user-data-dir=" + workDir.resolve("chromium-profile-" + (++runs)),
                "--virtual-time-budget=" + BUDGET_MS));
        cmd.addAll(args);
        try {
            Path err = workDir.resolve("chromium-" + runs + ".log");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exit " + p.exitValue() + ": " + Files.readString(err));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
