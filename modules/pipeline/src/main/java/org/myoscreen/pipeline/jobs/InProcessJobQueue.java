package org.myoscreen.pipeline.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.myoscreen.pipeline.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process {@link JobQueue} with a durable backlog on disk.
 *
 * <p>Layout under the queue directory: {@code pending/<sequence>-<job key>.json} holds each job that is
 * not yet acknowledged (written temp → fsync → rename → fsync directory), {@code failed/} the jobs failed
 * without retry, each beside a {@code .reason.txt}. A new instance on the same directory (a restart)
 * delivers every pending job again in publication order, including those that were in flight.
 *
 * <p>Thread-safe; one lock guards the in-memory state and file operations, which are small. Only one
 * instance may use a directory at a time.
 */
public final class InProcessJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessJobQueue.class);

    private final Path pendingDir;
    private final Path failedDir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Deque<Entry> ready = new ArrayDeque<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private long nextSequence;
    private boolean closed;

    private static final class Entry {
        final Job job;
        final Path file;
        int attempt;
        boolean inFlight;

        Entry(Job job, Path file) {
            this.job = job;
            this.file = file;
        }
    }

    /**
     * Opens (creating when needed) the backlog in {@code directory} and loads every pending job.
     * A pending file that cannot be parsed is moved to {@code failed/} with a WARN log line.
     *
     * @param directory the queue directory (holds {@code pending/} and {@code failed/})
     * @throws UncheckedIOException when the directory cannot be created or read
     */
    public InProcessJobQueue(Path directory) {
        Objects.requireNonNull(directory, "directory is null");
        this.pendingDir = directory.resolve("pending");
        this.failedDir = directory.resolve("failed");
        try {
            Files.createDirectories(pendingDir);
            Files.createDirectories(failedDir);
            AtomicFiles.deleteTempFiles(pendingDir);
            List<Path> files;
            try (Stream<Path> s = Files.list(pendingDir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .sorted()
                        .toList();
            }
            long maxSeq = 0;
            for (Path p : files) {
                maxSeq = Math.max(maxSeq, sequenceOf(p));
                Job job;
                try {
                    job = JobJson.fromBytes(Files.readAllBytes(p), p.toString());
                } catch (IllegalArgumentException e) {
                    LOG.warn("event=job_unreadable file={} reason=\"{}\"", p, e.getMessage());
                    moveToFailed(p, e.getMessage());
                    continue;
                }
                Entry en = new Entry(job, p);
                byKey.put(job.jobKey(), en);
                ready.addLast(en);
            }
            nextSequence = maxSeq + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open job backlog " + directory + ": " + e.getMessage(), e);
        }
        LOG.info("event=job_backlog_opened dir={} pending={}", directory, ready.size());
    }

    private static long sequenceOf(Path p) {
        String n = p.getFileName().toString();
        int dash = n.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(n.substring(0, dash)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void publish(Job job) {
        Objects.requireNonNull(job, "job is null");
        lock.lock();
        try {
            checkOpen();
            if (byKey.containsKey(job.jobKey())) {
                LOG.debug("event=job_publish_duplicate job={}", job.jobKey());
                return;
            }
            Path file = pendingDir.resolve(
                    String.format("%019d-%s.json", nextSequence++, job.jobKey().replace('/', '_')));
            AtomicFiles.write(file, JobJson.toBytes(job));
            Entry en = new Entry(job, file);
            byKey.put(job.jobKey(), en);
            ready.addLast(en);
            available.signal();
            LOG.info(
                    "event=job_published job={} files={} bytes={} rule={} model={}",
                    job.jobKey(),
                    job.files().size(),
                    job.totalBytes(),
                    job.ruleId(),
                    job.modelId());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<JobDelivery> poll() {
        lock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(next());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<JobDelivery> poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (ready.isEmpty()) {
                checkOpen();
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = available.awaitNanos(nanos);
            }
            checkOpen();
            return Optional.of(next());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public JobDelivery take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (ready.isEmpty()) {
                checkOpen();
                available.await();
            }
            checkOpen();
            return next();
        } finally {
            lock.unlock();
        }
    }

    private JobDelivery next() {
        Entry en = ready.pollFirst();
        if (en == null) {
            return null;
        }
        en.inFlight = true;
        en.attempt++;
        return new JobDelivery(en.job, en.attempt);
    }

    @Override
    public void acknowledge(String jobKey) {
        lock.lock();
        try {
            Entry en = inFlight(jobKey);
            byKey.remove(jobKey);
            try {
                Files.deleteIfExists(en.file);
                AtomicFiles.fsyncDirectory(pendingDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove acknowledged job " + jobKey + " file " + en.file, e);
            }
            LOG.info("event=job_acknowledged job={} attempt={}", jobKey, en.attempt);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void fail(String jobKey, String reason, boolean retry) {
        Objects.requireNonNull(reason, "reason is null");
        lock.lock();
        try {
            Entry en = inFlight(jobKey);
            if (retry) {
                en.inFlight = false;
                ready.addLast(en);
                available.signal();
                LOG.warn("event=job_failed job={} attempt={} retry=true reason=\"{}\"", jobKey, en.attempt, reason);
                return;
            }
            byKey.remove(jobKey);
            try {
                moveToFailed(en.file, reason);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move failed job " + jobKey + " out of the backlog", e);
            }
            LOG.warn("event=job_failed job={} attempt={} retry=false reason=\"{}\"", jobKey, en.attempt, reason);
        } finally {
            lock.unlock();
        }
    }

    private void moveToFailed(Path file, String reason) throws IOException {
        Path target = failedDir.resolve(file.getFileName());
        AtomicFiles.write(
                failedDir.resolve(file.getFileName() + ".reason.txt"), reason.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.moveAtomically(file, target);
        AtomicFiles.fsyncDirectory(failedDir);
        AtomicFiles.fsyncDirectory(pendingDir);
    }

    private Entry inFlight(String jobKey) {
        Objects.requireNonNull(jobKey, "jobKey is null");
        Entry en = byKey.get(jobKey);
        if (en == null || !en.inFlight) {
            throw new IllegalArgumentException("job " + jobKey + " is not in flight");
        }
        return en;
    }

    /**
     * File names of the jobs failed without retry (in {@code failed/}), in publication order.
     *
     * @return the file names
     */
    public List<String> failedFiles() {
        try (Stream<Path> s = Files.list(failedDir)) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + failedDir, e);
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return byKey.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("job queue is closed");
        }
    }
}
