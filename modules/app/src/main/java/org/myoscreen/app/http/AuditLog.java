package org.myoscreen.app.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of access to patient data through the HTTP side: one line per access to a study's page,
 * result or image, appended to {@code DATA_DIR/audit.log} ({@code time=... user=... remote=... action=...
 * study=...}) and logged through SLF4J as {@code event=audit}. Thread-safe (appends are serialised).
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final Clock clock;

    /**
     * @param file the log file (created on first use)
     * @param clock the time source
     */
    public AuditLog(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Records one access.
     *
     * @param user who (as authenticated)
     * @param remote the client's address
     * @param action what was read (e.g. {@code study}, {@code image})
     * @param studyInstanceUid which study
     * @throws UncheckedIOException when the line cannot be written (the access is then refused)
     */
    public synchronized void studyAccessed(String user, String remote, String action, String studyInstanceUid) {
        String line = "time=" + clock.instant() + " user=\"" + user.replace("\"", "'") + "\" remote=" + remote
                + " action=" + action + " study=" + studyInstanceUid + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
        LOG.info(
                "event=audit user=\"{}\" remote={} action={} study={}",
                user.replace("\"", "'"),
                remote,
                action,
                studyInstanceUid);
    }
}
