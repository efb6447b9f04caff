package org.myoscreen.pipeline.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, each destination on its own lane: every {@code interval}, and at once when {@link #wake()}
 * is called (e.g. after a job added outputs), a dispatcher thread ({@code delivery}) asks the outbox which
 * destinations have due work and starts {@link Outbox#deliverDue(Destination)} for each one that is not already
 * being delivered, on a thread of its own ({@code delivery-<AE>@<host>:<port>}). A destination that stalls
 * (accepts, then stops reading) holds only its own lane until the association's deadlines abort it; the others
 * are delivered as fast as without it. A wake during a destination's round runs that destination again after it.
 *
 * <p>Each round that did anything is one log line ({@code event=delivery_round}, INFO, WARN when something failed
 * or died); totals are kept for the metrics. A round that throws anything (an {@link Error} included) is logged at
 * ERROR and counted; the loop goes on.
 *
 * <p>Thread-safe. {@link #close()} stops dispatching and waits for the running rounds.
 */
public final class DeliveryLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    /** Running totals of delivery outcomes since start. */
    public record Counters(long delivered, long retrying, long failed, long dead, long roundErrors) {}

    private final Outbox outbox;
    private final Duration interval;
    private final ScheduledExecutorService dispatcher;
    private final ExecutorService lanes;
    /** Destinations with a running lane; true when a wake asked for another round after the running one. */
    private final Map<Destination, Boolean> running = new HashMap<>();

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
        this.dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery");
            t.setDaemon(true);
            return t;
        });
        // one thread per destination with due work at most (a lane runs only while its destination has work)
        this.lanes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "delivery-lane");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic rounds (the first one at once). */
    public void start() {
        dispatcher.scheduleWithFixedDelay(this::dispatch, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("event=delivery_loop_started interval_ms={}", interval.toMillis());
    }

    /** Asks for a round now (in addition to the periodic ones); does nothing once closed. */
    public void wake() {
        if (!dispatcher.isShutdown()) {
            try {
                dispatcher.execute(this::dispatch);
            } catch (RejectedExecutionException e) {
                // closing: the next start delivers what is due
            }
        }
    }

    /** Starts a lane for every destination with due work that has none running. */
    private void dispatch() {
        List<Destination> due;
        try {
            due = outbox.dueDestinations();
        } catch (RuntimeException | Error e) {
            roundErrors.incrementAndGet();
            LOG.error("event=delivery_round_failed error=\"{}\"", e.toString(), e);
            return;
        }
        for (Destination destination : due) {
            synchronized (running) {
                if (running.containsKey(destination)) {
                    running.put(destination, true);
                    continue;
                }
                running.put(destination, false);
            }
            try {
                lanes.execute(() -> lane(destination));
            } catch (RejectedExecutionException e) {
                synchronized (running) {
                    running.remove(destination);
                }
            }
        }
    }

    private void lane(Destination destination) {
        Thread.currentThread().setName("delivery-" + destination);
        try {
            while (true) {
                round(destination);
                synchronized (running) {
                    if (!running.getOrDefault(destination, false)) {
                        running.remove(destination);
                        return;
                    }
                    running.put(destination, false);
                }
            }
        } finally {
            Thread.currentThread().setName("delivery-lane");
        }
    }

    /**
     * Runs one round for every destination with due work, one after the other, on the calling thread.
     *
     * @return what the round did; all zero for a destination whose round failed (logged)
     */
    public Outbox.Round round() {
        int d = 0;
        int r = 0;
        int f = 0;
        int x = 0;
        for (Destination destination : outbox.dueDestinations()) {
            Outbox.Round one = round(destination);
            d += one.delivered();
            r += one.retrying();
            f += one.failed();
            x += one.dead();
        }
        return new Outbox.Round(d, r, f, x);
    }

    private Outbox.Round round(Destination destination) {
        Outbox.Round r;
        try {
            r = outbox.deliverDue(destination);
        } catch (RuntimeException | Error e) {
            // an Error too: the loop must outlive a bug in one round, or no destination is ever delivered again
            roundErrors.incrementAndGet();
            LOG.error("event=delivery_round_failed destination={} error=\"{}\"", destination, e.toString(), e);
            return new Outbox.Round(0, 0, 0, 0);
        }
        delivered.addAndGet(r.delivered());
        retrying.addAndGet(r.retrying());
        failed.addAndGet(r.failed());
        dead.addAndGet(r.dead());
        if (r.failed() > 0 || r.dead() > 0 || r.retrying() > 0) {
            LOG.warn(
                    "event=delivery_round destination={} delivered={} retrying={} failed={} dead={}",
                    destination,
                    r.delivered(),
                    r.retrying(),
                    r.failed(),
                    r.dead());
        } else if (r.delivered() > 0) {
            LOG.info(
                    "event=delivery_round destination={} delivered={} retrying=0 failed=0 dead=0",
                    destination,
                    r.delivered());
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

    /** Stops the loop, waiting up to 30 s for running rounds (then interrupting them). */
    @Override
    public void close() {
        dispatcher.shutdown();
        lanes.shutdown();
        try {
            if (!dispatcher.awaitTermination(30, TimeUnit.SECONDS) || !lanes.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("event=delivery_loop_stop_timeout");
                dispatcher.shutdownNow();
                lanes.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("event=delivery_loop_stopped counters={}", counters());
    }
}
