package org.myoscreen.app.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the DCMTK command-line tools ({@code storescu}, {@code echoscu} from {@code /usr/bin} or the
 * PATH) as separate processes. Thread-safe: every call has its own process and output file.
 */
final class Dcmtk {
  /** Hang detector for one tool run, not a timing expectation. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Dcmtk() {
  }

  /** A finished tool run: exit code and stdout + stderr interleaved. */
  record Result(int exitCode, String output) {
  }

  /**
   * {@code storescu -aet callingAe -aec calledAe +sd +r +sp *.dcm extraOptions 127.0.0.1 port paths}:
   * sends every .dcm file under the folders (or the files) given, over one association.
   */
  static Result storescu(Path workDir, String callingAe, String calledAe, int port,
      List<String> extraOptions, Path... paths) {
    return run(workDir, storescuCommand(callingAe, calledAe, port, extraOptions, paths));
  }

  static List<String> storescuCommand(String callingAe, String calledAe, int port,
      List<String> extraOptions, Path... paths) {
    List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", calledAe,
        "+sd", "+r", "+sp", "*.dcm"));
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
    return run(workDir, List.of("echoscu", "-v", "-aet", callingAe, "-aec", calledAe, "127.0.0.1",
        String.valueOf(port)));
  }

  /**
   * Runs {@code command} (any tool: DCMTK, openssl, keytool) with stdin from /dev/null to its end;
   * fails the test if it hangs past {@link #TIMEOUT}.
   */
  static Result run(Path workDir, List<String> command) {
    try {
      Files.createDirectories(workDir);
      Path out = Files.createTempFile(workDir, command.get(0), ".out");
      Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " hung for " + TIMEOUT + ":\n"
            + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
