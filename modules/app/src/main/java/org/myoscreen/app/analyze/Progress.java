package org.myoscreen.app.analyze;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Progress lines of a study's stages: {@code analyze: STUDY STAGE DETAIL (N.N s)}, the time being
 * that of the stage, on standard error for {@code analyze} (and {@code segment}, with its own
 * prefix) or to any line sink (the node logs them). Not thread-safe: one study at a time per
 * instance.
 */
public final class Progress {

    private final Consumer<String> sink;
    private final String prefix;
    private long start = System.nanoTime();

    /**
     * Progress lines to a stream.
     *
     * @param err the stream, usually standard error
     */
    public Progress(PrintStream err) {
        this(err, "analyze");
    }

    /**
     * Progress lines to a stream, each starting with {@code command: }.
     *
     * @param err the stream, usually standard error
     * @param command the command that prints them, e.g. {@code segment}
     */
    public Progress(PrintStream err, String command) {
        Objects.requireNonNull(err, "err is null");
        this.sink = err::println;
        this.prefix = Objects.requireNonNull(command, "command is null") + ": ";
    }

    /**
     * Progress lines to a sink, one call per line (without the line end).
     *
     * @param sink receives each line
     */
    public Progress(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink is null");
        this.prefix = "analyze: ";
    }

    /** Starts timing a stage. */
    public void begin() {
        start = System.nanoTime();
    }

    /** Prints the end of a stage and starts the next. */
    void done(String study, String stage, String detail) {
        double s = (System.nanoTime() - start) / 1e9;
        sink.accept(String.format(Locale.ROOT, "%s%s %s %s (%.1f s)", prefix, study, stage, detail, s));
        begin();
    }

    /** Prints a line without timing. */
    void note(String line) {
        sink.accept(prefix + line);
    }
}
