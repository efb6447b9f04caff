package org.myoscreen.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoint: {@code GET /health} (JSON, 200 while the node runs) and
 * {@code GET /metrics} (Prometheus text exposition of a few gauges). Served by the JDK's HTTP
 * server on one thread; the health supplier must be cheap and must not block.
 */
final class HealthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

  /** A point-in-time view of the node for the endpoints. */
  record Health(int dicomPort, int openSeries, int queuedJobs) {
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
          "{\"status\":\"UP\",\"dicom_port\":%d,\"open_series\":%d,\"queued_jobs\":%d}%n",
          h.dicomPort(), h.openSeries(), h.queuedJobs()));
    });
    server.createContext("/metrics", exchange -> {
      Health h = health.get();
      respond(exchange, 200, "text/plain; version=0.0.4", String.format(Locale.ROOT,
          "# HELP myoscreen_open_series Series receiving instances, not yet complete.%n"
              + "# TYPE myoscreen_open_series gauge%nmyoscreen_open_series %d%n"
              + "# HELP myoscreen_queued_jobs Jobs in the durable backlog, not yet acknowledged.%n"
              + "# TYPE myoscreen_queued_jobs gauge%nmyoscreen_queued_jobs %d%n",
          h.openSeries(), h.queuedJobs()));
    });
    server.createContext("/", exchange -> respond(exchange, 404, "text/plain",
        "not found: try /health or /metrics\n"));
    server.start();
    LOG.info("event=http_started bind={} port={}", bind, server.getAddress().getPort());
    return new HealthServer(server);
  }

  int port() {
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
