package org.myoscreen.pipeline.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.assembly.CompletedSeries;
import org.myoscreen.pipeline.assembly.PipelineListener;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.internal.IdleEndingExecutor;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.WorkerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger: an SQLite database (WAL mode) recording associations, instances, series and jobs with their
 * states and timestamps (ISO-8601 UTC text). The schema is created on open and carries a version
 * ({@link #SCHEMA_VERSION}); a database with a newer version is refused.
 *
 * <p>Thread-safe: one connection, used under this object's lock; statements are prepared. Failures are
 * {@link LedgerException}s. The ledger is a record for people, not the source of truth (the spool and the
 * queue are); {@link #asListener()} never lets a ledger failure stop intake.
 *
 * <p>The two rows written for every C-STORE ({@link #instanceStored}, {@link #storeAnswered}) are queued and
 * written by a background thread, all that queued up in one transaction (decision 0024): the association's
 * thread does not wait for SQLite, and concurrent associations share commits. Every other method first writes
 * what is queued, so this object's reads and writes keep the order of the calls; another connection (the admin
 * page's {@link LedgerView}) sees a queued row once its batch is committed, normally within milliseconds. A batch
 * that one row broke is written again row by row, and what still fails is logged at ERROR
 * ({@code event=ledger_write_failed}; see {@link QueuedRows}). {@link #close} writes what is queued before it
 * closes.
 */
public final class Ledger implements AutoCloseable {

    /** Schema version written into {@code schema_version}. */
    public static final int SCHEMA_VERSION = 1;

    /** The association id of instances {@link #recordMissing} found in the spool but not in the ledger. */
    public static final String RECOVERED_ASSOCIATION = "recovered-from-spool";

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    /** Association states. */
    public enum AssociationState {
        /** Established, not yet ended. */
        OPEN,
        /** Ended by A-RELEASE (or the transport closing without an abort). */
        RELEASED,
        /** Ended by A-ABORT or A-P-ABORT. */
        ABORTED
    }

    /** Series states as the ledger records them. */
    public enum SeriesState {
        /** Receiving instances (also after a late instance reopened it). */
        OPEN,
        /** Complete and matched by a routing rule. */
        COMPLETE,
        /** Complete and matched by no rule: kept for the retention time. */
        UNMATCHED,
        /** Its files were removed after the retention time. */
        REMOVED
    }

    /** Unchecked failure of the ledger database, naming the operation. */
    public static final class LedgerException extends RuntimeException {
        LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One association row.
     *
     * @param id association id (from dicom-net)
     * @param callingAeTitle calling AE
     * @param calledAeTitle called AE
     * @param remoteAddress peer address
     * @param state open, released or aborted
     * @param instancesStored instances answered Success (duplicates included)
     * @param failures C-STOREs answered with a failure status
     * @param bytes bytes spooled
     * @param openedAt when it opened
     * @param closedAt when it closed, empty while open
     */
    public record AssociationRecord(
            String id,
            String callingAeTitle,
            String calledAeTitle,
            String remoteAddress,
            AssociationState state,
            int instancesStored,
            int failures,
            long bytes,
            Instant openedAt,
            Optional<Instant> closedAt) {}

    private final Connection connection;
    private final Clock clock;
    /**
     * Distinguishes this process's associations from earlier runs': dicom-net's association ids restart with
     * the process, so rows are keyed by (run, id).
     */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private final PreparedStatement insertAssociation;
    private final PreparedStatement countStore;
    private final PreparedStatement closeAssociation;
    private final PreparedStatement upsertInstance;
    private final PreparedStatement countDuplicate;
    private final PreparedStatement upsertSeriesOpen;
    private final PreparedStatement updateSeries;
    private final PreparedStatement setSeriesState;
    private final PreparedStatement insertJob;
    private final PreparedStatement setJobState;
    private final PreparedStatement setInstancePath;

    /** The per-C-STORE rows not yet written (decision 0024). */
    private final QueuedRows rows;

    /**
     * Opens (creating when needed) the ledger database file.
     *
     * @param file the database file (created when missing)
     * @param clock the time source of the timestamps
     * @throws LedgerException when the database cannot be opened or has a newer schema
     */
    public Ledger(Path file, Clock clock) {
        this(file, clock, IdleEndingExecutor.named("ledger-writer"));
    }

    /** For tests: {@code writer} runs the background rounds that write queued rows (or never runs them). */
    Ledger(Path file, Clock clock, Executor writer) {
        Objects.requireNonNull(file, "file is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.rows = new QueuedRows(this, this::inTransaction, writer);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Properties options = new Properties();
            // nothing here reads generated keys; left on, the driver runs "SELECT last_insert_rowid()" after
            // every INSERT, which was a sixth of the ledger writer's CPU (issue 14)
            options.setProperty("jdbc.get_generated_keys", "false");
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), options);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=5000");
                createSchema(st, file);
            }
            insertAssociation = connection.prepareStatement("INSERT OR REPLACE INTO associations(run, id, calling_ae,"
                    + " called_ae, remote_address, state, instances_stored, failures, bytes, opened_at)"
                    + " VALUES ('" + run + "',?,?,?,?,'OPEN',0,0,0,?)");
            countStore = connection.prepareStatement("UPDATE associations SET instances_stored = instances_stored + ?,"
                    + " failures = failures + ?, bytes = bytes + ? WHERE run = '" + run + "' AND id = ?");
            closeAssociation = connection.prepareStatement(
                    "UPDATE associations SET state = ?, closed_at = ?" + " WHERE run = '" + run + "' AND id = ?");
            upsertInstance = connection.prepareStatement("INSERT INTO instances(sop_instance_uid, series_instance_uid,"
                    + " study_instance_uid, sop_class_uid, run, association_id, path, size_bytes, sha256, received_at, duplicates)"
                    + " VALUES (?,?,?,?,'" + run + "',?,?,?,?,?,0) ON CONFLICT(sop_instance_uid) DO UPDATE SET"
                    + " duplicates = duplicates + 1, size_bytes = excluded.size_bytes, sha256 = excluded.sha256,"
                    + " received_at = excluded.received_at");
            countDuplicate = connection.prepareStatement(
                    "UPDATE instances SET duplicates = duplicates + 1" + " WHERE sop_instance_uid = ?");
            upsertSeriesOpen = connection.prepareStatement(
                    "INSERT INTO series(series_instance_uid, study_instance_uid,"
                            + " modality, series_description, calling_ae, state, instances, first_arrival, last_arrival, updated_at)"
                            + " VALUES (?,?,?,?,?,'OPEN',1,?,?,?) ON CONFLICT(series_instance_uid) DO UPDATE SET state = 'OPEN',"
                            + " instances = instances + ?, last_arrival = excluded.last_arrival, updated_at = excluded.updated_at");
            updateSeries = connection.prepareStatement("UPDATE series SET state = ?, rule = ?, completion = ?,"
                    + " instances = ?, updated_at = ? WHERE series_instance_uid = ?");
            setSeriesState = connection.prepareStatement(
                    "UPDATE series SET state = ?, updated_at = ?" + " WHERE series_instance_uid = ?");
            insertJob = connection.prepareStatement("INSERT OR IGNORE INTO jobs(job_key, study_instance_uid,"
                    + " grouping_key, version, rule, model, state, series, files, bytes, created_at, updated_at, detail)"
                    + " VALUES (?,?,?,?,?,?,'QUEUED',?,?,?,?,?,'')");
            setJobState = connection.prepareStatement(
                    "UPDATE jobs SET state = ?, detail = ?, updated_at = ?" + " WHERE job_key = ?");
            setInstancePath = connection.prepareStatement("UPDATE instances SET path = ? WHERE sop_instance_uid = ?");
        } catch (SQLException | java.io.IOException e) {
            throw new LedgerException("cannot open ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createSchema(Statement st, Path file) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
        try (ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
            int existing = rs.next() ? rs.getInt(1) : 0;
            if (existing > SCHEMA_VERSION) {
                throw new SQLException("ledger " + file + " has schema version " + existing + ", newer than "
                        + SCHEMA_VERSION + " of this program");
            }
            if (existing == SCHEMA_VERSION) {
                return;
            }
        }
        st.execute(
                "CREATE TABLE IF NOT EXISTS associations(run TEXT NOT NULL, id TEXT NOT NULL, calling_ae TEXT NOT NULL,"
                        + " called_ae TEXT NOT NULL, remote_address TEXT NOT NULL, state TEXT NOT NULL,"
                        + " instances_stored INTEGER NOT NULL, failures INTEGER NOT NULL, bytes INTEGER NOT NULL,"
                        + " opened_at TEXT NOT NULL, closed_at TEXT, PRIMARY KEY (run, id))");
        st.execute("CREATE TABLE IF NOT EXISTS instances(sop_instance_uid TEXT PRIMARY KEY,"
                + " series_instance_uid TEXT NOT NULL, study_instance_uid TEXT NOT NULL, sop_class_uid TEXT NOT NULL,"
                + " run TEXT NOT NULL, association_id TEXT NOT NULL, path TEXT NOT NULL, size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,"
                + " received_at TEXT NOT NULL, duplicates INTEGER NOT NULL)");
        st.execute("CREATE INDEX IF NOT EXISTS instances_series ON instances(series_instance_uid)");
        st.execute("CREATE TABLE IF NOT EXISTS series(series_instance_uid TEXT PRIMARY KEY,"
                + " study_instance_uid TEXT NOT NULL, modality TEXT NOT NULL, series_description TEXT NOT NULL,"
                + " calling_ae TEXT NOT NULL, state TEXT NOT NULL, rule TEXT, completion TEXT, instances INTEGER NOT NULL,"
                + " first_arrival TEXT NOT NULL, last_arrival TEXT NOT NULL, updated_at TEXT NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS jobs(job_key TEXT PRIMARY KEY, study_instance_uid TEXT NOT NULL,"
                + " grouping_key TEXT NOT NULL, version INTEGER NOT NULL, rule TEXT NOT NULL, model TEXT NOT NULL,"
                + " state TEXT NOT NULL, series INTEGER NOT NULL, files INTEGER NOT NULL, bytes INTEGER NOT NULL,"
                + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, detail TEXT NOT NULL)");
        st.execute("DELETE FROM schema_version");
        st.execute("INSERT INTO schema_version(version) VALUES (" + SCHEMA_VERSION + ")");
    }

    private String now() {
        return clock.instant().toString();
    }

    /**
     * Records an association that opened.
     *
     * @param id association id
     * @param callingAeTitle calling AE
     * @param calledAeTitle called AE
     * @param remoteAddress peer address (host:port)
     */
    public synchronized void associationOpened(
            String id, String callingAeTitle, String calledAeTitle, String remoteAddress) {
        run("association_opened", () -> {
            insertAssociation.setString(1, id);
            insertAssociation.setString(2, callingAeTitle);
            insertAssociation.setString(3, calledAeTitle);
            insertAssociation.setString(4, remoteAddress);
            insertAssociation.setString(5, now());
            insertAssociation.executeUpdate();
        });
    }

    /**
     * Counts one C-STORE of an association: success (with bytes) or failure. Queued: written in the background,
     * before anything this ledger is asked later.
     *
     * @param associationId association id
     * @param success whether the answer was a success status
     * @param bytes dataset bytes received
     * @throws LedgerException when the ledger is closed
     */
    public void storeAnswered(String associationId, boolean success, long bytes) {
        Objects.requireNonNull(associationId, "associationId is null");
        rows.add("store_answered", "association=" + associationId, () -> {
            countStore.setInt(1, success ? 1 : 0);
            countStore.setInt(2, success ? 0 : 1);
            countStore.setLong(3, success ? bytes : 0);
            countStore.setString(4, associationId);
            countStore.executeUpdate();
        });
    }

    /**
     * Records that an association ended.
     *
     * @param id association id
     * @param state how it ended
     */
    public synchronized void associationClosed(String id, AssociationState state) {
        run("association_closed", () -> {
            closeAssociation.setString(1, state.name());
            closeAssociation.setString(2, now());
            closeAssociation.setString(3, id);
            closeAssociation.executeUpdate();
        });
    }

    /**
     * Records a spooled instance and opens (or reopens) its series; a duplicate whose first copy was kept only
     * counts as a duplicate. Queued: written in the background, before anything this ledger is asked later.
     *
     * @param i the instance
     * @param associationId association id
     * @param status stored, or a duplicate status
     * @throws LedgerException when the ledger is closed
     */
    public void instanceStored(SpooledInstance i, String associationId, StoreStatus status) {
        Objects.requireNonNull(i, "instance is null");
        Objects.requireNonNull(associationId, "associationId is null");
        boolean duplicate = Objects.requireNonNull(status, "status is null") != StoreStatus.STORED;
        rows.add("instance_stored", "sop_instance=" + i.header().sopInstanceUid(), () -> {
            if (status == StoreStatus.DUPLICATE_KEPT) {
                countDuplicate.setString(1, i.header().sopInstanceUid());
                if (countDuplicate.executeUpdate() == 1) {
                    return; // the first copy stays as recorded; its series is not reopened
                }
            }
            upsert(i, associationId, duplicate);
        });
    }

    /**
     * Records every spooled instance the ledger has no row for, as {@link #instanceStored} does, with association
     * id {@value #RECOVERED_ASSOCIATION}. The node answers a C-STORE once the instance is durable and records it
     * only after the answer is sent (decision 0023), so a crash in between leaves an acknowledged instance that
     * only the spool knows; the node calls this at start with the spool's content. One transaction.
     *
     * @param spooled the spool's instances ({@code Spool.scan()})
     * @return how many were missing and are now recorded
     */
    public synchronized int recordMissing(List<SpooledInstance> spooled) {
        Objects.requireNonNull(spooled, "spooled is null");
        int[] recorded = {0};
        run(
                "record_missing",
                () -> inTransaction(() -> {
                    try (PreparedStatement known =
                            connection.prepareStatement("SELECT 1 FROM instances WHERE sop_instance_uid = ?")) {
                        for (SpooledInstance i : spooled) {
                            known.setString(1, i.header().sopInstanceUid());
                            try (ResultSet rs = known.executeQuery()) {
                                if (rs.next()) {
                                    continue;
                                }
                            }
                            upsert(i, RECOVERED_ASSOCIATION, false);
                            recorded[0]++;
                        }
                    }
                }));
        return recorded[0];
    }

    private void upsert(SpooledInstance i, String associationId, boolean duplicate) throws SQLException {
        InstanceHeader h = i.header();
        upsertInstance.setString(1, h.sopInstanceUid());
        upsertInstance.setString(2, h.seriesInstanceUid());
        upsertInstance.setString(3, h.studyInstanceUid());
        upsertInstance.setString(4, h.sopClassUid());
        upsertInstance.setString(5, associationId);
        upsertInstance.setString(6, i.file().toString());
        upsertInstance.setLong(7, i.sizeBytes());
        upsertInstance.setString(8, i.sha256().orElse(""));
        upsertInstance.setString(9, i.receivedAt().toString());
        upsertInstance.executeUpdate();
        upsertSeriesOpen.setString(1, h.seriesInstanceUid());
        upsertSeriesOpen.setString(2, h.studyInstanceUid());
        upsertSeriesOpen.setString(3, h.modality());
        upsertSeriesOpen.setString(4, h.seriesDescription().orElse(""));
        upsertSeriesOpen.setString(5, h.callingAeTitle());
        upsertSeriesOpen.setString(6, i.receivedAt().toString());
        upsertSeriesOpen.setString(7, i.receivedAt().toString());
        upsertSeriesOpen.setString(8, now());
        upsertSeriesOpen.setInt(9, duplicate ? 0 : 1);
        upsertSeriesOpen.executeUpdate();
    }

    /**
     * Records a completed series and its routing decision.
     *
     * @param s the completed series
     */
    public synchronized void seriesCompleted(CompletedSeries s) {
        run("series_completed", () -> {
            updateSeries.setString(1, (s.rule().isPresent() ? SeriesState.COMPLETE : SeriesState.UNMATCHED).name());
            updateSeries.setString(2, s.rule().map(RoutingRule::id).orElse(null));
            updateSeries.setString(3, s.reason().name());
            updateSeries.setInt(4, s.instances().size());
            updateSeries.setString(5, now());
            updateSeries.setString(6, s.seriesInstanceUid());
            updateSeries.executeUpdate();
        });
    }

    /**
     * Records that a series' files were removed.
     *
     * @param seriesInstanceUid the series
     */
    public synchronized void seriesRemoved(String seriesInstanceUid) {
        run("series_removed", () -> {
            setSeriesState.setString(1, SeriesState.REMOVED.name());
            setSeriesState.setString(2, now());
            setSeriesState.setString(3, seriesInstanceUid);
            setSeriesState.executeUpdate();
        });
    }

    /**
     * Records a published job (state QUEUED). A job key already recorded is left as it is, so that recording
     * one publication twice (listener and {@link RecordingJobQueue}) cannot undo a later state.
     *
     * @param job the job
     */
    public synchronized void jobPublished(Job job) {
        run("job_published", () -> {
            insertJob.setString(1, job.jobKey());
            insertJob.setString(2, job.studyInstanceUid());
            insertJob.setString(3, job.groupingKey());
            insertJob.setInt(4, job.version());
            insertJob.setString(5, job.ruleId());
            insertJob.setString(6, job.modelId());
            insertJob.setInt(7, job.seriesInstanceUids().size());
            insertJob.setInt(8, job.files().size());
            insertJob.setLong(9, job.totalBytes());
            insertJob.setString(10, job.createdAt().toString());
            insertJob.setString(11, now());
            insertJob.executeUpdate();
        });
    }

    /**
     * Records where an instance set aside by the assembler is now.
     *
     * @param i the instance, with its file where it is now
     */
    public synchronized void instanceSetAside(SpooledInstance i) {
        run("instance_set_aside", () -> {
            setInstancePath.setString(1, i.file().toString());
            setInstancePath.setString(2, i.header().sopInstanceUid());
            setInstancePath.executeUpdate();
        });
    }

    /**
     * Moves a job to another state with a detail text (e.g. a failure reason; "" for none).
     *
     * @param jobKey the job
     * @param state the new state
     * @param detail e.g. a failure reason, "" for none
     */
    public synchronized void jobState(String jobKey, JobState state, String detail) {
        run("job_state", () -> {
            setJobState.setString(1, state.name());
            setJobState.setString(2, detail);
            setJobState.setString(3, now());
            setJobState.setString(4, jobKey);
            setJobState.executeUpdate();
        });
    }

    /**
     * The association with this id recorded by this process (ids restart with the process), if any.
     *
     * @param id association id
     * @return the row, or empty
     */
    public synchronized Optional<AssociationRecord> association(String id) {
        return query(
                "association",
                "SELECT id, calling_ae, called_ae, remote_address, state, instances_stored, failures,"
                        + " bytes, opened_at, closed_at FROM associations WHERE run = '" + run + "' AND id = ?",
                id,
                rs -> new AssociationRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        AssociationState.valueOf(rs.getString(5)),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getLong(8),
                        Instant.parse(rs.getString(9)),
                        Optional.ofNullable(rs.getString(10)).map(Instant::parse)));
    }

    /**
     * The recorded state of a series, if any.
     *
     * @param seriesInstanceUid the series
     * @return the state, or empty
     */
    public synchronized Optional<SeriesState> seriesState(String seriesInstanceUid) {
        return query(
                "series_state",
                "SELECT state FROM series WHERE series_instance_uid = ?",
                seriesInstanceUid,
                rs -> SeriesState.valueOf(rs.getString(1)));
    }

    /**
     * The number of distinct instances recorded for a series.
     *
     * @param seriesInstanceUid the series
     * @return the count
     */
    public synchronized int instanceCount(String seriesInstanceUid) {
        return query(
                        "instance_count",
                        "SELECT count(*) FROM instances WHERE series_instance_uid = ?",
                        seriesInstanceUid,
                        rs -> rs.getInt(1))
                .orElse(0);
    }

    /**
     * How many times an instance arrived again after the first.
     *
     * @param sopInstanceUid the instance
     * @return the count, or empty when the instance is unknown
     */
    public synchronized Optional<Integer> duplicates(String sopInstanceUid) {
        return query(
                "duplicates",
                "SELECT duplicates FROM instances WHERE sop_instance_uid = ?",
                sopInstanceUid,
                rs -> rs.getInt(1));
    }

    /**
     * The recorded state of a job, if any.
     *
     * @param jobKey the job
     * @return the state, or empty
     */
    public synchronized Optional<JobState> jobState(String jobKey) {
        return query(
                "job_state",
                "SELECT state FROM jobs WHERE job_key = ?",
                jobKey,
                rs -> JobState.valueOf(rs.getString(1)));
    }

    /**
     * The schema version stored in the database.
     *
     * @return the version
     */
    public synchronized int schemaVersion() {
        return query("schema_version", "SELECT max(version) FROM schema_version", null, rs -> rs.getInt(1))
                .orElse(0);
    }

    /**
     * A listener that records instances, series, removals and jobs; ledger failures are logged at ERROR and
     * never reach intake.
     *
     * @return the listener
     */
    public PipelineListener asListener() {
        Ledger ledger = this;
        return new PipelineListener() {
            @Override
            public void instanceStored(SpooledInstance instance, String associationId, StoreStatus status) {
                safely(() -> ledger.instanceStored(instance, associationId, status));
            }

            @Override
            public void seriesCompleted(CompletedSeries series) {
                safely(() -> ledger.seriesCompleted(series));
            }

            @Override
            public void seriesRemoved(String studyInstanceUid, String seriesInstanceUid, int instances) {
                safely(() -> ledger.seriesRemoved(seriesInstanceUid));
            }

            @Override
            public void jobPublished(Job job) {
                safely(() -> ledger.jobPublished(job));
            }

            @Override
            public void instanceSetAside(SpooledInstance instance, String reason) {
                safely(() -> ledger.instanceSetAside(instance));
            }
        };
    }

    /**
     * A worker listener that records job states: RUNNING on start; DONE, QC_REFUSED or NOT_ELIGIBLE (with the
     * reason) when finished; QUEUED again (retry) or FAILED (with the reason) on failure. Ledger failures are
     * logged at ERROR.
     *
     * @return the listener
     */
    public WorkerListener asWorkerListener() {
        return new LedgerWorkerListener(this);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (LedgerException e) {
            LOG.error("event=ledger_write_failed error=\"{}\"", e.getMessage());
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private void run(String operation, SqlAction action) {
        writeQueued();
        try {
            action.run();
        } catch (SQLException e) {
            throw new LedgerException("ledger " + operation + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs a query with at most one string parameter ({@code arg} null: none); the first row, mapped. */
    private <T> Optional<T> query(String operation, String sql, String arg, RowMapper<T> mapper) {
        writeQueued();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("ledger " + operation + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private void inTransaction(SqlAction work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Writes the queued rows, unless the connection is closed. Called with this object's lock held. */
    private void writeQueued() {
        if (!connectionClosed()) {
            rows.writeAll();
        }
    }

    private boolean connectionClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Writes the queued rows, stops the background writer and closes the database connection. */
    @Override
    public void close() {
        rows.stop();
        synchronized (this) {
            closeConnection();
        }
    }

    private void closeConnection() {
        writeQueued();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close ledger: " + e.getMessage(), e);
        }
    }
}
