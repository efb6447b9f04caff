package org.myoscreen.pipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.StoreResult;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.delivery.Delivery;
import org.myoscreen.pipeline.delivery.DeliveryLoop;
import org.myoscreen.pipeline.delivery.DeliveryPolicy;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.delivery.Outbox;
import org.myoscreen.pipeline.ledger.JobState;
import org.myoscreen.pipeline.ledger.Ledger;

/** The worker over a real on-disk queue, a real outbox and a real ledger, with trivial processors. */
class WorkerTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    private Outbox outbox() {
        return new Outbox(dir.resolve("outbox"), DeliveryPolicy.defaults(), clock, (destination, files) -> {
            List<StoreResult> out = new ArrayList<>();
            for (Path f : files) {
                sent.add(f.getFileName().toString());
                out.add(new StoreResult(f.getFileName().toString(), DimseStatus.SUCCESS, Optional.empty()));
            }
            return out;
        });
    }

    /** Writes one output file per job, named for the job's study, and returns it as the result. */
    private JobProcessor writingProcessor() {
        return delivery -> {
            try {
                Path out = Files.createDirectories(dir.resolve("results"))
                        .resolve(delivery.job().studyInstanceUid() + ".dcm");
                Files.write(out, delivery.job().jobKey().getBytes(StandardCharsets.UTF_8));
                return new JobOutcome(JobOutcome.Status.RESULT, "", List.of(out), Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** A queue that records, at each acknowledgement, whether the job's outputs were already in the outbox. */
    private static final class CheckingQueue implements JobQueue {
        final InProcessJobQueue delegate;
        final Outbox outbox;
        final LinkedBlockingQueue<String> acknowledged = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> failed = new LinkedBlockingQueue<>();
        volatile boolean ackedBeforeOutbox;
        volatile boolean failNextAcknowledge;

        CheckingQueue(InProcessJobQueue delegate, Outbox outbox) {
            this.delegate = delegate;
            this.outbox = outbox;
        }

        @Override
        public void publish(Job job) {
            delegate.publish(job);
        }

        @Override
        public Optional<JobDelivery> poll() {
            return delegate.poll();
        }

        @Override
        public Optional<JobDelivery> poll(Duration timeout) throws InterruptedException {
            return delegate.poll(timeout);
        }

        @Override
        public JobDelivery take() throws InterruptedException {
            return delegate.take();
        }

        @Override
        public void acknowledge(String jobKey) {
            if (failNextAcknowledge) {
                failNextAcknowledge = false;
                throw new UncheckedIOException(new IOException("no space left on device"));
            }
            if (outbox.deliveries(jobKey).isEmpty()) {
                ackedBeforeOutbox = true;
            }
            delegate.acknowledge(jobKey);
            acknowledged.add(jobKey);
        }

        @Override
        public void fail(String jobKey, String reason, boolean retry) {
            delegate.fail(jobKey, reason, retry);
            failed.add(jobKey + " retry=" + retry + " " + reason);
        }

        @Override
        public int size() {
            return delegate.size();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static WorkerConfig config(int maxAttempts) {
        return new WorkerConfig(1, maxAttempts, Duration.ofSeconds(5));
    }

    @Test
    void aJobWhoseAcknowledgementFailsIsGivenBackAndRunsAgainInsteadOfStayingInFlight() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.5", 1);
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock);
                CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker =
                        new Worker(queue, writingProcessor(), outbox, ledger.asWorkerListener(), config(3), clock)) {
            queue.failNextAcknowledge = true;
            ledger.jobPublished(job);
            queue.publish(job);
            worker.start();

            assertThat(queue.failed.poll(20, TimeUnit.SECONDS))
                    .startsWith(job.jobKey() + " retry=true")
                    .contains("acknowledge failed")
                    .contains("no space left on device");
            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(job.jobKey());
            assertThat(queue.size()).isZero();
            awaitLedger(ledger, job.jobKey(), JobState.DONE);
            assertThat(outbox.deliveries(job.jobKey())).singleElement();
        }
    }

    @Test
    void aJobWithoutDestinationsGoesToTheWorkersOwn() throws Exception {
        Outbox outbox = outbox();
        Job named = JobQueueTest.job("1.2.6", 1);
        Job job = new Job(
                named.studyInstanceUid(),
                named.groupingKey(),
                named.version(),
                named.ruleId(),
                named.modelId(),
                List.of(),
                named.callingAeTitle(),
                named.seriesInstanceUids(),
                named.files(),
                named.firstArrival(),
                named.lastArrival(),
                named.createdAt());
        Destination own = Destination.parse("WORKERPACS@pacs:11112");
        try (CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(
                        queue,
                        writingProcessor(),
                        outbox,
                        WorkerListener.NONE,
                        new WorkerConfig(1, 3, Duration.ofSeconds(5), List.of(own)),
                        clock)) {
            queue.publish(job);
            worker.start();

            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(job.jobKey());
            assertThat(outbox.deliveries(job.jobKey()))
                    .singleElement()
                    .satisfies(d -> assertThat(d.destination()).isEqualTo(own));
        }
    }

    @Test
    void acknowledgesOnlyAfterTheOutputsAreInTheOutboxThenDelivers() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.3", 1);
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock);
                CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker =
                        new Worker(queue, writingProcessor(), outbox, ledger.asWorkerListener(), config(3), clock)) {
            ledger.jobPublished(job);
            queue.publish(job);
            worker.start();

            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(job.jobKey());
            assertThat(queue.ackedBeforeOutbox).isFalse();
            assertThat(outbox.deliveries(job.jobKey()))
                    .singleElement()
                    .satisfies(d -> assertThat(d.state()).isEqualTo(Delivery.State.PENDING));
            assertThat(queue.size()).isZero();
            awaitLedger(ledger, job.jobKey(), JobState.DONE);

            DeliveryLoop loop = new DeliveryLoop(outbox, Duration.ofHours(1));
            assertThat(loop.round()).isEqualTo(new Outbox.Round(1, 0, 0, 0));
            assertThat(sent).containsExactly("1.2.3.dcm");
            assertThat(outbox.deliveries(job.jobKey())).isEmpty();
            assertThat(worker.counters()).isEqualTo(new Worker.Counters(1, 0, 0, 0, 0));
            assertThat(loop.counters().delivered()).isEqualTo(1);
            loop.close();
        }
    }

    @Test
    void outputsThatCannotBeStoredLeaveTheJobUnacknowledgedAndRetried() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.4", 1);
        JobProcessor missingOutput = d -> new JobOutcome(
                JobOutcome.Status.RESULT, "", List.of(dir.resolve("never-written.dcm")), Optional.empty());
        try (CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(queue, missingOutput, outbox, WorkerListener.NONE, config(2), clock)) {
            queue.publish(job);
            worker.start();

            assertThat(queue.failed.poll(20, TimeUnit.SECONDS))
                    .startsWith(job.jobKey() + " retry=true")
                    .contains("never-written.dcm");
            assertThat(queue.failed.poll(20, TimeUnit.SECONDS)).startsWith(job.jobKey() + " retry=false");
            assertThat(queue.acknowledged).isEmpty();
            assertThat(queue.delegate.failedFiles()).hasSize(1);
        }
    }

    @Test
    void retriableFailureIsRetriedUpToMaxAttemptsThenFailedForGood() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.5", 1);
        AtomicInteger calls = new AtomicInteger();
        JobProcessor flaky = d -> {
            calls.incrementAndGet();
            throw new JobProcessingException(
                    "scratch disk full while running " + d.job().jobKey(), true);
        };
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock);
                CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(queue, flaky, outbox, ledger.asWorkerListener(), config(3), clock)) {
            ledger.jobPublished(job);
            queue.publish(job);
            worker.start();

            assertThat(queue.failed.poll(20, TimeUnit.SECONDS)).startsWith(job.jobKey() + " retry=true");
            assertThat(queue.failed.poll(20, TimeUnit.SECONDS)).startsWith(job.jobKey() + " retry=true");
            assertThat(queue.failed.poll(20, TimeUnit.SECONDS))
                    .startsWith(job.jobKey() + " retry=false")
                    .contains("scratch disk full");
            assertThat(calls.get()).isEqualTo(3);
            assertThat(queue.size()).isZero();
            assertThat(queue.delegate.failedFiles()).hasSize(1);
            awaitLedger(ledger, job.jobKey(), JobState.FAILED);
            assertThat(worker.counters()).isEqualTo(new Worker.Counters(0, 0, 0, 2, 1));
        }
    }

    @Test
    void nonRetriableFailureFailsTheJobAtOnce() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.6", 1);
        JobProcessor changedInput = d -> {
            throw new JobProcessingException("input file /data/spool/x.dcm changed (sha256 differs)", false);
        };
        try (CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(queue, changedInput, outbox, WorkerListener.NONE, config(5), clock)) {
            queue.publish(job);
            worker.start();

            assertThat(queue.failed.poll(20, TimeUnit.SECONDS))
                    .startsWith(job.jobKey() + " retry=false")
                    .contains("/data/spool/x.dcm");
            assertThat(worker.counters().failed()).isEqualTo(1);
            assertThat(worker.counters().retried()).isZero();
        }
    }

    @Test
    void qcRefusalIsAcknowledgedAndRecordedWithItsReason() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.7", 1);
        JobProcessor refusing = d ->
                new JobOutcome(JobOutcome.Status.QC_REFUSED, "field of view misses L3", List.of(), Optional.empty());
        try (Ledger ledger = new Ledger(dir.resolve("ledger.db"), clock);
                CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(queue, refusing, outbox, ledger.asWorkerListener(), config(3), clock)) {
            ledger.jobPublished(job);
            queue.publish(job);
            worker.start();

            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(job.jobKey());
            awaitLedger(ledger, job.jobKey(), JobState.QC_REFUSED);
            assertThat(worker.counters().qcRefused()).isEqualTo(1);
        }
    }

    @Test
    void jobInFlightWhenTheProcessDiesIsDeliveredAgainAfterRestart() throws Exception {
        Outbox outbox = outbox();
        Job job = JobQueueTest.job("1.2.8", 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        JobProcessor hanging = d -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new JobProcessingException("interrupted", true);
        };
        InProcessJobQueue first = new InProcessJobQueue(dir.resolve("queue"));
        Worker dying =
                new Worker(first, hanging, outbox, WorkerListener.NONE, new WorkerConfig(1, 3, Duration.ZERO), clock);
        first.publish(job);
        dying.start();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        // the "crash": this process's queue is gone while the job is in flight, never acknowledged
        first.close();
        dying.close();
        assertThat(outbox.deliveries(job.jobKey())).isEmpty();

        try (CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(queue, writingProcessor(), outbox, WorkerListener.NONE, config(3), clock)) {
            assertThat(queue.size()).isEqualTo(1);
            worker.start();

            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(job.jobKey());
            assertThat(outbox.deliveries(job.jobKey())).hasSize(1);
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void aListenerThatThrowsNeitherStopsTheThreadNorStrandsTheJob() throws Exception {
        Outbox outbox = outbox();
        Job first = JobQueueTest.job("1.2.9", 1);
        Job second = JobQueueTest.job("1.2.10", 1);
        WorkerListener throwing = new WorkerListener() {
            @Override
            public void jobStarted(JobDelivery delivery) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (CheckingQueue queue = new CheckingQueue(new InProcessJobQueue(dir.resolve("queue")), outbox);
                Worker worker = new Worker(queue, writingProcessor(), outbox, throwing, config(3), clock)) {
            queue.publish(first);
            queue.publish(second);
            worker.start();

            // one thread: the second job is taken only when the thread outlived the first job's listener calls
            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(first.jobKey());
            assertThat(queue.acknowledged.poll(20, TimeUnit.SECONDS)).isEqualTo(second.jobKey());
            assertThat(outbox.deliveries(first.jobKey())).hasSize(1);
            assertThat(outbox.deliveries(second.jobKey())).hasSize(1);
        }
    }

    private static void awaitLedger(Ledger ledger, String jobKey, JobState state) throws InterruptedException {
        // the listener runs just after the acknowledgement, on the worker thread
        for (int i = 0; i < 200 && !ledger.jobState(jobKey).equals(Optional.of(state)); i++) {
            Thread.sleep(50);
        }
        assertThat(ledger.jobState(jobKey)).contains(state);
    }
}
