package org.myoscreen.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Outbox#deliverDue()} every {@code interval} on one thread (named {@code delivery}), and at once when
 * {@link #wake()} is called (e.g. after a job added outputs). Each round that did anything is one log line
 * ({@code event=delivery_round}, INFO, WARN when something failed or died); totals are kept for the metrics.
 * A round that throws is logged at ERROR and counted; the loop goes on.
 *
 * <p>Thread-safe. {@link #close()} stops the loop after the running round.
 */
public final class DeliveryLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    /** Running totals of delivery outcomes since start. */
    public record Counters(long delivered, long retrying, long failed, long dead, long roundErrors) {
    }

    private final Outbox outbox;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retrying = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong roundErrors = new AtomicLong();

    /**
     * @param outbox what to deliver
     * @param interval time between rounds, positive
     */
    public DeliveryLoop(Outbox outbox, Duration interval) {
        this.outbox = Objects.requireNonNull(outbox, "outbox is null");
        this.interval = Objects.requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("delivery interval " + interval + " must be positive");
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic rounds (the first one at once). */
    public void start() {
        executor.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("event=delivery_loop_started interval_ms={}", interval.toMillis());
    }

    /** Asks for a round now (in addition to the periodic ones); does nothing once closed. */
    public void wake() {
        if (!executor.isShutdown()) {
            try {
                executor.execute(this::round);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the next start delivers what is due
            }
        }
    }

    /**
     * Runs one round on the calling thread.
     *
     * @return what the round did; all zero when it failed (logged)
     */
    public Outbox.Round round() {
        Outbox.Round r;
        try {
            r = outbox.deliverDue();
        } catch (RuntimeException e) {
            roundErrors.incrementAndGet();
            LOG.error("event=delivery_round_failed error=\"{}\"", e.toString());
            return new Outbox.Round(0, 0, 0, 0);
        }
        delivered.addAndGet(r.delivered());
        retrying.addAndGet(r.retrying());
        failed.addAndGet(r.failed());
        dead.addAndGet(r.dead());
        if (r.failed() > 0 || r.dead() > 0 || r.retrying() > 0) {
            LOG.warn("event=delivery_round delivered={} retrying={} failed={} dead={}", r.delivered(), r.retrying(),
                    r.failed(), r.dead());
        } else if (r.delivered() > 0) {
            LOG.info("event=delivery_round delivered={} retrying=0 failed=0 dead=0", r.delivered());
        }
        return r;
    }

    /**
     * Totals since start.
     *
     * @return the counters
     */
    public Counters counters() {
        return new Counters(delivered.get(), retrying.get(), failed.get(), dead.get(), roundErrors.get());
    }

    /** Stops the loop, waiting up to 30 s for a running round (then interrupting it). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("event=delivery_loop_stop_timeout");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("event=delivery_loop_stopped counters={}", counters());
    }
}
