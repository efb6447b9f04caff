package org.myoscreen.app.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.myoscreen.analysis.LevelRange;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.app.Installation;
import org.myoscreen.app.analyze.AnalysisResources;
import org.myoscreen.app.analyze.StudyProcessor;
import org.myoscreen.app.analyze.StudySegmenter;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.ConfigKey;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.pipeline.delivery.DeliveryLoop;
import org.myoscreen.pipeline.delivery.DeliveryPolicy;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.delivery.Outbox;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobOutcome;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.myoscreen.pipeline.jobs.Worker;
import org.myoscreen.pipeline.jobs.WorkerConfig;
import org.myoscreen.pipeline.jobs.WorkerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis and delivery half of a node, built from configuration: the outbox in {@code
 * DATA_DIR/outbox} with its delivery loop (always, so that results stored earlier still go out),
 * and, when {@code worker.threads} is above 0, the model (loaded once, shared by the threads) and a
 * {@link Worker} taking jobs from the given queue, writing results under {@code DATA_DIR/results}.
 * The queue may be any {@link JobQueue}: {@code run} passes the in-process backlog; a Kafka worker
 * passes its consumer.
 *
 * <p>{@link #close()} stops the worker (running jobs finish within the grace period), then frees the
 * model, then stops the delivery loop; it does not close the queue. A start that fails frees what it built.
 * Thread-safe.
 */
public final class WorkerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

    /**
     * Totals for {@code /health} and {@code /metrics}.
     *
     * @param jobs the worker's totals (all zero when no worker runs)
     * @param deliveries the delivery loop's totals
     * @param workerThreads threads analysing jobs (0: intake only)
     */
    public record Counters(Worker.Counters jobs, DeliveryLoop.Counters deliveries, int workerThreads) {}

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Outbox outbox;
    private final DeliveryLoop deliveryLoop;
    private final Optional<Worker> worker;
    private final int threads;

    private WorkerService(
            Settings settings,
            Path workingDirectory,
            Path dataDir,
            JobQueue queue,
            WorkerListener listener,
            Clock clock,
            UnaryOperator<Outbox.Sender> senderWrapper,
            int maxAttempts) {
        DeliveryPolicy policy = deliveryPolicy(settings);
        outbox = new Outbox(
                dataDir.resolve("outbox"),
                policy,
                clock,
                senderWrapper.apply(ResultSenders.create(
                        settings, workingDirectory, settings.get(NodeConfigKeys.DELIVERY_DIMSE_TIMEOUT))));
        deliveryLoop = new DeliveryLoop(outbox, settings.get(NodeConfigKeys.DELIVERY_INTERVAL));
        resources.push(deliveryLoop);
        threads = settings.get(NodeConfigKeys.WORKER_THREADS);
        if (threads == 0) {
            worker = Optional.empty();
            LOG.info("event=worker_disabled reason=\"worker.threads is 0: jobs wait in the backlog\"");
            return;
        }
        try {
            StudyProcessor studies = studyProcessor(settings, workingDirectory);
            AnalysisJobProcessor processor = new AnalysisJobProcessor(studies, dataDir.resolve("results"));
            WorkerListener wake = new WorkerListener() {
                @Override
                public void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {
                    // send the new results now rather than at the next interval
                    deliveryLoop.wake();
                }
            };
            // the job's destinations, else the configured ones (worker --destination; run puts them in the job)
            List<Destination> fallback = settings.get(NodeConfigKeys.DESTINATION).stream()
                    .map(Destination::parse)
                    .toList();
            worker = Optional.of(new Worker(
                    queue,
                    processor,
                    outbox,
                    WorkerListener.of(listener, wake),
                    new WorkerConfig(
                            threads, maxAttempts, WorkerConfig.defaults().shutdownGrace(), fallback),
                    clock));
        } catch (RuntimeException e) {
            // start-up failed (model, reference table, labels): free what was built so far before the caller exits
            close();
            throw e;
        }
    }

    /**
     * Builds and starts the delivery loop and, when configured, the worker.
     *
     * @param settings the node's settings
     * @param workingDirectory against which relative paths resolve
     * @param dataDir the data folder (already created)
     * @param queue where jobs come from
     * @param listener observes job states (e.g. {@link WorkerListener#ledger})
     * @param clock the clock for the outbox and job timings
     * @param senderWrapper wraps the outbox's DICOM sender (e.g. to time each send for the metrics)
     * @return the running service
     * @throws UsageException when the model, reference table or risk models cannot be loaded, or the
     *     delivery settings do not fit together (exit code 2)
     */
    public static WorkerService start(
            Settings settings,
            Path workingDirectory,
            Path dataDir,
            JobQueue queue,
            WorkerListener listener,
            Clock clock,
            UnaryOperator<Outbox.Sender> senderWrapper) {
        return start(
                settings,
                workingDirectory,
                dataDir,
                queue,
                listener,
                clock,
                senderWrapper,
                settings.get(NodeConfigKeys.WORKER_MAX_ATTEMPTS));
    }

    /**
     * Like {@link #start(Settings, Path, Path, JobQueue, WorkerListener, Clock, UnaryOperator)}, with the queue's own
     * attempt limit: a Kafka worker passes {@code kafka-max-attempts}, so that one limit applies, not the smaller of
     * two.
     *
     * @param maxAttempts deliveries of a job that may fail with a retriable failure, at least 1
     * @return the running service
     * @throws UsageException as the other overload
     */
    public static WorkerService start(
            Settings settings,
            Path workingDirectory,
            Path dataDir,
            JobQueue queue,
            WorkerListener listener,
            Clock clock,
            UnaryOperator<Outbox.Sender> senderWrapper,
            int maxAttempts) {
        Objects.requireNonNull(queue, "queue is null");
        Objects.requireNonNull(listener, "listener is null");
        WorkerService service = new WorkerService(
                settings, workingDirectory, dataDir, queue, listener, clock, senderWrapper, maxAttempts);
        service.deliveryLoop.start();
        service.worker.ifPresent(w -> {
            w.start();
            service.resources.push(w);
        });
        return service;
    }

    /** The outbox the results go through. */
    public Outbox outbox() {
        return outbox;
    }

    /** Totals since start. */
    public Counters counters() {
        return new Counters(
                worker.map(Worker::counters).orElse(new Worker.Counters(0, 0, 0, 0, 0)),
                deliveryLoop.counters(),
                threads);
    }

    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn(
                        "event=shutdown_error resource={} error=\"{}\"",
                        r.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    private static DeliveryPolicy deliveryPolicy(Settings settings) {
        try {
            return new DeliveryPolicy(
                    settings.get(NodeConfigKeys.DELIVERY_INITIAL_BACKOFF),
                    settings.get(NodeConfigKeys.DELIVERY_MULTIPLIER),
                    settings.get(NodeConfigKeys.DELIVERY_MAX_BACKOFF),
                    settings.get(NodeConfigKeys.DELIVERY_HORIZON));
        } catch (IllegalArgumentException e) {
            throw new UsageException("configuration: delivery.initial-backoff (from "
                    + settings.origin(NodeConfigKeys.DELIVERY_INITIAL_BACKOFF) + "), delivery.max-backoff (from "
                    + settings.origin(NodeConfigKeys.DELIVERY_MAX_BACKOFF) + "): " + e.getMessage());
        }
    }

    private static LevelRange levelRange(Settings settings) {
        try {
            return LevelRange.parse(settings.get(NodeConfigKeys.LEVEL_RANGE));
        } catch (IllegalArgumentException e) {
            throw new UsageException(problem(settings, NodeConfigKeys.LEVEL_RANGE, e.getMessage()));
        }
    }

    /** Loads the model, reference table and risk models once; the returned processor holds the model. */
    private StudyProcessor studyProcessor(Settings settings, Path workingDirectory) {
        Path modelDir = path(settings, workingDirectory, NodeConfigKeys.MODEL);
        Path referenceFile = path(settings, workingDirectory, NodeConfigKeys.REFERENCE);
        Path riskFile = path(settings, workingDirectory, NodeConfigKeys.RISK_MODELS);
        MuscleAnalyzer analyzer = AnalysisResources.analyzer(
                referenceFile,
                label(settings, NodeConfigKeys.REFERENCE),
                riskFile,
                label(settings, NodeConfigKeys.RISK_MODELS),
                levelRange(settings));
        StudySegmenter model = AnalysisResources.model(modelDir, label(settings, NodeConfigKeys.MODEL), "");
        resources.push(model);
        try {
            StudyProcessor studies = new StudyProcessor(model, analyzer, new StudyProcessor.Options(false, false));
            LOG.info(
                    "event=model_loaded model={} version={} dir={}",
                    model.manifest().name(),
                    model.manifest().version(),
                    modelDir);
            return studies;
        } catch (IllegalArgumentException e) {
            model.close();
            throw new UsageException(
                    problem(settings, NodeConfigKeys.MODEL, modelDir + ": labels: " + e.getMessage()), e);
        }
    }

    private static Path path(Settings settings, Path workingDirectory, ConfigKey<String> key) {
        return Installation.resolve(
                workingDirectory, settings.get(key), !settings.origin(key).equals("default"));
    }

    /** How messages name a setting: the key and where its value came from. */
    private static String label(Settings settings, ConfigKey<String> key) {
        return "configuration: " + key.name() + " (from " + settings.origin(key) + ")";
    }

    private static String problem(Settings settings, ConfigKey<String> key, String what) {
        return label(settings, key) + ": " + what;
    }
}
