package org.myoscreen.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.ledger.JobState;
import org.myoscreen.pipeline.ledger.Ledger;
import org.myoscreen.pipeline.ledger.RecordingJobQueue;

/**
 * The Kafka job queue against a real single-node KRaft broker started by {@code deploy/kafka/dev-broker.sh}.
 * One broker for the class; every test uses its own topics and consumer group.
 */
class KafkaJobQueueIT {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path tmp;

    static DevBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = DevBroker.start(tmp.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    private static KafkaSettings fresh() {
        String n = "t" + NAMES.incrementAndGet() + "-" + ProcessHandle.current().pid();
        return KafkaSettings.defaults(broker.bootstrap())
                .withTopics("jobs-" + n, "results-" + n, "dead-" + n)
                .withGroupId("workers-" + n)
                .withPartitions(1)
                .withRequestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void publishedJobIsTakenVerifiedAndReportedDoneAfterAcknowledge() throws Exception {
        KafkaSettings s = fresh();
        Job job = TestJobs.job(tmp.resolve("spool-a"), "1.2.3", 3);
        try (KafkaJobQueue worker = new KafkaJobQueue(s, "worker-a", new SharedFilesystemClaimCheckStore())) {
            worker.publish(job);

            JobDelivery d = worker.poll(LONG).orElseThrow();
            assertThat(d.job()).isEqualTo(job);
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(worker.poll()).isEmpty();

            worker.acknowledge(job.jobKey(), List.of("2.25.1", "2.25.2"));
        }

        List<JobEvent> events = readAll(s.resultsTopic(), 2).stream()
                .map(r -> JobEvent.fromBytes(r.value(), "results"))
                .toList();
        assertThat(events).extracting(JobEvent::state).containsExactly(JobState.RUNNING, JobState.DONE);
        assertThat(events.get(1).outputSopInstanceUids()).containsExactly("2.25.1", "2.25.2");
        assertThat(committedOffset(s)).isEqualTo(1);
    }

    @Test
    void jobOfAWorkerThatStopsWithoutAcknowledgingGoesToAnotherWorker() throws Exception {
        KafkaSettings s = fresh();
        Job job = TestJobs.job(tmp.resolve("spool-b"), "1.2.4", 1);
        KafkaJobQueue first = new KafkaJobQueue(s, "worker-1", new SharedFilesystemClaimCheckStore());
        first.publish(job);
        JobDelivery taken = first.poll(LONG).orElseThrow();
        assertThat(taken.job().jobKey()).isEqualTo(job.jobKey());

        try (KafkaJobQueue second = new KafkaJobQueue(s, "worker-2", new SharedFilesystemClaimCheckStore())) {
            first.close(); // "crash" mid-job: never acknowledged
            first.acknowledge(job.jobKey()); // too late: its partition was revoked, so nothing is committed
            assertThat(committedOffset(s))
                    .as("only the start of the job is committed")
                    .isZero();

            JobDelivery again = second.poll(LONG).orElseThrow();
            assertThat(again.job()).isEqualTo(job);
            assertThat(again.attempt()).as("the unfinished start counts").isEqualTo(2);
            second.acknowledge(job.jobKey());
            assertThat(first.status().uncommitted()).isEqualTo(1);
            assertThat(second.status().acknowledged()).isEqualTo(1);
            assertThat(second.status().restarted()).isEqualTo(1);
        }
        assertThat(committedOffset(s)).isEqualTo(1);
        // one DONE, from the worker that committed: the revoked one's late acknowledgement reports nothing
        List<JobEvent> events = readAll(s.resultsTopic(), 3).stream()
                .map(r -> JobEvent.fromBytes(r.value(), "results"))
                .toList();
        assertThat(events)
                .filteredOn(e -> e.state() == JobState.DONE)
                .extracting(JobEvent::worker)
                .containsExactly("worker-2");
    }

    @Test
    void jobThatKillsEveryWorkerTakingItLandsInTheDeadLetterTopic() throws Exception {
        KafkaSettings s = fresh().withMaxAttempts(2);
        Job poison = TestJobs.job(tmp.resolve("spool-k"), "1.2.8", 1);
        List<Integer> attempts = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            // each worker dies mid-job: it never acknowledges nor fails, only the broker remembers the start
            KafkaJobQueue victim = new KafkaJobQueue(s, "victim-" + i, new SharedFilesystemClaimCheckStore());
            if (i == 1) {
                victim.publish(poison);
            }
            attempts.add(victim.poll(LONG).orElseThrow().attempt());
            victim.close();
        }
        assertThat(attempts).containsExactly(1, 2);
        try (KafkaJobQueue next = new KafkaJobQueue(s, "next", new SharedFilesystemClaimCheckStore())) {
            ConsumerRecord<String, byte[]> dead =
                    readAll(s.deadLetterTopic(), 1).get(0);
            assertThat(dead.key()).isEqualTo(poison.jobKey());
            assertThat(JobMessages.text(dead.headers(), JobMessages.REASON_HEADER))
                    .contains("worker stopped or died while running it 2 time(s)");
            assertThat(next.poll()).isEmpty();
            assertThat(next.status().deadLettered()).isEqualTo(1);
        }
        assertThat(committedOffset(s)).isEqualTo(1);
    }

    @Test
    void workerWaitsWhileTheBrokerIsDownAndTakesJobsPublishedAfterItReturns() throws Exception {
        KafkaSettings s = fresh();
        Job before = TestJobs.job(tmp.resolve("spool-r"), "1.2.9.1", 1);
        Job after = TestJobs.job(tmp.resolve("spool-r"), "1.2.9.2", 1);
        try (KafkaJobQueue worker = new KafkaJobQueue(s, "worker-r", new SharedFilesystemClaimCheckStore())) {
            worker.publish(before);
            worker.acknowledge(worker.poll(LONG).orElseThrow().job().jobKey(), List.of());
            await(() -> worker.status().brokerReachable() && worker.status().groupJoined(), "worker connected");

            broker.stop();
            await(() -> !worker.status().brokerReachable(), "worker sees the broker gone");
            assertThat(worker.poll(Duration.ofSeconds(2))).isEmpty();
            broker.restart();

            try (KafkaJobPublisher publisher = new KafkaJobPublisher(s, "node-r")) {
                publisher.publishJob(after, 1);
            }
            JobDelivery d = worker.poll(Duration.ofSeconds(90)).orElseThrow();
            assertThat(d.job()).isEqualTo(after);
            worker.acknowledge(after.jobKey(), List.of());
            // reachability is sampled from the client's connection metrics once a second: wait for it
            await(() -> worker.status().brokerReachable(), "worker sees the broker again");
            assertThat(worker.status().acknowledged()).isEqualTo(2);
        }
    }

    @Test
    void jobFailingEveryAttemptLandsInTheDeadLetterTopicWithItsReason() throws Exception {
        KafkaSettings s = fresh().withMaxAttempts(2);
        Job poison = TestJobs.job(tmp.resolve("spool-c"), "1.2.5", 1);
        Job tampered = TestJobs.job(tmp.resolve("spool-c"), "1.2.6", 1);
        Files.writeString(tampered.files().get(0).path(), "changed after publishing");
        try (KafkaJobQueue worker = new KafkaJobQueue(s, "worker-p", new SharedFilesystemClaimCheckStore());
                KafkaProducer<String, byte[]> raw = producer()) {
            worker.publish(poison);
            raw.send(new ProducerRecord<>(s.jobsTopic(), "garbage", "not json".getBytes()))
                    .get();
            worker.publish(tampered);

            List<Integer> attempts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                JobDelivery d = worker.poll(LONG).orElseThrow();
                assertThat(d.job().jobKey()).isEqualTo(poison.jobKey());
                attempts.add(d.attempt());
                worker.fail(d.job().jobKey(), "segmentation crashed: out of memory", true);
            }
            assertThat(attempts).containsExactly(1, 2);

            Map<String, String> reasons = readAll(s.deadLetterTopic(), 3).stream()
                    .collect(Collectors.toMap(
                            ConsumerRecord::key, r -> JobMessages.text(r.headers(), JobMessages.REASON_HEADER)));
            assertThat(reasons.get(poison.jobKey())).isEqualTo("segmentation crashed: out of memory");
            assertThat(reasons.get("garbage")).startsWith("unreadable job message");
            assertThat(reasons.get(tampered.jobKey()))
                    .startsWith("claim check failed")
                    .contains("does not match");
            assertThat(worker.poll()).isEmpty();
            assertThat(worker.deadLetteredCount()).isEqualTo(3);
        }
        List<JobState> states = readAll(s.resultsTopic(), 6).stream()
                .map(r -> JobEvent.fromBytes(r.value(), "results").state())
                .toList();
        assertThat(states)
                .containsExactlyInAnyOrder(
                        JobState.RUNNING,
                        JobState.QUEUED,
                        JobState.RUNNING,
                        JobState.FAILED,
                        JobState.FAILED,
                        JobState.FAILED);
    }

