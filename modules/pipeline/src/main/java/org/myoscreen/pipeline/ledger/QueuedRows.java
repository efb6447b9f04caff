package org.myoscreen.pipeline.ledger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * The {@link Ledger}'s rows that are queued instead of written at once (decision 0024): any thread {@link #add}s
 * one and goes on; a background round, or the ledger's next call, {@link #writeAll writes} every queued row in one
 * transaction. A batch that one row broke is written again row by row; a batch the database as a whole refused
 * is logged once. Rows are written in the order they were added.
 *
 * <p>Thread-safe: {@link #add} from any thread; {@link #writeAll} only with the ledger's lock held (the background
 * round takes it).
 */
final class QueuedRows {

    // the ledger's logger: its write failures keep one logger name, wherever the row was written
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    /** SQLite's primary result code for a broken constraint (extended codes keep it in their low byte). */
    private static final int SQLITE_CONSTRAINT = 19;

    /** Runs statements in one transaction of the ledger's connection. */
    @FunctionalInterface
    interface Transactions {
        /**
         * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
         *
         * @param work the statements
         * @throws SQLException from the database (after the rollback)
         */
        void inTransaction(SqlAction work) throws SQLException;
    }

    /** A queued row; {@code operation} and {@code subject} name it in log lines. */
    private record Row(String operation, String subject, SqlAction action) {}

    private final Object lock;
    private final Transactions transactions;
    private final Executor writer;
    private final ConcurrentLinkedQueue<Row> queued = new ConcurrentLinkedQueue<>();
    /** Whether a background round is scheduled and has not started taking from the queue. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private volatile boolean stopped;

    /**
     * @param lock the ledger's lock, held while rows are written
     * @param transactions the ledger's connection
     * @param writer runs the background rounds; shut down by {@link #stop} when it is an {@link ExecutorService}
     */
    QueuedRows(Object lock, Transactions transactions, Executor writer) {
        this.lock = Objects.requireNonNull(lock, "lock is null");
        this.transactions = Objects.requireNonNull(transactions, "transactions is null");
        this.writer = Objects.requireNonNull(writer, "writer is null");
    }

    /**
     * Queues a row and schedules a background round.
     *
     * @param operation names the row in log lines ({@code instance_stored})
     * @param subject what it is about, as key=value ({@code sop_instance=1.2.3})
     * @param action its statements
     * @throws Ledger.LedgerException after {@link #stop}
     */
    void add(String operation, String subject, SqlAction action) {
        if (stopped) {
            throw stoppedFor(operation);
        }
        Row row = new Row(operation, subject, action);
        queued.add(row);
        if (stopped && queued.remove(row)) {
            // stop() began after the check above and the last write may be over: refuse, do not leave the row
            // behind (when that write took it first, it was written)
            throw stoppedFor(operation);
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.execute(this::writeInBackground);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // stopping: the ledger's close writes what is queued
            }
        }
    }

    private static Ledger.LedgerException stoppedFor(String operation) {
        return new Ledger.LedgerException("ledger " + operation + " failed: the ledger is closed", null);
    }

    private void writeInBackground() {
        // cleared before taking from the queue, so that a row queued from now on schedules another round
        scheduled.set(false);
        synchronized (lock) {
            writeAll();
        }
    }

    /**
     * Writes every queued row in one transaction. When that fails because of one row (a broken constraint, or a
     * statement that threw), each row is written in a transaction of its own, and the rows that still fail are
     * logged at ERROR; when the database as a whole failed, the batch is logged once. Call with the ledger's lock
     * held and its connection open.
     */
    void writeAll() {
        if (queued.isEmpty()) {
            return;
        }
        List<Row> batch = new ArrayList<>();
        for (Row r = queued.poll(); r != null; r = queued.poll()) {
            batch.add(r);
        }
        try {
            write(batch);
            return;
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                failed(batch.get(0), e);
                return;
            }
            if (!concernsOneRow(e)) {
                // disk full, I/O, locked: each row would fail alike, and wait out the busy timeout under the lock
                LOG.error(
                        "event=ledger_write_failed operation=batch rows={} error=\"{}\" recovery=next_start",
                        batch.size(),
                        e.getMessage());
                return;
            }
            LOG.warn("event=ledger_batch_failed rows={} error=\"{}\" retry=row_by_row", batch.size(), e.getMessage());
        }
        for (Row r : batch) {
            try {
                write(List.of(r));
            } catch (SQLException | RuntimeException e) {
                failed(r, e);
            }
        }
    }

    private void write(List<Row> rows) throws SQLException {
        transactions.inTransaction(() -> {
            for (Row r : rows) {
                r.action().run();
            }
        });
    }

    private static boolean concernsOneRow(Exception e) {
        return e instanceof RuntimeException
                || e instanceof SQLiteException s && (s.getResultCode().code & 0xFF) == SQLITE_CONSTRAINT;
    }

    private static void failed(Row r, Exception e) {
        LOG.error("event=ledger_write_failed operation={} {} error=\"{}\"", r.operation(), r.subject(), e.getMessage());
    }

    /**
     * Refuses further rows and waits up to 30 s for a background round in progress. The ledger then writes what
     * is still queued ({@link #writeAll}) before it closes its connection.
     */
    void stop() {
        stopped = true;
        if (writer instanceof ExecutorService pool) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("event=ledger_writer_slow waited_s=30");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
