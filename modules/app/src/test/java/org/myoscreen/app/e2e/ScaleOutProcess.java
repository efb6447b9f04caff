package org.myoscreen.app.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code myoscreen node} or {@code myoscreen worker} in its own JVM from the test class path, its merged
 * output copied to {@code NAME.log}; {@link #awaitLines} waits for output lines (woken by the reader thread).
 */
final class ScaleOutProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private ScaleOutProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::copyOutput, "output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code myoscreen args} in {@code workDir} and waits for its start-up line ({@code myoscreen CMD:}). */
  static ScaleOutProcess start(Path workDir, String name, String heap, List<String> args) {
    try {
      Files.createDirectories(workDir);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", NodeProcess.testClassPath(), "org.myoscreen.app.Main"));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("MYOSCREEN_"));
      pb.environment().put("MYOSCREEN_LOG_LEVEL", "INFO");
      ScaleOutProcess p = new ScaleOutProcess(pb.start(), Files.createFile(workDir.resolve(name + ".log")));
      try {
        p.awaitLines(l -> l.startsWith("myoscreen " + args.get(0) + ":"), 1, Duration.ofSeconds(90));
      } catch (AssertionError e) {
        p.kill();
        throw e;
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void copyOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line + "\n");
        out.flush();
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the process went away
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Waits (a hang detector, not a timing assertion) until {@code count} lines match; returns them. */
  List<String> awaitLines(Predicate<String> match, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        List<String> found = lines.stream().filter(match).limit(count).toList();
        if (found.size() == count) {
          return found;
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          throw new AssertionError((ended ? "output ended" : "timed out after " + timeout) + " with "
              + found.size() + " of " + count + " expected lines; log " + log);
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

  synchronized List<String> linesMatching(Predicate<String> match) {
    return lines.stream().filter(match).toList();
  }

  /** SIGKILL and wait until the JVM is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
