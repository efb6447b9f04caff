package org.myoscreen.pipeline.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable count of a job record's starts, kept in the group's committed offset, and the restart rule built
 * on it. Before a job is handed out its start is committed: the record's own offset (not the next one, so the
 * job stays pending) with {@code myoscreen-starts=N} as the offset's metadata. A worker killed mid-job reports
 * nothing, but the next owner of the record reads the count ({@link #previousStarts}) and adds it to the
 * message's attempt ({@link #judge}), so a job that kills every worker taking it ends in the dead-letter topic.
 * Finishing a record ({@link #commitFinished}) commits the next offset without metadata, which ends its count.
 *
 * <p>Threading: the instance methods use the consumer, so they run on the poll thread only; {@link #judge} and
 * {@link #startsIn} are pure.
 */
final class StartCounter {

    private static final Logger LOG = LoggerFactory.getLogger(StartCounter.class);

    /** Prefix of the committed offset's metadata that counts the starts of the record at that offset. */
    static final String METADATA_PREFIX = "myoscreen-starts=";

    private final Consumer<String, byte[]> consumer;
    private final Duration requestTimeout;
    private final String clientId;

    StartCounter(Consumer<String, byte[]> consumer, Duration requestTimeout, String clientId) {
        this.consumer = consumer;
        this.requestTimeout = requestTimeout;
        this.clientId = clientId;
    }

    /**
     * What the restart rule makes of a record about to start.
     *
     * @param previousStarts starts of this record that did not finish (workers stopped or killed mid-job)
     * @param attempt the delivery attempt the job runs as: the message's attempt plus {@code previousStarts}
     * @param maxAttempts the limit it was judged against
     */
    record Start(int previousStarts, int attempt, int maxAttempts) {

        /** Whether an earlier worker started the record without finishing it. */
        boolean restarted() {
            return previousStarts > 0;
        }

        /** Whether the record goes to the dead-letter topic instead of running: its attempts are used up. */
        boolean deadLetter() {
            return attempt > maxAttempts;
        }

        /** The last attempt that ran (the one reported when dead-lettered). */
        int lastAttempt() {
            return attempt - 1;
        }

        /** The dead-letter reason. */
        String reason() {
            return "its worker stopped or died while running it " + previousStarts + " time(s)" + " (attempt "
                    + lastAttempt() + " of " + maxAttempts + ")";
        }
    }

    /**
     * The restart rule: each unfinished start uses up an attempt like a failure; past {@code maxAttempts} the
     * record is dead-lettered instead of started.
     *
     * @param messageAttempt the attempt in the message's header (1 for a new job, + 1 per retried failure)
     * @param previousStarts from {@link #previousStarts}, not negative
     * @param maxAttempts the most deliveries of a job
     * @return the verdict
     */
    static Start judge(int messageAttempt, int previousStarts, int maxAttempts) {
        return new Start(previousStarts, messageAttempt + previousStarts, maxAttempts);
    }

    /**
     * The start count a committed offset holds for the record at {@code offset}: 0 when nothing is committed,
     * another offset is, or the metadata is not ours.
     *
     * @param committed the group's committed offset of the partition, null when none
     * @param offset the record's offset
     * @return starts, not negative
     */
    static int startsIn(OffsetAndMetadata committed, long offset) {
        if (committed == null
                || committed.offset() != offset
                || !committed.metadata().startsWith(METADATA_PREFIX)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(committed.metadata().substring(METADATA_PREFIX.length())));
        } catch (NumberFormatException e) {
            return 0; // not ours
        }
    }

    /**
     * How often the record at {@code offset} was started before without finishing.
     *
     * @return starts; -1 when the broker could not be asked
     */
    int previousStarts(TopicPartition tp, long offset) {
        try {
            Map<TopicPartition, OffsetAndMetadata> c = consumer.committed(Set.of(tp), requestTimeout);
            return startsIn(c.get(tp), offset);
        } catch (RuntimeException e) {
            LOG.warn(
                    "event=kafka_committed_unreadable client={} partition={} error=\"{}\"", clientId, tp, e.toString());
            return -1;
        }
    }

    /**
     * Records durably, before the job runs, that the record at {@code offset} is started once more. The fenced
     * commit fails when the partition is no longer ours.
     *
     * @param starts the count including this start
     * @return true when committed
     */
    boolean commitStart(TopicPartition tp, long offset, int starts) {
        return commit(tp, new OffsetAndMetadata(offset, METADATA_PREFIX + starts), Optional.of("start"));
    }

    /**
     * Commits {@code offset + 1}: the record is done (acknowledged, failed over to a new record, or dead-lettered).
     *
     * @return true when committed
     */
    boolean commitFinished(TopicPartition tp, long offset) {
        return commit(tp, new OffsetAndMetadata(offset + 1), Optional.empty());
    }

    private boolean commit(TopicPartition tp, OffsetAndMetadata to, Optional<String> what) {
        try {
            consumer.commitSync(Map.of(tp, to), requestTimeout);
            return true;
        } catch (RuntimeException e) {
            long offset = what.isPresent() ? to.offset() : to.offset() - 1;
            LOG.warn(
                    "event=kafka_commit_failed client={} partition={} offset={}{} error=\"{}\"",
                    clientId,
                    tp,
                    offset,
                    what.map(w -> " what=" + w).orElse(""),
                    e.toString());
            return false;
        }
    }
}
