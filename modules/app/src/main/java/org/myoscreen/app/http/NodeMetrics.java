package org.myoscreen.app.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.myoscreen.app.worker.WorkerService;
import org.myoscreen.dicom.net.AssociationInfo;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;
import org.myoscreen.dicom.net.StoreResult;
import org.myoscreen.pipeline.delivery.Outbox;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobOutcome;
import org.myoscreen.pipeline.jobs.WorkerListener;

/**
 * The process's metrics in a Micrometer {@link PrometheusMeterRegistry}: JVM (memory, GC, threads, class
 * loading), process (CPU, uptime), HTTP requests ({@code http_server_requests_seconds}), the node's job and
 * delivery totals under their published names ({@code myoscreen_jobs_total}, {@code
 * myoscreen_deliveries_total}, ...), and histograms of intake (association duration), analysis (job
 * duration) and delivery (one send to a destination). No meter carries a tag with patient or study data:
 * tags are outcomes, routes, HTTP methods and statuses, and destination AE titles. Thread-safe.
 */
public final class NodeMetrics {
    /** Bucket bounds of the intake, analysis and delivery histograms (seconds). */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30)
    };

    private final PrometheusMeterRegistry registry;
    private final Map<String, Long> associationStartNanos = new ConcurrentHashMap<>();

    private NodeMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A registry with the JVM and process meters bound.
     *
     * @return the metrics
     */
    public static NodeMetrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        // JvmGcMetrics holds GC notification listeners for the process's life: one registry per process
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return new NodeMetrics(registry);
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Registers a gauge read at each scrape.
     *
     * @param name the meter name, dotted (e.g. {@code myoscreen.open.series})
     * @param help its description
     * @param value cheap, never blocking
     */
    public void gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).register(registry);
    }

    /**
     * Registers the job and delivery totals (read at each scrape) under the names {@code /metrics} has
     * always used.
     *
     * @param counters cheap, never blocking
     */
    public void work(Supplier<WorkerService.Counters> counters) {
        String jobsHelp = "Jobs the worker finished (outputs stored, job acknowledged) or gave up, by outcome.";
        jobs(counters, "result", jobsHelp, c -> c.jobs().processed());
        jobs(counters, "qc_refused", jobsHelp, c -> c.jobs().qcRefused());
        jobs(counters, "not_eligible", jobsHelp, c -> c.jobs().notEligible());
        jobs(counters, "failed", jobsHelp, c -> c.jobs().failed());
        FunctionCounter.builder(
                        "myoscreen.job.retries", counters, c -> c.get().jobs().retried())
                .description("Job attempts that failed and were queued again.")
                .register(registry);
        String deliveriesHelp = "Delivery attempts of result instances, by outcome (retrying: a transient failure, "
                + "tried again later).";
        deliveries(counters, "delivered", deliveriesHelp, c -> c.deliveries().delivered());
        deliveries(counters, "retrying", deliveriesHelp, c -> c.deliveries().retrying());
        deliveries(counters, "failed", deliveriesHelp, c -> c.deliveries().failed());
        deliveries(counters, "dead", deliveriesHelp, c -> c.deliveries().dead());
        gauge(
                "myoscreen.worker.threads",
                "Threads analysing jobs (0: intake only).",
                () -> counters.get().workerThreads());
    }

    private void jobs(
            Supplier<WorkerService.Counters> counters,
            String outcome,
            String help,
            ToDoubleFunction<WorkerService.Counters> value) {
        FunctionCounter.builder("myoscreen.jobs", counters, c -> value.applyAsDouble(c.get()))
                .tag("outcome", outcome)
                .description(help)
                .register(registry);
    }

    private void deliveries(
            Supplier<WorkerService.Counters> counters,
            String outcome,
            String help,
            ToDoubleFunction<WorkerService.Counters> value) {
        FunctionCounter.builder("myoscreen.deliveries", counters, c -> value.applyAsDouble(c.get()))
                .tag("outcome", outcome)
                .description(help)
                .register(registry);
    }

    /**
     * A worker listener that times each analysed job ({@code myoscreen_analysis_seconds}, by outcome).
     *
     * @return the listener; never throws
     */
    public WorkerListener analysisTimer() {
        return new WorkerListener() {
            @Override
            public void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {
                timer(
                                "myoscreen.analysis",
                                "Time to analyse one job (segmentation, measurement, outputs), by outcome.",
                                "outcome",
                                outcome.status().name().toLowerCase(Locale.ROOT))
                        .record(took);
            }
        };
    }

    /**
     * Wraps a sender so that each send to a destination is timed ({@code myoscreen_delivery_seconds}, by
     * destination and outcome: {@code sent} when the peer answered, {@code error} when the association failed).
     *
     * @param sender the real sender
     * @return the timing sender
     */
    public Outbox.Sender timed(Outbox.Sender sender) {
        return (destination, files) -> {
            long start = System.nanoTime();
            String outcome = "error";
            try {
                List<StoreResult> results = sender.send(destination, files);
                outcome = "sent";
                return results;
            } finally {
                timer(
                                "myoscreen.delivery",
                                "Time of one send of a job's result instances to a destination.",
                                "destination",
                                destination.toString(),
                                "outcome",
                                outcome)
                        .record(Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    /**
     * Wraps an association listener so that each accepted association is timed from open to close
     * ({@code myoscreen_intake_association_seconds}, by how it ended: released or aborted).
     *
     * @param delegate the listener that records (e.g. into the ledger)
     * @return the timing listener
     */
    public AssociationListener intakeTimer(AssociationListener delegate) {
        return new AssociationListener() {
            @Override
            public void associationOpened(AssociationInfo association) {
                associationStartNanos.put(association.associationId(), System.nanoTime());
                delegate.associationOpened(association);
            }

            @Override
            public void associationClosed(AssociationInfo association, String reason) {
                ended(association, "released");
                delegate.associationClosed(association, reason);
            }

            @Override
            public void associationAborted(AssociationInfo association, String reason) {
                ended(association, "aborted");
                delegate.associationAborted(association, reason);
            }

            @Override
            public void associationRejected(
                    String callingAeTitle, String calledAeTitle, int result, int source, int reason) {
                delegate.associationRejected(callingAeTitle, calledAeTitle, result, source, reason);
            }

            @Override
            public void storeStarted(StoreRequest request) {
                delegate.storeStarted(request);
            }

            @Override
            public void storeFinished(StoreRequest request, StoreResponse response, long bytesReceived) {
                delegate.storeFinished(request, response, bytesReceived);
            }
        };
    }

    private void ended(AssociationInfo association, String how) {
        Long start = associationStartNanos.remove(association.associationId());
        if (start != null) {
            timer(
                            "myoscreen.intake.association",
                            "Duration of an accepted DICOM association (intake), by how it ended.",
                            "end",
                            how)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Records one HTTP request ({@code http_server_requests_seconds}).
     *
     * @param method the HTTP method
     * @param route the route template (never a path with identifiers in it)
     * @param status the response status
     * @param took how long it took
     */
    public void httpRequest(String method, String route, int status, Duration took) {
        Timer.builder("http.server.requests")
                .description("HTTP requests to the node's HTTP service.")
                .tags("method", method, "uri", route, "status", Integer.toString(status))
                .register(registry)
                .record(took);
    }

    private Timer timer(String name, String help, String... tags) {
        return Timer.builder(name)
                .description(help)
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
