package org.myoscreen.app.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.myoscreen.app.HealthServer;
import org.myoscreen.app.Node;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.KafkaConfigKeys;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.app.http.HttpAccess;
import org.myoscreen.app.http.NodeMetrics;
import org.myoscreen.app.worker.WorkerService;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.pipeline.delivery.DeliveryLoop;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.Worker;
import org.myoscreen.pipeline.kafka.ClaimCheckStore;
import org.myoscreen.pipeline.kafka.KafkaJobQueue;
import org.myoscreen.pipeline.kafka.KafkaMetrics;
import org.myoscreen.pipeline.kafka.KafkaSettings;
import org.myoscreen.pipeline.kafka.KafkaUnavailableException;
import org.myoscreen.pipeline.kafka.SharedFilesystemClaimCheckStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code myoscreen worker --kafka HOST:PORT}: a worker of the scale-out. Joins the workers' consumer group,
 * takes one job at a time, redeems its claim checks on the shared spool, analyses it like {@code run} and
 * delivers the outputs through its outbox ({@code DATA_DIR/outbox}); the job's offset is committed once the
 * outputs are in the outbox. Waits (and keeps retrying) while Kafka is unreachable. Serves {@code /health} and
 * {@code /metrics} on {@code http-port} like {@code run} and {@code node} (0 turns it off).
 */
