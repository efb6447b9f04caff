package org.myoscreen.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Orthanc (Debian package {@code orthanc}, {@code /usr/sbin/Orthanc}) as the PACS: its own
 * configuration, SQLite index and storage in a folder of the test, DICOM and HTTP on free ports of
 * 127.0.0.1, no plugins, no authentication (it only listens on the loopback) unless started with its DICOMweb
 * plugin and a user ({@link #startWithDicomWeb}). Any calling AE may
 * store. {@link #close} stops it (SIGTERM, then SIGKILL) and waits for it to be gone.
 *
 * <p>Not thread-safe except the REST reads, which any thread may call.
 */
final class Orthanc implements AutoCloseable {
    static final String AE_TITLE = "ORTHANC";
    /** The DICOMweb plugin of the Debian package {@code orthanc-dicomweb}. */
    static final String DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
    /** Hang detector for start-up, not a timing expectation. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final int dicomPort;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Optional<String> authorization;

    private Orthanc(Process process, Path log, int dicomPort, int httpPort, Optional<String> authorization) {
        this.process = process;
        this.log = log;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.authorization = authorization;
    }

    /** Starts Orthanc with its state under {@code dir} and waits until its REST API answers. */
    static Orthanc start(Path dir) {
        return start(dir, NodeProcess.freePort(), Optional.empty());
    }

    /**
     * Starts Orthanc with its DICOMweb plugin (Debian package {@code orthanc-dicomweb}) at {@code /dicom-web},
     * HTTP on {@code httpPort}, and HTTP basic authentication for the one user {@code user} (the REST reads of
     * this class authenticate as that user).
     */
    static Orthanc startWithDicomWeb(Path dir, int httpPort, String user, String password) {
        return start(dir, httpPort, Optional.of(new String[] {user, password}));
    }

    private static Orthanc start(Path dir, int httpPort, Optional<String[]> user) {
        int dicomPort = NodeProcess.freePort();
        try {
            Files.createDirectories(dir);
            ObjectNode config = JSON.createObjectNode();
            config.put("Name", "myoscreen-test-pacs");
            config.put("StorageDirectory", dir.resolve("storage").toString());
            config.put("IndexDirectory", dir.resolve("index").toString());
            if (user.isPresent()) {
                config.putArray("Plugins").add(DICOMWEB_PLUGIN);
                ObjectNode dicomWeb = config.putObject("DicomWeb");
                dicomWeb.put("Enable", true);
                dicomWeb.put("Root", "/dicom-web/");
                config.put("AuthenticationEnabled", true);
                config.putObject("RegisteredUsers").put(user.get()[0], user.get()[1]);
            } else {
                config.putArray("Plugins");
                config.put("AuthenticationEnabled", false);
            }
            config.put("HttpServerEnabled", true);
            config.put("HttpPort", httpPort);
            config.put("RemoteAccessAllowed", false);
            config.put("DicomServerEnabled", true);
            config.put("DicomAet", AE_TITLE);
            config.put("DicomPort", dicomPort);
            config.put("DicomCheckCalledAet", true);
            // Any calling AE may store (the default); our node is not a declared modality.
            config.put("DicomAlwaysAllowStore", true);
            config.put("DicomCheckModalityHost", false);
            config.put("UnknownSopClassAccepted", false);
            config.put("StorageCompression", false);
            config.put("SaveJobs", false);
            config.put("StableAge", 1);
            config.put("HttpThreadsCount", 4);
            config.put("ConcurrentJobs", 1);
            Path configFile = dir.resolve("orthanc.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
            Path log = dir.resolve("orthanc.log");
            Process p = new ProcessBuilder("/usr/sbin/Orthanc", "--logdir=" + dir, configFile.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Orthanc orthanc = new Orthanc(
                    p,
                    log,
                    dicomPort,
                    httpPort,
                    user.map(u -> "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((u[0] + ":" + u[1]).getBytes(StandardCharsets.UTF_8))));
            try {
                orthanc.awaitRestApi();
                return orthanc;
            } catch (RuntimeException | AssertionError e) {
                orthanc.close(); // never leave an Orthanc behind that did not come up
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Orthanc in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitRestApi() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "Orthanc exited with " + process.exitValue() + "; log " + log + ":\n" + logText());
            }
            try {
                HttpResponse<String> r = http.send(request("/system"), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // not listening yet
            } catch (IOException e) {
                // starting: connection reset and the like
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Orthanc's REST API did not answer within " + START_TIMEOUT + "; log " + log
                        + ":\n" + logText());
            }
            try {
                Thread.sleep(100); // start-up has no event to wait on but the port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    int dicomPort() {
        return dicomPort;
    }

    /** {@code ORTHANC@127.0.0.1:port}, as {@code myoscreen send} takes a peer. */
    String peer() {
        return AE_TITLE + "@127.0.0.1:" + dicomPort;
    }

    /** GET a REST resource (e.g. {@code /studies}) as JSON; fails the test on any status but 200. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(request(path), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from Orthanc: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** GET a REST resource as bytes (e.g. {@code /instances/ID/file}); fails the test on any status but 200. */
    byte[] getBytes(String path) {
        try {
            HttpResponse<byte[]> r = http.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from Orthanc: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The Orthanc identifiers in a JSON array answer (e.g. {@code /studies}). */
    List<String> ids(String path) {
        List<String> ids = new ArrayList<>();
        get(path).forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** GET with extra headers (e.g. a DICOMweb Accept), as the test user; any status is returned. */
    HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        authorization.ifPresent(a -> b.header("Authorization", a));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from Orthanc: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private HttpRequest request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b.build();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("Orthanc " + process.pid() + " survived SIGKILL for 20 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
