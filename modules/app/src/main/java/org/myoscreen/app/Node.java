package org.myoscreen.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.RoutingRules;
import org.myoscreen.app.config.Settings;
import org.myoscreen.app.http.AdminApi;
import org.myoscreen.app.http.AdminConfig;
import org.myoscreen.app.http.AuditLog;
import org.myoscreen.app.http.HttpAccess;
import org.myoscreen.app.http.NodeMetrics;
import org.myoscreen.app.worker.WorkerService;
import org.myoscreen.dicom.net.AcceptorConfig;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.DicomAcceptor;
import org.myoscreen.dicom.net.PresentationContextPolicy;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.assembly.AssemblerConfig;
import org.myoscreen.pipeline.assembly.Router;
import org.myoscreen.pipeline.assembly.RoutingConfig;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.assembly.SeriesAssembler;
import org.myoscreen.pipeline.intake.CStoreAdapter;
import org.myoscreen.pipeline.intake.IntakeChain;
import org.myoscreen.pipeline.intake.Spool;
import org.myoscreen.pipeline.intake.SpoolConfig;
import org.myoscreen.pipeline.jobs.InProcessJobQueue;
import org.myoscreen.pipeline.jobs.JobQueue;
import org.myoscreen.pipeline.jobs.WorkerListener;
import org.myoscreen.pipeline.ledger.AssociationRecorder;
import org.myoscreen.pipeline.ledger.Ledger;
import org.myoscreen.pipeline.ledger.LedgerView;
import org.myoscreen.pipeline.ledger.RecordingJobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node in one process, wired by hand from resolved {@link Settings}: ledger, durable job
 * backlog, spool, series assembler with routing, the {@link WorkerService} (model, worker threads
 * taking jobs from the backlog, outbox and delivery loop to the destinations), and the DICOM
 * acceptor (C-ECHO, C-STORE of MR and Enhanced MR in Explicit and Implicit VR Little Endian), plus
 * the HTTP service (admin page, JSON API, health, metrics). {@link #start} recovers open series
 * from the spool before the acceptor accepts anything; {@link #close} stops in the reverse order (acceptor first, then the worker, whose
 * running jobs finish within its grace period). Thread-safe to close from a shutdown hook.
 */
public final class Node implements AutoCloseable {

    /**
     * An instance is answered before the ledger records it (decision 0023): what a crash cut off in between is in
     * the spool, and is recorded here before anything else runs.
     */
    private static void recordMissing(Ledger ledger, List<SpooledInstance> spooled) {
        try {
            int recorded = ledger.recordMissing(spooled);
            if (recorded > 0) {
                LOG.info("event=ledger_recovered instances={} spooled={}", recorded, spooled.size());
            }
        } catch (Ledger.LedgerException e) {
            LOG.error(
                    "event=ledger_write_failed operation=record_missing spooled={} error=\"{}\"",
                    spooled.size(),
                    e.getMessage());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final DicomAcceptor acceptor;
    private final Optional<HealthServer> http;
    private final Path dataDir;
    private final List<RoutingRule> rules;
    private final WorkerService worker;

    /**
     * Takes the jobs out of the backlog in a node whose jobs are analysed elsewhere ({@code node --kafka}):
     * started after the local worker service, closed before the backlog and the ledger.
     */
    @FunctionalInterface
    public interface RemoteWork {
        /**
         * @param backlog the node's durable job backlog (intake publishes here)
         * @param ledger the node's ledger
         * @return the running work, closed when the node stops
         */
        Running start(InProcessJobQueue backlog, Ledger ledger);

        /** Started remote work: its metrics for {@code /metrics}, and close. */
        interface Running extends AutoCloseable {
            /** Prometheus text exposition lines (HELP, TYPE, samples), each ending in a newline. */
            String metrics();
        }
    }

    private Node(Settings settings, Path workingDirectory, Optional<RemoteWork> remote) throws IOException {
        int httpPort = settings.get(NodeConfigKeys.HTTP_PORT);
        // refuse an exposed HTTP side without a credential before anything starts
        Optional<HttpAccess> access = httpPort == 0 ? Optional.empty() : Optional.of(HttpAccess.from(settings));
        dataDir = dataDir(settings, workingDirectory);
        String source = settings.configFile().map(Path::toString).orElse("configuration");
        rules = RoutingRules.from(settings, source);
        AcceptorConfig acceptorConfig = acceptorConfig(settings);

        Clock clock = Clock.systemUTC();
        Instant started = clock.instant();
        NodeMetrics metrics = NodeMetrics.create();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assembler-timers");
            t.setDaemon(true);
            return t;
        });
        resources.push(() -> {
            timers.shutdown();
            timers.awaitTermination(10, TimeUnit.SECONDS);
        });
        Ledger ledger = new Ledger(dataDir.resolve("ledger.db"), clock);
        resources.push(ledger);
        InProcessJobQueue backlog = new InProcessJobQueue(dataDir.resolve("queue"));
        JobQueue queue = new RecordingJobQueue(backlog, ledger);
        resources.push(queue);
        Spool spool = new Spool(
                new SpoolConfig(
                        dataDir.resolve("spool"),
                        settings.get(NodeConfigKeys.MIN_FREE_DISK),
                        duplicatePolicy(settings)),
                clock);
        resources.push(spool);
        Duration quiet = settings.get(NodeConfigKeys.QUIET_PERIOD);
        SeriesAssembler assembler = new SeriesAssembler(
                AssemblerConfig.defaults(spool.directory())
                        .withQuietPeriod(quiet)
                        .withStudyQuietPeriod(settings.get(NodeConfigKeys.STUDY_QUIET_PERIOD)),
                new Router(new RoutingConfig(rules, settings.get(NodeConfigKeys.UNMATCHED_RETENTION))),
                queue,
                spool,
                timers,
                clock,
                ledger.asListener());
        resources.push(assembler);
        List<SpooledInstance> spooled = spool.scan();
        recordMissing(ledger, spooled);
        assembler.recover(spooled);
        // the worker records its own job states, so it takes from the backlog itself, not the recorder
        worker = WorkerService.start(
                settings,
                workingDirectory,
                dataDir,
                backlog,
                WorkerListener.of(ledger.asWorkerListener(), metrics.analysisTimer()),
                clock,
                metrics::timed);
        resources.push(worker);
        Optional<RemoteWork.Running> running = remote.map(r -> r.start(backlog, ledger));
        running.ifPresent(resources::push);
        IntakeChain chain = new IntakeChain(spool, assembler, ledger.asListener());
        acceptor = new DicomAcceptor(
                acceptorConfig, new CStoreAdapter(chain), metrics.intakeTimer(new AssociationRecorder(ledger)));
        acceptor.start();
        resources.push(acceptor);
        metrics.gauge("myoscreen.open.series", "Series receiving instances, not yet complete.", assembler::openSeries);
        metrics.gauge("myoscreen.queued.jobs", "Jobs in the durable backlog, not yet acknowledged.", queue::size);
        metrics.gauge(
                "myoscreen.spool.unreleased.slots",
                "Acknowledged instances whose spool folders are not forced yet (their intake slots are kept);"
                        + " grows while forcing fails.",
                spool::unreleasedSlots);
        metrics.work(worker::counters);
        if (access.isEmpty()) {
            http = Optional.empty();
        } else {
            LedgerView view = new LedgerView(dataDir.resolve("ledger.db"));
            resources.push(view);
            AdminApi admin = new AdminApi(new AdminApi.Sources(
                    view,
                    worker.outbox(),
                    dataDir.resolve("results"),
                    new AuditLog(dataDir.resolve("audit.log"), clock),
                    quiet,
                    queue::size,
                    AdminConfig.of(settings, rules, workingDirectory),
                    clock,
                    started));
            HealthServer server = HealthServer.start(
                    access.get(),
                    httpPort,
                    () -> new HealthServer.Health(
                            acceptor.port(), assembler.openSeries(), queue.size(), worker.counters()),
                    metrics,
                    () -> running.map(RemoteWork.Running::metrics).orElse(""),
                    admin);
            resources.push(server);
            http = Optional.of(server);
        }
    }

    /**
     * The data folder of {@code data-dir}, created when missing; shared by {@code run}, {@code node} and
     * {@code worker}.
     *
     * @param settings the node's settings
     * @param workingDirectory against which a relative data-dir resolves
     * @return the folder, existing and writable
     * @throws UsageException naming the key when the folder cannot be created or written (exit code 2)
     */
    public static Path dataDir(Settings settings, Path workingDirectory) {
        Path dataDir =
                workingDirectory.resolve(settings.get(NodeConfigKeys.DATA_DIR)).normalize();
        String key = "configuration: data-dir (from " + settings.origin(NodeConfigKeys.DATA_DIR) + "): ";
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UsageException(key + "cannot create " + dataDir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dataDir)) {
            throw new UsageException(key + dataDir + " is not writable");
        }
        return dataDir;
    }

    /**
     * Starts a node.
     *
     * @throws UsageException for configuration that cannot work (exit code 2)
     * @throws UncheckedIOException when a port cannot be bound or the data folder cannot be used
     */
    public static Node start(Settings settings, Path workingDirectory) {
        return start(settings, workingDirectory, Optional.empty());
    }

    /**
     * Starts a node whose backlog is also consumed by {@code remote} (e.g. forwarded to Kafka).
     *
     * @throws UsageException for configuration that cannot work (exit code 2)
     * @throws UncheckedIOException when a port cannot be bound or the data folder cannot be used
     */
    public static Node start(Settings settings, Path workingDirectory, Optional<RemoteWork> remote) {
        try {
            return new Node(settings, workingDirectory, remote);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node: " + e.getMessage(), e);
        }
    }

    /** The DICOM port actually bound (useful with port 0 in tests). */
    public int dicomPort() {
        return acceptor.port();
    }

    /** The HTTP port actually bound, when the HTTP service runs. */
    public Optional<Integer> httpPort() {
        return http.map(HealthServer::port);
    }

    /** Threads analysing jobs (0: intake only). */
    public int workerThreads() {
        return worker.counters().workerThreads();
    }

    public Path dataDir() {
        return dataDir;
    }

    public List<RoutingRule> rules() {
        return rules;
    }

    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn(
                        "event=shutdown_error resource={} error=\"{}\"",
                        resource.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
    }

    private static SpoolConfig.DuplicatePolicy duplicatePolicy(Settings settings) {
        return settings.get(NodeConfigKeys.DUPLICATES).equals("overwrite")
                ? SpoolConfig.DuplicatePolicy.OVERWRITE
                : SpoolConfig.DuplicatePolicy.KEEP_FIRST;
    }

    private static AcceptorConfig acceptorConfig(Settings settings) {
        Set<AeTitle> allowed = new LinkedHashSet<>();
        settings.get(NodeConfigKeys.ALLOWED_CALLING_AE).forEach(a -> allowed.add(AeTitle.of(a)));
        AcceptorConfig.Builder b = AcceptorConfig.builder(AeTitle.of(settings.get(NodeConfigKeys.AE_TITLE_KEY)))
                .bindAddress(settings.get(NodeConfigKeys.BIND))
                .port(settings.get(NodeConfigKeys.PORT))
                .allowedCallingAeTitles(allowed)
                .maxAssociations(settings.get(NodeConfigKeys.MAX_ASSOCIATIONS))
                .artimTimeout(settings.get(NodeConfigKeys.ARTIM_TIMEOUT))
                .idleTimeout(settings.get(NodeConfigKeys.IDLE_TIMEOUT))
                .maxPduLength(settings.get(NodeConfigKeys.MAX_PDU_LENGTH))
                .policy(PresentationContextPolicy.mrStorage());
        Optional<String> keystore = settings.find(NodeConfigKeys.TLS_KEYSTORE);
        Optional<String> truststore = settings.find(NodeConfigKeys.TLS_TRUSTSTORE);
        if (keystore.isEmpty() && truststore.isPresent()) {
            throw new UsageException("configuration: tls.truststore is set but tls.keystore is not "
                    + "(a TLS server needs its own certificate)");
        }
        if (keystore.isPresent()) {
            SSLContext tls = TlsContexts.create(
                    keystore.map(Path::of),
                    settings.find(NodeConfigKeys.TLS_KEYSTORE_PASSWORD)
                            .orElse("")
                            .toCharArray(),
                    truststore.map(Path::of),
                    settings.find(NodeConfigKeys.TLS_TRUSTSTORE_PASSWORD)
                            .orElse("")
                            .toCharArray(),
                    "tls.");
            b.tls(tls, truststore.isPresent());
        }
        return b.build();
    }
}
