package org.myoscreen.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.myoscreen.app.http.AdminApi;
import org.myoscreen.app.http.HttpAccess;
import org.myoscreen.app.http.NodeMetrics;
import org.myoscreen.app.worker.WorkerService;
import org.myoscreen.pipeline.delivery.DeliveryLoop;
import org.myoscreen.pipeline.jobs.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service of {@code run}, {@code node} and {@code worker}, on {@code http.bind}:{@code http-port}.
 * {@code GET /health} (JSON, open, no patient data) and {@code GET /metrics} (Prometheus text from
 * {@link NodeMetrics}, open, no patient data) on all three; on a node also the admin page ({@code /}, its
 * {@code app.js} and {@code app.css}, served from the jar, nothing from elsewhere) and its JSON API under
 * {@code /api/} ({@link AdminApi}), which need the credential of {@link HttpAccess} when one is configured.
 * {@code POST /api/deliveries/resend} also needs this process's CSRF token ({@code GET /api/session}) in
 * {@code X-CSRF-Token} and, when the browser sends one, an {@code Origin} of this host.
 *
 * <p>Served by the JDK's HTTP server on a small thread pool; suppliers must be cheap and must not block.
 * Every response carries a strict Content-Security-Policy and is not cached.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    private static final String PAGE = "/org/myoscreen/app/http/page/";
    private static final Map<String, String> STATIC =
            Map.of("/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");

    /** A point-in-time view of the node for {@code /health}. */
    record Health(int dicomPort, int openSeries, int queuedJobs, WorkerService.Counters work) {}

    /**
     * A point-in-time view of a Kafka worker for the endpoints.
     *
     * @param workerId the worker's client id
     * @param work the worker's job and delivery totals
     * @param kafkaJson the consumer's state as a JSON object
     * @param kafkaMetrics the consumer's exposition lines
     */
    public record WorkerHealth(String workerId, WorkerService.Counters work, String kafkaJson, String kafkaMetrics) {}

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the HTTP service of a node ({@code run}, {@code node}).
     *
     * @param access who may use the page and the API
     * @param port the port (0 picks a free one)
     * @param health the node now; cheap, never blocking
     * @param metrics the process's meters
     * @param extraMetrics further exposition lines (e.g. the Kafka forwarder's), "" for none
     * @param admin the admin page's API
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    static HealthServer start(
            HttpAccess access,
            int port,
            Supplier<Health> health,
            NodeMetrics metrics,
            Supplier<String> extraMetrics,
            AdminApi admin)
            throws IOException {
        return start(
                access,
                port,
                () -> {
                    Health h = health.get();
                    return String.format(
                            Locale.ROOT,
                            "{\"status\":\"UP\",\"dicom_port\":%d,\"open_series\":%d," + "\"queued_jobs\":%d,%s}%n",
                            h.dicomPort(),
                            h.openSeries(),
                            h.queuedJobs(),
                            workJson(h.work()));
                },
                () -> metrics.scrape() + extraMetrics.get(),
                metrics,
                Optional.of(admin));
    }

    /**
     * Starts the HTTP service of a Kafka worker ({@code myoscreen worker}): {@code /health} and
     * {@code /metrics} only.
     *
     * @param access the bind address (checked for a credential when not loopback)
     * @param port the port (0 picks a free one)
     * @param health the worker now; cheap, never blocking
     * @param metrics the process's meters
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    public static HealthServer startWorker(
            HttpAccess access, int port, Supplier<WorkerHealth> health, NodeMetrics metrics) throws IOException {
        return start(
                access,
                port,
                () -> {
                    WorkerHealth h = health.get();
                    return "{\"status\":\"UP\",\"worker\":\""
                            + h.workerId().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"kafka\":" + h.kafkaJson()
                            + "," + workJson(h.work()) + "}\n";
                },
                () -> metrics.scrape() + health.get().kafkaMetrics(),
                metrics,
                Optional.empty());
    }

    private static HealthServer start(
            HttpAccess access,
            int port,
            Supplier<String> healthJson,
            Supplier<String> exposition,
            NodeMetrics metrics,
            Optional<AdminApi> admin)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(access.bind(), port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            long start = System.nanoTime();
            String route = "other";
            int status = 500;
            try (exchange) {
                Routed r = route(exchange, access, healthJson, exposition, admin);
                route = r.route();
                status = r.status();
            } catch (RuntimeException | IOException e) {
                LOG.warn(
                        "event=http_error path={} error=\"{}\"",
                        exchange.getRequestURI().getPath(),
                        e.toString());
            } finally {
                metrics.httpRequest(
                        exchange.getRequestMethod(), route, status, Duration.ofNanos(System.nanoTime() - start));
            }
        });
        server.start();
        LOG.info(
                "event=http_started bind={} port={} credential={} admin_page={}",
                access.bind(),
                server.getAddress().getPort(),
                access.requiresCredential(),
                admin.isPresent());
        return new HealthServer(server, executor);
    }

    /** Where a request went (a route template, never a path with identifiers) and how it was answered. */
    private record Routed(String route, int status) {}

    private static Routed route(
            HttpExchange exchange,
            HttpAccess access,
            Supplier<String> healthJson,
            Supplier<String> exposition,
            Optional<AdminApi> admin)
            throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/health")) {
            return new Routed(
                    "/health", read ? send(exchange, 200, "application/json", healthJson.get()) : notAllowed(exchange));
        }
        if (path.equals("/metrics")) {
            return new Routed(
                    "/metrics",
                    read
                            ? send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", exposition.get())
                            : notAllowed(exchange));
        }
        if (admin.isEmpty()) {
            return new Routed("other", send(exchange, 404, "text/plain", "not found: try /health or /metrics\n"));
        }
        Optional<HttpAccess.Principal> who = access.authenticate(
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
        if (who.isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"myoscreen\", charset=\"UTF-8\"");
            LOG.info("event=http_unauthorized remote={} path={}", remote(exchange), path);
            return new Routed("unauthorized", send(exchange, 401, "text/plain", "authentication required\n"));
        }
        AdminApi.Caller caller = new AdminApi.Caller(who.get().name(), remote(exchange));
        if (STATIC.containsKey(path)) {
            return new Routed("/static", read ? page(exchange, STATIC.get(path)) : notAllowed(exchange));
        }
        if (path.equals("/api/session")) {
            return new Routed(
                    "/api/session",
                    read
                            ? send(
                                    exchange,
                                    200,
                                    "application/json",
                                    "{\"csrf_token\":\"" + access.csrfToken() + "\",\"user\":\""
                                            + caller.user().replace("\"", "'") + "\"}")
                            : notAllowed(exchange));
        }
        if (path.equals("/api/deliveries/resend")) {
            if (!method.equals("POST")) {
                return new Routed("/api/deliveries/resend", notAllowed(exchange));
            }
            if (!access.csrfValid(
                            Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-CSRF-Token")))
                    || !sameOrigin(exchange)) {
                LOG.warn("event=http_csrf_refused remote={} user=\"{}\"", caller.remote(), caller.user());
                return new Routed(
                        "/api/deliveries/resend",
                        send(
                                exchange,
                                403,
                                "application/json",
                                "{\"error\":\"missing or wrong X-CSRF-Token, or another origin\"}"));
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(16 * 1024);
            }
            return new Routed(
                    "/api/deliveries/resend", answer(exchange, admin.get().resend(body, caller)));
        }
        if (path.startsWith("/api/")) {
            String rest = path.substring(5);
            String route = "/api/"
                    + (rest.startsWith("studies/")
                            ? (rest.endsWith("/image") ? "studies/{uid}/image" : "studies/{uid}")
                            : rest);
            if (!read) {
                return new Routed(route, notAllowed(exchange));
            }
            AdminApi.Response r = admin.get().get(rest, query(exchange.getRequestURI()), caller);
            return new Routed(r.status() == 404 ? "/api/unknown" : route, answer(exchange, r));
        }
        return new Routed("other", send(exchange, 404, "text/plain", "not found\n"));
    }

    /** A browser's POST from another site carries its Origin; one from this page carries ours. */
    private static boolean sameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin == null) {
            return true; // not a browser's cross-site request (those always send Origin on POST); the token still holds
        }
        try {
            URI o = URI.create(origin);
            return host != null && (o.getHost() + (o.getPort() == -1 ? "" : ":" + o.getPort())).equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String remote(HttpExchange exchange) {
        InetSocketAddress a = exchange.getRemoteAddress();
        return a == null ? "-" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static int page(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = HealthServer.class.getResourceAsStream(PAGE + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("page resource " + name + " missing from the jar"));
            }
            String type = name.endsWith(".js")
                    ? "text/javascript; charset=utf-8"
                    : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
            return send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static int answer(HttpExchange exchange, AdminApi.Response r) throws IOException {
        return send(exchange, r.status(), r.contentType(), r.body());
    }

    private static int notAllowed(HttpExchange exchange) throws IOException {
        return send(exchange, 405, "text/plain", "method not allowed\n");
    }

    private static int send(HttpExchange exchange, int status, String type, String body) throws IOException {
        return send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self'; style-src 'self'; "
                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return status;
    }

    /** The job and delivery totals as JSON members (no braces), the same for every command. */
    private static String workJson(WorkerService.Counters c) {
        Worker.Counters j = c.jobs();
        DeliveryLoop.Counters d = c.deliveries();
        return String.format(
                Locale.ROOT,
                "\"worker_threads\":%d,\"jobs\":{\"result\":%d,\"qc_refused\":%d,"
                        + "\"not_eligible\":%d,\"retried\":%d,\"failed\":%d},\"deliveries\":{\"delivered\":%d,"
                        + "\"retrying\":%d,\"failed\":%d,\"dead\":%d}",
                c.workerThreads(),
                j.processed(),
                j.qcRefused(),
                j.notEligible(),
                j.retried(),
                j.failed(),
                d.delivered(),
                d.retrying(),
                d.failed(),
                d.dead());
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
