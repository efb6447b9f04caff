package org.myoscreen.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobProcessingException;
import org.myoscreen.pipeline.ledger.JobState;

/**
 * The restart and dead-letter rules of {@link KafkaJobQueue} without a broker: Kafka's own in-memory consumer and
 * producer stand in for the clients, job events are stamped by a manual clock. Waits use the system ticker, so
 * that a job that never arrives fails the test instead of hanging it.
 */
class KafkaJobQueueRulesTest {

    private static final TopicPartition TP = new TopicPartition("jobs-t", 0);
    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final PacedConsumer consumer = new PacedConsumer();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final AtomicInteger fetches = new AtomicInteger();
    private ClaimCheckStore claimChecks = f -> {
        fetches.incrementAndGet();
        return f;
    };
    private KafkaJobQueue queue;

    /** Kafka's in-memory consumer, pausing briefly on an empty poll so the poll thread does not spin. */
    private static final class PacedConsumer extends MockConsumer<String, byte[]> {
        PacedConsumer() {
            super("earliest");
        }

        @Override
        public ConsumerRecords<String, byte[]> poll(Duration timeout) {
            ConsumerRecords<String, byte[]> r = super.poll(timeout);
            if (r.isEmpty()) {
                PollLoop.sleepQuietly(2);
            }
            return r;
        }
    }

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private void start(int maxAttempts) {
        KafkaSettings s = KafkaSettings.defaults("in-memory:9092")
                .withTopics("jobs-t", "results-t", "dead-t")
                .withGroupId("workers-t")
                .withPartitions(1)
                .withMaxAttempts(maxAttempts)
                .withRequestTimeout(Duration.ofSeconds(2));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(TP)));
        queue = new KafkaJobQueue(
                s,
                "worker-t",
                f -> claimChecks.fetch(f),
                job -> List.of("2.25.9"),
                clock,
                Ticker.SYSTEM,
                consumer,
                new KafkaJobPublisher(s, producer));
    }

    /** Puts a record on the jobs topic for the poll thread, after an earlier worker committed {@code starts}. */
    private void arrive(long offset, byte[] value, int attempt, int previousStarts) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(TP.topic(), TP.partition(), offset, "key", value);
        r.headers().add(JobMessages.ATTEMPT_HEADER, JobMessages.utf8(Integer.toString(attempt)));
        consumer.schedulePollTask(() -> {
            if (previousStarts > 0) {
                consumer.commitSync(
                        Map.of(TP, new OffsetAndMetadata(offset, StartCounter.METADATA_PREFIX + previousStarts)));
            }
            consumer.addRecord(r);
        });
    }

    private Job job(String study) throws Exception {
        return TestJobs.job(tmp.resolve("spool"), study, 2);
    }

    private OffsetAndMetadata committed() {
        return consumer.committed(Set.of(TP)).get(TP);
    }

    private List<ProducerRecord<String, byte[]>> sent(String topic) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : producer.history()) {
            if (r.topic().equals(topic)) {
                out.add(r);
            }
        }
        return out;
    }

    private List<JobEvent> events() {
        return sent("results-t").stream()
                .map(r -> JobEvent.fromBytes(r.value(), "results"))
                .toList();
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 4000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void jobStartedBeforeRunsWithEachUnfinishedStartCountedAsAnAttempt() throws Exception {
        start(3);
        Job job = job("1.2.1");
        arrive(0, JobMessages.toBytes(job), 1, 2);

        JobDelivery d = queue.poll(LONG).orElseThrow();

        assertThat(d.attempt()).isEqualTo(3);
        assertThat(committed()).isEqualTo(new OffsetAndMetadata(0, StartCounter.METADATA_PREFIX + "3"));
        assertThat(queue.status().restarted()).isEqualTo(1);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(JobState.RUNNING);
            assertThat(e.attempt()).isEqualTo(3);
            assertThat(e.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void jobThatStoppedAWorkerOnEveryAttemptGoesToTheDeadLetterTopicWithoutRunning() throws Exception {
        start(3);
        Job job = job("1.2.2");
        arrive(0, JobMessages.toBytes(job), 1, 3);

        await(() -> queue.deadLetteredCount() == 1, "dead-lettered");

        assertThat(queue.poll()).isEmpty();
        assertThat(fetches).as("claim checks not redeemed").hasValue(0);
        assertThat(sent("dead-t")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(job.jobKey());
            assertThat(header(r, JobMessages.REASON_HEADER)).contains("stopped or died while running it 3 time(s)");
            assertThat(header(r, JobMessages.ATTEMPT_HEADER)).isEqualTo("3");
        });
        assertThat(committed().offset()).isEqualTo(1);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(JobState.FAILED);
            assertThat(e.attempt()).isEqualTo(3);
            assertThat(e.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void recordThatIsNotAJobGoesToTheDeadLetterTopicAtOnce() throws Exception {
        start(3);
        arrive(0, "not json".getBytes(StandardCharsets.UTF_8), 1, 0);

        await(() -> queue.deadLetteredCount() == 1, "dead-lettered");

        assertThat(header(sent("dead-t").get(0), JobMessages.REASON_HEADER)).startsWith("unreadable job message");
        assertThat(committed().offset()).isEqualTo(1);
        assertThat(events()).extracting(JobEvent::state).containsExactly(JobState.FAILED);
    }

    @Test
    void failedJobIsPublishedAgainUntilItsLastAttemptThenDeadLettered() throws Exception {
        start(2);
        Job job = job("1.2.3");
        arrive(0, JobMessages.toBytes(job), 1, 0);
        JobDelivery first = queue.poll(LONG).orElseThrow();
        clock.advance(Duration.ofMinutes(3));

        queue.fail(job.jobKey(), "segmentation crashed", true);

        ProducerRecord<String, byte[]> again = sent("jobs-t").get(0);
        assertThat(header(again, JobMessages.ATTEMPT_HEADER)).isEqualTo("2");
        assertThat(committed().offset()).isEqualTo(1);
        Instant requeuedAt = clock.instant();

        arrive(1, again.value(), 2, 0);
        JobDelivery second = queue.poll(LONG).orElseThrow();
        clock.advance(Duration.ofMinutes(3));
        queue.fail(job.jobKey(), "segmentation crashed", true);

        assertThat(List.of(first.attempt(), second.attempt())).containsExactly(1, 2);
        assertThat(sent("jobs-t")).hasSize(1);
        assertThat(header(sent("dead-t").get(0), JobMessages.REASON_HEADER)).isEqualTo("segmentation crashed");
        assertThat(committed().offset()).isEqualTo(2);
        assertThat(events())
                .extracting(JobEvent::state)
                .containsExactly(JobState.RUNNING, JobState.QUEUED, JobState.RUNNING, JobState.FAILED);
        assertThat(events().get(1).at()).isEqualTo(requeuedAt);
        assertThat(events().get(3).at()).isEqualTo(clock.instant());
        assertThat(queue.status().requeued()).isEqualTo(1);
        assertThat(queue.status().deadLettered()).isEqualTo(1);
    }

    @Test
    void jobFailedWithoutRetryIsDeadLetteredOnItsFirstAttempt() throws Exception {
        start(3);
        Job job = job("1.2.4");
        arrive(0, JobMessages.toBytes(job), 1, 0);
        queue.poll(LONG).orElseThrow();

        queue.fail(job.jobKey(), "not a lumbar series", false);

        assertThat(sent("jobs-t")).isEmpty();
        assertThat(sent("dead-t")).hasSize(1);
        assertThat(committed().offset()).isEqualTo(1);
    }

    @Test
    void changedInputIsDeadLetteredAtOnceAndAnUnreadableOneRetried() throws Exception {
        start(3);
        Job changed = job("1.2.5");
        Job unreadable = job("1.2.6");
        claimChecks = f -> {
            boolean blip = f.sopInstanceUid().startsWith("1.2.6");
            throw new ClaimCheckException("file " + f.path(), new JobProcessingException("changed or blip", blip));
        };
        arrive(0, JobMessages.toBytes(changed), 1, 0);
        arrive(1, JobMessages.toBytes(unreadable), 1, 0);

        await(
                () -> queue.poll().isEmpty()
                        && queue.status().deadLettered() == 1
                        && queue.status().requeued() == 1,
                "both handed out and failed");

        assertThat(sent("dead-t"))
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(changed.jobKey()));
        assertThat(sent("jobs-t")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(unreadable.jobKey());
            assertThat(header(r, JobMessages.ATTEMPT_HEADER)).isEqualTo("2");
        });
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void failWhileTheBrokerRefusesPublishingCommitsNothing() throws Exception {
        start(3);
        Job job = job("1.2.7");
        arrive(0, JobMessages.toBytes(job), 1, 0);
        queue.poll(LONG).orElseThrow();
        producer.sendException = new TimeoutException("broker down");

        queue.fail(job.jobKey(), "segmentation crashed", true);

        assertThat(committed())
                .as("the start stays committed, not the record")
                .isEqualTo(new OffsetAndMetadata(0, StartCounter.METADATA_PREFIX + "1"));
        assertThat(queue.status().requeued()).isZero();
        assertThat(queue.status().jobInHand()).isEmpty();
    }

    @Test
    void acknowledgedJobIsCommittedAndReportedDoneWithItsFilesVerifiedOnce() throws Exception {
        start(3);
        Job job = job("1.2.8");
        arrive(0, JobMessages.toBytes(job), 1, 0);
        JobDelivery d = queue.poll(LONG).orElseThrow();
        clock.advance(Duration.ofMinutes(4));

        queue.acknowledge(job.jobKey());

        assertThat(d.filesVerified()).isTrue();
        assertThat(fetches).as("one claim check per file").hasValue(2);
        assertThat(committed()).isEqualTo(new OffsetAndMetadata(1));
        JobEvent done = events().get(1);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.outputSopInstanceUids()).containsExactly("2.25.9");
        assertThat(done.at()).isEqualTo(clock.instant());
    }

    @Test
    void jobWhosePartitionWasRevokedIsNeitherCommittedNorFailedByItsOldOwner() throws Exception {
        start(3);
        Job job = job("1.2.9");
        arrive(0, JobMessages.toBytes(job), 1, 0);
        queue.poll(LONG).orElseThrow();
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        await(() -> queue.status().assignedPartitions() == 0, "partition revoked");

        queue.acknowledge(job.jobKey());

        assertThat(committed().offset()).as("not committed past the job").isZero();
        assertThat(queue.status().uncommitted()).isEqualTo(1);
        assertThat(events()).extracting(JobEvent::state).containsExactly(JobState.RUNNING);
        assertThat(sent("dead-t")).isEmpty();
    }
}
