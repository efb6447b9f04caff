package org.myoscreen.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.myoscreen.app.worker.WorkerService;
import org.myoscreen.pipeline.DeliveryLoop;
import org.myoscreen.pipeline.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of {@code run}, {@code node} and {@code worker}: {@code GET /health} (JSON, 200
 * while the process runs) and {@code GET /metrics} (Prometheus text exposition). The job and delivery
 * numbers are the same for all three ({@link WorkerService.Counters}); a node adds its intake, a
 * Kafka worker its consumer. Served by the JDK's HTTP server on one thread; the health supplier must
 * be cheap and must not block.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

  /**
   * A point-in-time view of the node for the endpoints; {@code extraMetrics} are further exposition
   * lines (e.g. the Kafka forwarder's), "" for none.
   */
  record Health(int dicomPort, int openSeries, int queuedJobs, WorkerService.Counters work,
      String extraMetrics) {
  }

  /**
   * A point-in-time view of a Kafka worker for the endpoints.
   *
   * @param workerId the worker's client id
   * @param work the worker's job and delivery totals
   * @param kafkaJson the consumer's state as a JSON object
   * @param kafkaMetrics the consumer's exposition lines
   */
  public record WorkerHealth(String workerId, WorkerService.Counters work, String kafkaJson,
      String kafkaMetrics) {
  }

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  static HealthServer start(String bind, int port, Supplier<Health> health) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext("/health", exchange -> {
      Health h = health.get();
      respond(exchange, 200, "application/json", String.format(Locale.ROOT,
          "{\"status\":\"UP\",\"dicom_port\":%d,\"open_series\":%d,\"queued_jobs\":%d,%s}%n",
          h.dicomPort(), h.openSeries(), h.queuedJobs(), workJson(h.work())));
    });
    server.createContext("/metrics", exchange -> {
      Health h = health.get();
      respond(exchange, 200, "text/plain; version=0.0.4", String.format(Locale.ROOT,
          "# HELP myoscreen_open_series Series receiving instances, not yet complete.%n"
              + "# TYPE myoscreen_open_series gauge%nmyoscreen_open_series %d%n"
              + "# HELP myoscreen_queued_jobs Jobs in the durable backlog, not yet acknowledged.%n"
              + "# TYPE myoscreen_queued_jobs gauge%nmyoscreen_queued_jobs %d%n",
          h.openSeries(), h.queuedJobs()) + metrics(h.work()) + h.extraMetrics());
    });
    server.createContext("/", exchange -> respond(exchange, 404, "text/plain",
        "not found: try /health or /metrics\n"));
    server.start();
    LOG.info("event=http_started bind={} port={}", bind, server.getAddress().getPort());
    return new HealthServer(server);
  }

  /**
   * Starts the HTTP service of a Kafka worker ({@code myoscreen worker}).
   *
   * @param bind the address to listen on
   * @param port the port (0 picks a free one)
   * @param health the worker now; cheap, never blocking
   * @return the running server
   * @throws IOException when the port cannot be bound
   */
  public static HealthServer startWorker(String bind, int port, Supplier<WorkerHealth> health)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext("/health", exchange -> {
      WorkerHealth h = health.get();
      respond(exchange, 200, "application/json", "{\"status\":\"UP\",\"worker\":\""
          + h.workerId().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"kafka\":" + h.kafkaJson()
          + "," + workJson(h.work()) + "}\n");
    });
    server.createContext("/metrics", exchange -> {
      WorkerHealth h = health.get();
      respond(exchange, 200, "text/plain; version=0.0.4", metrics(h.work()) + h.kafkaMetrics());
    });
    server.createContext("/", exchange -> respond(exchange, 404, "text/plain",
        "not found: try /health or /metrics\n"));
    server.start();
    LOG.info("event=http_started bind={} port={}", bind, server.getAddress().getPort());
    return new HealthServer(server);
  }

  /** The job and delivery totals as JSON members (no braces), the same for every command. */
  private static String workJson(WorkerService.Counters c) {
    Worker.Counters j = c.jobs();
    DeliveryLoop.Counters d = c.deliveries();
    return String.format(Locale.ROOT, "\"worker_threads\":%d,\"jobs\":{\"result\":%d,\"qc_refused\":%d,"
        + "\"not_eligible\":%d,\"retried\":%d,\"failed\":%d},\"deliveries\":{\"delivered\":%d,"
        + "\"retrying\":%d,\"failed\":%d,\"dead\":%d}", c.workerThreads(), j.processed(), j.qcRefused(),
        j.notEligible(), j.retried(), j.failed(), d.delivered(), d.retrying(), d.failed(), d.dead());
  }

  private static String metrics(WorkerService.Counters c) {
    StringBuilder b = new StringBuilder();
    b.append("# HELP myoscreen_jobs_total Jobs the worker finished (outputs stored, job acknowledged) "
        + "or gave up, by outcome.\n# TYPE myoscreen_jobs_total counter\n");
    Worker.Counters j = c.jobs();
    counter(b, "myoscreen_jobs_total", "outcome", "result", j.processed());
    counter(b, "myoscreen_jobs_total", "outcome", "qc_refused", j.qcRefused());
    counter(b, "myoscreen_jobs_total", "outcome", "not_eligible", j.notEligible());
    counter(b, "myoscreen_jobs_total", "outcome", "failed", j.failed());
    b.append("# HELP myoscreen_job_retries_total Job attempts that failed and were queued again.\n"
        + "# TYPE myoscreen_job_retries_total counter\n");
    b.append("myoscreen_job_retries_total ").append(j.retried()).append('\n');
    b.append("# HELP myoscreen_deliveries_total Delivery attempts of result instances, by outcome "
        + "(retrying: a transient failure, tried again later).\n# TYPE myoscreen_deliveries_total counter\n");
    DeliveryLoop.Counters d = c.deliveries();
    counter(b, "myoscreen_deliveries_total", "outcome", "delivered", d.delivered());
    counter(b, "myoscreen_deliveries_total", "outcome", "retrying", d.retrying());
    counter(b, "myoscreen_deliveries_total", "outcome", "failed", d.failed());
    counter(b, "myoscreen_deliveries_total", "outcome", "dead", d.dead());
    b.append("# HELP myoscreen_worker_threads Threads analysing jobs (0: intake only).\n"
        + "# TYPE myoscreen_worker_threads gauge\n");
    b.append("myoscreen_worker_threads ").append(c.workerThreads()).append('\n');
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String label, String value, long n) {
    b.append(name).append('{').append(label).append("=\"").append(value).append("\"} ").append(n).append('\n');
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
