package org.myoscreen.pipeline.kafka;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.myoscreen.pipeline.jobs.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off between the poll thread and the worker's threads: at most one record <em>offered</em> (fetched,
 * its start committed, not yet taken) and at most one <em>in flight</em> (taken, not yet acknowledged or failed).
 * A partition revoked from this worker withdraws the offer and marks the job in flight revoked, so that it is
 * never committed here. Owns the closed flag that ends every wait.
 *
 * <p>Threading: every method is thread-safe (one lock). The poll thread offers and revokes; worker threads wait
 * for an offer, look the job in hand up and release it. Waits are interruptible; their deadlines are readings
 * of the {@link Ticker}.
 */
final class HandOff {

    private static final Logger LOG = LoggerFactory.getLogger(HandOff.class);

    /** A record the worker holds; {@code revoked} once its partition went to another member. */
    static final class Held {
        final ConsumerRecord<String, byte[]> record;
        final TopicPartition partition;
        final Job job;
        final int attempt;
        volatile boolean revoked;

        Held(ConsumerRecord<String, byte[]> record, Job job, int attempt) {
            this.record = record;
            this.partition = new TopicPartition(record.topic(), record.partition());
            this.job = job;
            this.attempt = attempt;
        }

        String source() {
            return partition.topic() + "/" + partition.partition() + "/" + record.offset();
        }
    }

    private final String clientId;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;
    private Held offered;
    private Held inFlight;

    HandOff(String clientId, Ticker ticker) {
        this.clientId = clientId;
        this.ticker = ticker;
    }

    /** The ticker reading {@code nanos} from now, for {@link #awaitOffer}. */
    long deadlineIn(long nanos) {
        return ticker.nanos() + nanos;
    }

    /** Offers a record to the worker's threads; the caller checked it is not {@link #busy()}. */
    void offer(Held h) {
        lock.lock();
        try {
            offered = h;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a record is offered or in flight (then the poll thread fetches nothing more). */
    boolean busy() {
        lock.lock();
        try {
            return offered != null || inFlight != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for an offered record and moves it in flight.
     *
     * @param deadlineNanos a {@link Ticker} reading, or {@link Long#MAX_VALUE} to wait without a deadline
     * @return the record now in flight; null when the deadline passed
     * @throws IllegalStateException when closed
     */
    Held awaitOffer(long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (offered == null || inFlight != null) {
                checkOpen();
                if (deadlineNanos == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long left = deadlineNanos - ticker.nanos();
                    if (left <= 0) {
                        return null;
                    }
                    changed.awaitNanos(left);
                }
            }
            checkOpen();
            inFlight = offered;
            offered = null;
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The record in flight for {@code jobKey}.
     *
     * @throws IllegalArgumentException when that job is not in flight
     */
    Held inHand(String jobKey) {
        lock.lock();
        try {
            if (inFlight == null || !inFlight.job.jobKey().equals(jobKey)) {
                throw new IllegalArgumentException("job " + jobKey + " is not in flight on worker " + clientId);
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the flight of {@code h} (acknowledged or failed); the next offer may be taken. */
    void release(Held h) {
        lock.lock();
        try {
            if (inFlight == h) {
                inFlight = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Withdraws the offer and marks the job in flight revoked when their partition is among {@code partitions}. */
    void revoke(Collection<TopicPartition> partitions, String how) {
        lock.lock();
        try {
            if (offered != null && partitions.contains(offered.partition)) {
                LOG.info(
                        "event=job_offer_withdrawn client={} job={} source={} reason=partition_{}",
                        clientId,
                        offered.job.jobKey(),
                        offered.source(),
                        how);
                offered = null;
            }
            if (inFlight != null && partitions.contains(inFlight.partition) && !inFlight.revoked) {
                inFlight.revoked = true;
                LOG.warn(
                        "event=job_partition_revoked client={} job={} source={} reason=partition_{}"
                                + " action=\"will not commit; the new owner runs the job again\"",
                        clientId,
                        inFlight.job.jobKey(),
                        inFlight.source(),
                        how);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records offered plus in flight, 0 to 2. */
    int held() {
        lock.lock();
        try {
            return (offered != null ? 1 : 0) + (inFlight != null ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    /** The key of the job in flight, if any. */
    Optional<String> jobInHand() {
        lock.lock();
        try {
            return inFlight == null ? Optional.empty() : Optional.of(inFlight.job.jobKey());
        } finally {
            lock.unlock();
        }
    }

    /** Closes the hand-off and wakes every waiter; true the first time only. */
    boolean close() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("kafka job queue of worker " + clientId + " is closed");
        }
    }
}
