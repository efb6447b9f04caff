package org.myoscreen.app.analyze;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Progress lines on standard error: {@code analyze: STUDY STAGE DETAIL (N.N s)}, the time being
 * that of the stage. Not thread-safe: one study at a time.
 */
final class Progress {

  private final PrintStream err;
  private long start = System.nanoTime();

  Progress(PrintStream err) {
    this.err = Objects.requireNonNull(err, "err is null");
  }

  /** Starts timing a stage. */
  void begin() {
    start = System.nanoTime();
  }

  /** Prints the end of a stage and starts the next. */
  void done(String study, String stage, String detail) {
    double s = (System.nanoTime() - start) / 1e9;
    err.printf(Locale.ROOT, "analyze: %s %s %s (%.1f s)%n", study, stage, detail, s);
    begin();
  }

  /** Prints a line without timing. */
  void note(String line) {
    err.println("analyze: " + line);
  }
}
