package org.myoscreen.pipeline.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.delivery.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes jobs: each of {@link WorkerConfig#threads()} threads loops {@link JobQueue#take()} → {@link JobProcessor}
 * → {@link Outbox#add} (to the job's destinations, else {@link WorkerConfig#fallbackDestinations()}) →
 * {@link JobQueue#acknowledge}. A job is acknowledged only after its outputs are durable in
 * the outbox, so a crash at any point leaves the job in the queue, delivered again (at least once; the processor
 * makes the same SOP Instance UIDs, and the outbox replaces a job it already holds).
 *
 * <p>A failure gives the job back with {@link JobQueue#fail}: with retry while the failure is retriable and the
 * delivery's attempt is below {@link WorkerConfig#maxAttempts()}, otherwise for good. Every failure is a WARN log
 * line ({@code event=job_failed}), a {@link WorkerListener#jobFailed} event (the ledger) and a counter.
 *
 * <p>Uses only the {@link JobQueue} interface, so any queue implementation works. Thread-safe; {@link #close()}
 * stops taking jobs, waits up to {@link WorkerConfig#shutdownGrace()} for running ones, then interrupts them
 * (an interrupted job stays in the queue and is delivered again after a restart). Closing does not close the
 * queue, processor or outbox.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** Running totals since the worker started. */
    public record Counters(long processed, long qcRefused, long notEligible, long retried, long failed) {}

    private final JobQueue queue;
    private final JobProcessor processor;
    private final Outbox outbox;
    private final WorkerListener listener;
    private final WorkerConfig config;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Boolean> busy = new ArrayList<>();
    private final Object state = new Object();
    private boolean started;
    private boolean closed;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong qcRefused = new AtomicLong();
    private final AtomicLong notEligible = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Builds a worker; nothing runs before {@link #start()}.
     *
     * @param queue where jobs come from
     * @param processor what runs a job
     * @param outbox where outputs go before the job is acknowledged
     * @param listener observes job starts, ends and failures (e.g. {@link WorkerListener#ledger})
     * @param config threads, attempts, grace
     * @param clock measures how long jobs take
     */
    public Worker(
            JobQueue queue,
            JobProcessor processor,
            Outbox outbox,
            WorkerListener listener,
            WorkerConfig config,
            Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue is null");
        this.processor = Objects.requireNonNull(processor, "processor is null");
        this.outbox = Objects.requireNonNull(outbox, "outbox is null");
        // through the fan-out, so that a listener that throws (documented as logged and ignored) cannot end a
        // worker thread with its job neither acknowledged nor given back
        this.listener = WorkerListener.of(Objects.requireNonNull(listener, "listener is null"));
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Starts the worker threads (named {@code worker-N}).
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        synchronized (state) {
            if (started || closed) {
                throw new IllegalStateException("worker already started or closed");
            }
            started = true;
            for (int i = 0; i < config.threads(); i++) {
                int index = i;
                Thread t = new Thread(() -> loop(index), "worker-" + (i + 1));
                t.setDaemon(false);
                threads.add(t);
                busy.add(false);
            }
        }
        threads.forEach(Thread::start);
        LOG.info("event=worker_started threads={} max_attempts={}", config.threads(), config.maxAttempts());
    }

    private void loop(int index) {
        while (true) {
            JobDelivery delivery;
            try {
                delivery = queue.take();
            } catch (InterruptedException e) {
                break;
            } catch (IllegalStateException e) {
                // the queue was closed under us: nothing more to take
                break;
            } catch (RuntimeException e) {
                LOG.error(
                        "event=worker_take_failed thread={} error=\"{}\"",
                        Thread.currentThread().getName(),
                        e.toString());
                if (!pause()) {
                    break;
                }
                continue;
            }
            synchronized (state) {
                if (closed) {
                    // left in flight: the queue delivers it again after a restart
                    LOG.info(
                            "event=worker_job_left job={} reason=closing",
                            delivery.job().jobKey());
                    break;
                }
                busy.set(index, true);
                Thread.interrupted(); // an interrupt meant for an idle thread must not hit this job
            }
            try {
                runOne(delivery);
            } finally {
                synchronized (state) {
                    busy.set(index, false);
                }
            }
            synchronized (state) {
                // close() interrupts only idle threads: one that was busy then must notice the close here
                if (closed) {
                    break;
                }
            }
        }
        LOG.info("event=worker_thread_stopped thread={}", Thread.currentThread().getName());
    }

    private boolean pause() {
        try {
            Thread.sleep(1000);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs one delivered job through processor, outbox and acknowledgement (or failure). Public so that a
     * consumer with its own threading can drive the same steps; {@link #start()} is then not needed.
     *
     * @param delivery the job the queue delivered
     */
    public void runOne(JobDelivery delivery) {
        Job job = delivery.job();
        String key = job.jobKey();
        Instant begin = clock.instant();
        listener.jobStarted(delivery);
        LOG.info(
                "event=job_started job={} attempt={} files={} destinations={}",
                key,
                delivery.attempt(),
                job.files().size(),
                job.destinations().size());
        JobOutcome outcome;
        try {
            outcome = processor.process(delivery);
            Objects.requireNonNull(outcome, "processor returned no outcome");
            // the job's destinations, else the worker's own (a node without destinations hands out jobs without)
            List<Destination> destinations =
                    job.destinations().isEmpty() ? config.fallbackDestinations() : job.destinations();
            if (!outcome.outputs().isEmpty() && !destinations.isEmpty()) {
                outbox.add(key, outcome.outputs(), destinations);
            } else if (!outcome.outputs().isEmpty()) {
                LOG.warn(
                        "event=job_no_destination job={} outputs={} result={}",
                        key,
                        outcome.outputs().size(),
                        outcome.resultJson().map(Object::toString).orElse(""));
            }
        } catch (JobProcessingException e) {
            fail(delivery, e.getMessage(), e.retriable());
            return;
        } catch (RuntimeException e) {
            // not classified by the processor (a bug, or the outbox's disk): retrying may help, within the limit
            fail(delivery, describe(e), true);
            return;
        }
        try {
            queue.acknowledge(key);
        } catch (RuntimeException e) {
            // The outputs are in the outbox. Give the job back through the ordinary failure path, so it is not
            // left in flight until a restart while the ledger says otherwise; a re-run re-creates the same
            // files and UIDs, so the PACS sees at most a duplicate.
            fail(delivery, "acknowledge failed: " + describe(e), true);
            return;
        }
        Duration took = Duration.between(begin, clock.instant());
        switch (outcome.status()) {
            case RESULT -> processed.incrementAndGet();
            case QC_REFUSED -> qcRefused.incrementAndGet();
            case NOT_ELIGIBLE -> notEligible.incrementAndGet();
        }
        LOG.info(
                "event=job_done job={} attempt={} status={} outputs={} took_ms={} result={} reason=\"{}\"",
                key,
                delivery.attempt(),
                outcome.status(),
                outcome.outputs().size(),
                took.toMillis(),
                outcome.resultJson().map(Object::toString).orElse(""),
                outcome.reason());
        listener.jobFinished(delivery, outcome, took);
    }

    private void fail(JobDelivery delivery, String reason, boolean retriable) {
        String key = delivery.job().jobKey();
        boolean retry = retriable && delivery.attempt() < config.maxAttempts();
        String why = reason == null ? "unknown" : reason;
        LOG.warn(
                "event=job_failed job={} attempt={} max_attempts={} retriable={} retry={} reason=\"{}\"",
                key,
                delivery.attempt(),
                config.maxAttempts(),
                retriable,
                retry,
                why);
        if (retry) {
            retried.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        listener.jobFailed(delivery, why, retry);
        try {
            queue.fail(key, why, retry);
        } catch (RuntimeException e) {
            LOG.error("event=job_fail_failed job={} error=\"{}\"", key, e.toString());
        }
    }

    /** The exception and its causes, e.g. {@code UncheckedIOException: cannot store ...: NoSuchFileException: x}. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(": ").append(c);
            if (sb.length() > 1000) {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * Totals since start.
     *
     * @return the counters
     */
    public Counters counters() {
        return new Counters(processed.get(), qcRefused.get(), notEligible.get(), retried.get(), failed.get());
    }

    /** Stops taking jobs, lets running ones finish within the grace period, then interrupts them. */
    @Override
    public void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < threads.size(); i++) {
                if (!busy.get(i)) {
                    threads.get(i).interrupt();
                }
            }
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
                if (t.isAlive()) {
                    LOG.warn("event=worker_interrupt thread={} reason=\"shutdown grace over\"", t.getName());
                    t.interrupt();
                    t.join(5000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("event=worker_stopped counters={}", counters());
    }
}