    @Test
    void nodeKeepsJobsWhileTheBrokerIsDownAndPublishesThemWhenItReturns() throws Exception {
        KafkaSettings s = fresh().withRequestTimeout(Duration.ofSeconds(2));
        // the topics with a patient timeout (creation took over 2 s on a loaded 2-core machine); the short one is
        // for the publisher, so that the broker's outage is noticed quickly
        KafkaTopics.ensure(s.withRequestTimeout(Duration.ofSeconds(30)));
        Path spool = tmp.resolve("spool-d");
        try (Ledger ledger = new Ledger(tmp.resolve("ledger.db"), Clock.systemUTC());
                InProcessJobQueue backlog = new InProcessJobQueue(tmp.resolve("node-queue"));
                KafkaJobPublisher publisher = new KafkaJobPublisher(s, "node-1")) {
            RecordingJobQueue intake = new RecordingJobQueue(backlog, ledger);
            List<Job> jobs = new ArrayList<>();
            broker.stop();
            try (KafkaForwarder forwarder =
                    new KafkaForwarder(backlog, publisher, Duration.ofMillis(500), Duration.ofSeconds(2))) {
                for (int i = 0; i < 3; i++) {
                    Job j = TestJobs.job(spool, "1.2.7." + i, 1);
                    jobs.add(j);
                    intake.publish(j); // intake goes on while the broker is down
                }
                // down for 8 failed tries (≈ 30 s with a 2 s request timeout and 0.5-2 s backoff)
                await(() -> forwarder.publishFailures() >= 8, "forwarder retried while the broker was down");
                assertThat(forwarder.forwarded()).isZero();
                assertThat(backlog.size()).isEqualTo(3);

                broker.restart();
                await(() -> forwarder.forwarded() == 3, "forwarder published after the broker returned");
                assertThat(backlog.size()).isZero();
            }

            try (ResultsLedgerUpdater updater = new ResultsLedgerUpdater(s, "node-1-" + s.groupId(), ledger);
                    KafkaJobQueue worker = new KafkaJobQueue(s, "worker-d", new SharedFilesystemClaimCheckStore())) {
                List<String> received = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    JobDelivery d = worker.poll(LONG).orElseThrow();
                    received.add(d.job().jobKey());
                    worker.acknowledge(d.job().jobKey(), List.of("2.25." + i));
                }
                assertThat(received)
                        .containsExactlyInAnyOrderElementsOf(
                                jobs.stream().map(Job::jobKey).toList());
                await(
                        () -> jobs.stream()
                                .allMatch(j -> ledger.jobState(j.jobKey()).equals(Optional.of(JobState.DONE))),
                        "node ledger shows every job DONE");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
    }

    private static KafkaConsumer<String, byte[]> reader() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }

    /** Reads a topic's first {@code count} records (partition 0), waiting for them to arrive. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int count) throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = reader()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + LONG.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).as("records on " + topic).hasSizeGreaterThanOrEqualTo(count);
        return out;
    }

    private static long committedOffset(KafkaSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> k = new KafkaConsumer<>(c)) {
            TopicPartition tp = new TopicPartition(s.jobsTopic(), 0);
            var m = k.committed(java.util.Set.of(tp), Duration.ofSeconds(10)).get(tp);
            return m == null ? -1 : m.offset();
        }
    }
}