public final class WorkerCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    private final ConfigLoader loader = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "worker of the scale-out: take jobs from Kafka, analyse, deliver (--kafka HOST:PORT)";
    }

    @Override
    public String description() {
        return "One job at a time from the Kafka jobs topic (consumer group kafka-group); the instances are "
                + "read from the shared spool at the paths in the job (claim-check-root and claim-check-mount map "
                + "another mount point) after their size and SHA-256 are checked. Results go to the job's "
                + "destinations, else to destination, through DATA_DIR/outbox. A job is committed only once its "
                + "outputs are in the outbox; a failing job is retried kafka-max-attempts times, then published "
                + "to the dead-letter topic. Job states go to the results topic. /health and /metrics on http-port "
                + "(0 turns it off) show the consumer, the job in hand and the job and delivery totals. See docs/kafka.md.";
    }

    @Override
    public List<OptionSpec> options() {
        return loader.optionSpecs();
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) throws InterruptedException {
        args.requireNoPositionals("worker");
        Settings settings = loader.load(args, context.environment(), context.workingDirectory());
        KafkaSettings kafka = KafkaConfigKeys.kafkaSettings(settings);
        if (settings.get(NodeConfigKeys.WORKER_THREADS) < 1) {
            throw new UsageException("worker: worker.threads must be at least 1");
        }
        int maxAttempts = attemptLimit(settings, kafka);
        Path dataDir = Node.dataDir(settings, context.workingDirectory());
        ClaimCheckStore claimChecks = claimChecks(settings, context);
        String clientId =
                "myoscreen-worker-" + hostName() + "-" + ProcessHandle.current().pid();
        Path results = dataDir.resolve("results");
        // the HTTP service comes first, so that /health shows a worker waiting for the broker
        AtomicReference<KafkaJobQueue> queueRef = new AtomicReference<>();
        AtomicReference<WorkerService> serviceRef = new AtomicReference<>();
        NodeMetrics metrics = NodeMetrics.create();
        Optional<HealthServer> http = startHttp(settings, clientId, queueRef, serviceRef, metrics);
        KafkaJobQueue queue;
        WorkerService service;
        try {
            queue = connect(kafka, clientId, claimChecks, job -> outputSopInstanceUids(results, job), context);
            queueRef.set(queue);
            try {
                service = WorkerService.start(
                        settings,
                        context.workingDirectory(),
                        dataDir,
                        queue,
                        metrics.analysisTimer(),
                        Clock.systemUTC(),
                        metrics::timed,
                        maxAttempts);
            } catch (RuntimeException e) {
                queue.close();
                throw e;
            }
            serviceRef.set(service);
        } catch (RuntimeException | InterruptedException e) {
            http.ifPresent(HealthServer::close);
            throw e;
        }
        Foreground foreground = Foreground.stopOnShutdown(() -> {
            service.close(); // the job in hand finishes within the grace period, else another worker re-runs it
            queue.close();
            http.ifPresent(HealthServer::close);
        });
        context.err()
                .println("myoscreen worker: " + clientId + " consuming " + kafka.jobsTopic() + " on "
                        + kafka.bootstrapServers() + " in group " + kafka.groupId() + ", data in " + dataDir
                        + http.map(h -> ", HTTP on port " + h.port()).orElse("")
                        + settings.configFile().map(f -> ", config " + f).orElse(""));
        foreground.await();
        return 0;
    }

    /**
     * The worker's one retry limit: kafka-max-attempts, which the queue counts across workers and restarts.
     * worker.max-attempts applies to run only; when it is set anyway, one WARN line says it is ignored.
     */
    static int attemptLimit(Settings settings, KafkaSettings kafka) {
        if (!settings.origin(NodeConfigKeys.WORKER_MAX_ATTEMPTS).equals("default")) {
            LOG.warn(
                    "event=setting_ignored key={} from=\"{}\" reason=\"worker uses kafka-max-attempts ({})\"",
                    NodeConfigKeys.WORKER_MAX_ATTEMPTS.name(),
                    settings.origin(NodeConfigKeys.WORKER_MAX_ATTEMPTS),
                    kafka.maxAttempts());
        }
        return kafka.maxAttempts();
    }

    /** The worker's /health and /metrics on http-port (0: none); zeros until the queue and service exist. */
    private static Optional<HealthServer> startHttp(
            Settings settings,
            String clientId,
            AtomicReference<KafkaJobQueue> queue,
            AtomicReference<WorkerService> service,
            NodeMetrics metrics) {
        int port = settings.get(NodeConfigKeys.HTTP_PORT);
        if (port == 0) {
            return Optional.empty();
        }
        HttpAccess access = HttpAccess.from(settings);
        int threads = settings.get(NodeConfigKeys.WORKER_THREADS);
        WorkerService.Counters none = new WorkerService.Counters(
                new Worker.Counters(0, 0, 0, 0, 0), new DeliveryLoop.Counters(0, 0, 0, 0, 0), threads);
        KafkaJobQueue.Status waiting = new KafkaJobQueue.Status(false, false, 0, Optional.empty(), 0, 0, 0, 0, 0);
        try {
            Supplier<WorkerService.Counters> counters = () -> Optional.ofNullable(service.get())
                    .map(WorkerService::counters)
                    .orElse(none);
            metrics.work(counters);
            return Optional.of(HealthServer.startWorker(
                    access,
                    port,
                    () -> {
                        KafkaJobQueue.Status k = Optional.ofNullable(queue.get())
                                .map(KafkaJobQueue::status)
                                .orElse(waiting);
                        return new HealthServer.WorkerHealth(
                                clientId, counters.get(), KafkaMetrics.workerJson(k), KafkaMetrics.worker(k));
                    },
                    metrics));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the worker's HTTP service on port " + port + " (from "
                            + settings.origin(NodeConfigKeys.HTTP_PORT) + "): " + e.getMessage(),
                    e);
        }
    }

    /** Joins the group, retrying with backoff while the broker is unreachable ("a worker waits"). */
    private static KafkaJobQueue connect(
            KafkaSettings kafka,
            String clientId,
            ClaimCheckStore claimChecks,
            java.util.function.Function<Job, List<String>> outputs,
            CommandContext context)
            throws InterruptedException {
        long backoffMs = 1000;
        for (int tries = 1; ; tries++) {
            try {
                return new KafkaJobQueue(kafka, clientId, claimChecks, outputs, Clock.systemUTC());
            } catch (KafkaUnavailableException e) {
                LOG.warn(
                        "event=kafka_unreachable client={} tries={} retry_in_ms={} error=\"{}\"",
                        clientId,
                        tries,
                        backoffMs,
                        e.getMessage());
                Thread.sleep(backoffMs);
                backoffMs = Math.min(30_000, backoffMs * 2);
            }
        }
    }

    private static ClaimCheckStore claimChecks(Settings settings, CommandContext context) {
        Optional<String> root = settings.find(KafkaConfigKeys.CLAIM_CHECK_ROOT);
        Optional<String> mount = settings.find(KafkaConfigKeys.CLAIM_CHECK_MOUNT);
        if (root.isPresent() != mount.isPresent()) {
            throw new UsageException("configuration: claim-check-root and claim-check-mount go together");
        }
        return root.isPresent()
                ? new SharedFilesystemClaimCheckStore(Path.of(root.get()), context.resolve(mount.get()))
                : new SharedFilesystemClaimCheckStore();
    }

    /**
     * The SOP Instance UIDs of a finished job's outputs, read from its results folder
     * ({@code results/<StudyInstanceUID>/<groupingKey>/v<version>}, the layout of AnalysisJobProcessor).
     */
    private static List<String> outputSopInstanceUids(Path results, Job job) {
        Path dir = results.resolve(job.studyInstanceUid())
                .resolve(job.groupingKey())
                .resolve("v" + job.version());
        List<String> uids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return uids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                Part10Reader.readUntilPixelData(f)
                        .dataset()
                        .getString(Tag.SOPInstanceUID)
                        .ifPresent(uids::add);
            }
        } catch (IOException e) {
            LOG.warn("event=job_outputs_unreadable job={} dir={} error=\"{}\"", job.jobKey(), dir, e.toString());
        }
        return uids;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
