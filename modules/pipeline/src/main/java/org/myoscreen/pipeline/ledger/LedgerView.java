package org.myoscreen.pipeline.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * Read-only queries over the {@link Ledger}'s database for people (the admin page): recent series, jobs
 * and open associations. It opens its own read-only connection, so it never holds the ledger's lock and
 * never writes; in WAL mode it reads the last committed state while intake goes on.
 *
 * <p>Thread-safe: every method is synchronized on the one connection. Failures are
 * {@link Ledger.LedgerException}s.
 */
public final class LedgerView implements AutoCloseable {
    private final Connection connection;
    private final Path file;

    /**
     * A series as the ledger records it.
     *
     * @param rule the routing rule that matched it; empty while open or unmatched
     * @param completion why it was complete (quiet period, instance count...); empty while open
     */
    public record SeriesRow(
            String seriesInstanceUid,
            String studyInstanceUid,
            String modality,
            String description,
            String callingAeTitle,
            Ledger.SeriesState state,
            Optional<String> rule,
            Optional<String> completion,
            int instances,
            Instant firstArrival,
            Instant lastArrival) {}

    /**
     * A job as the ledger records it.
     *
     * @param detail why it ended as it did (QC reasons, failure), "" when nothing to say
     */
    public record JobRow(
            String jobKey,
            String studyInstanceUid,
            String groupingKey,
            int version,
            String rule,
            String model,
            JobState state,
            int series,
            int files,
            Instant createdAt,
            Instant updatedAt,
            String detail) {}

    /**
     * Opens the ledger file read-only.
     *
     * @param file the ledger database (as the node's {@link Ledger} created it)
     * @throws Ledger.LedgerException when it cannot be opened
     */
    public LedgerView(Path file) {
        this.file = Objects.requireNonNull(file, "file is null");
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new Ledger.LedgerException("cannot open ledger " + file + " to read: " + e.getMessage(), e);
        }
    }

    /**
     * The most recently started series, newest first.
     *
     * @param limit at most this many
     * @return the rows
     */
    public synchronized List<SeriesRow> recentSeries(int limit) {
        return list(
                "recent_series",
                "SELECT series_instance_uid, study_instance_uid, modality, series_description,"
                        + " calling_ae, state, rule, completion, instances, first_arrival, last_arrival FROM series"
                        + " ORDER BY first_arrival DESC LIMIT ?",
                limit,
                rs -> new SeriesRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        Ledger.SeriesState.valueOf(rs.getString(6)),
                        Optional.ofNullable(rs.getString(7)),
                        Optional.ofNullable(rs.getString(8)),
                        rs.getInt(9),
                        Instant.parse(rs.getString(10)),
                        Instant.parse(rs.getString(11))));
    }

    /**
     * The most recently created jobs, newest first.
     *
     * @param limit at most this many
     * @return the rows
     */
    public synchronized List<JobRow> recentJobs(int limit) {
        return list(
                "recent_jobs",
                "SELECT job_key, study_instance_uid, grouping_key, version, rule, model, state,"
                        + " series, files, created_at, updated_at, detail FROM jobs ORDER BY created_at DESC LIMIT ?",
                limit,
                rs -> new JobRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        JobState.valueOf(rs.getString(7)),
                        rs.getInt(8),
                        rs.getInt(9),
                        Instant.parse(rs.getString(10)),
                        Instant.parse(rs.getString(11)),
                        rs.getString(12)));
    }

    /**
     * Associations recorded as open that opened at or after {@code since} (rows of an earlier process that
     * died stay open in the ledger; the caller passes its own start).
     *
     * @param since the earliest opening time to list
     * @return the rows, oldest first
     */
    public synchronized List<Ledger.AssociationRecord> openAssociations(Instant since) {
        return list(
                "open_associations",
                "SELECT id, calling_ae, called_ae, remote_address, state, instances_stored,"
                        + " failures, bytes, opened_at, closed_at FROM associations WHERE closed_at IS NULL"
                        + " AND opened_at >= ? ORDER BY opened_at",
                since.toString(),
                rs -> new Ledger.AssociationRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Ledger.AssociationState.valueOf(rs.getString(5)),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getLong(8),
                        Instant.parse(rs.getString(9)),
                        Optional.ofNullable(rs.getString(10)).map(Instant::parse)));
    }

    /**
     * The spooled file of one instance of a study (for its patient and study header), if the ledger has one.
     *
     * @param studyInstanceUid the study
     * @return the path as the spool recorded it
     */
    public synchronized Optional<Path> anyInstancePath(String studyInstanceUid) {
        List<Path> paths = list(
                "instance_path",
                "SELECT path FROM instances WHERE study_instance_uid = ? LIMIT 1",
                studyInstanceUid,
                rs -> Path.of(rs.getString(1)));
        return paths.stream().findFirst();
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> list(String what, String sql, Object parameter, RowMapper<T> mapper) {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setObject(1, parameter);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new Ledger.LedgerException("ledger " + file + ": query " + what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new Ledger.LedgerException("cannot close ledger " + file + ": " + e.getMessage(), e);
        }
    }
}
