package org.myoscreen.pipeline.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Part 10 files to a DICOMweb server with STOW-RS (PS3.18 10.5): one {@code POST
 * {base}/studies/{StudyInstanceUID}} per study of the batch, the body {@code multipart/related;
 * type="application/dicom"} with one part per file (the file's bytes unchanged), {@code Accept:
 * application/dicom+json}. Uses the JDK's {@link HttpClient}; HTTP/1.1; redirects are not followed (a POST
 * must not be replayed elsewhere silently).
 *
 * <p>The answer becomes one {@link StoreResult} per file, in the order given, in the terms the outbox already
 * understands (PS3.18 10.5.3 reuses the C-STORE statuses of PS3.4 B.2.3):
 * <ul>
 *   <li>200, 202 or 409 with a Store Instances Response: an instance in the Failed SOP Sequence (0008,1198)
 *       gets its Failure Reason (0008,1197) as status (A7xx is then retried by the outbox, anything else fails
 *       at once); one in the Referenced SOP Sequence (0008,1199) gets its Warning Reason (0008,1196) or
 *       0000; on a 200 or 202 an instance the response does not name is taken as stored (some servers
 *       answer 200 with an empty body), on a 409 as failed (0110);</li>
 *   <li>408, 429 and 5xx, a connection failure or a timeout: a retriable {@link DeliveryException} (the whole
 *       batch is tried again with the outbox's backoff);</li>
 *   <li>any other status (400, 401, 403, 404, 413, 415, 3xx ...): a permanent {@link DeliveryException}
 *       naming the HTTP status and the first 300 characters of the response body (the server's reason).</li>
 * </ul>
 *
 * <p>Credentials ({@link StowRsAuth}) go in the Authorization header only and are never logged. One INFO or
 * WARN log line per request ({@code event=stow_rs_response}). Thread-safe.
 */
public final class StowRsSender {
    private static final Logger LOG = LoggerFactory.getLogger(StowRsSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of an error response body goes into the log and the outbox. */
    private static final int REASON_CHARS = 300;

    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String FAILURE_REASON = "00081197";
    private static final String WARNING_REASON = "00081196";

    private final HttpClient client;
    private final StowRsAuth auth;
    private final Duration timeout;

    /**
     * @param auth how to authenticate
     * @param sslContext trust for https destinations (e.g. {@code SSLContext.getDefault()} for the system trust
     *     store)
     * @param timeout connect timeout, and time allowed for the whole response of one request
     */
    public StowRsSender(StowRsAuth auth, SSLContext sslContext, Duration timeout) {
        this.auth = Objects.requireNonNull(auth, "auth is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(sslContext, "sslContext is null");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext)
                .build();
    }

    /**
     * Stores {@code files} at a STOW-RS destination and returns the outcome of each, in order.
     *
     * @param destination a {@link Destination.Kind#STOW_RS} destination
     * @param files Part 10 files
     * @return one result per file
     * @throws DeliveryException when a request failed as a whole (see the class comment); results of studies
     *     already answered are then lost to the caller, which sends the batch again (a repeated store of the
     *     same SOP Instance UID is harmless)
     * @throws IllegalArgumentException when the destination is not STOW-RS
     */
    public List<StoreResult> send(Destination destination, List<Path> files) {
        URI base = destination
                .stowRsBase()
                .orElseThrow(() -> new IllegalArgumentException("not a STOW-RS destination: " + destination));
        Map<String, List<Integer>> byStudy = new LinkedHashMap<>();
        List<String> sopUids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Attributes header = header(destination, files.get(i));
            sopUids.add(header.getString(Tag.SOPInstanceUID, ""));
            byStudy.computeIfAbsent(header.getString(Tag.StudyInstanceUID, ""), k -> new ArrayList<>())
                    .add(i);
        }
        StoreResult[] results = new StoreResult[files.size()];
        for (Map.Entry<String, List<Integer>> study : byStudy.entrySet()) {
            List<Path> part = study.getValue().stream().map(files::get).toList();
            List<String> sops = study.getValue().stream().map(sopUids::get).toList();
            List<StoreResult> answered = post(destination, URI.create(base + "/studies/" + study.getKey()), part, sops);
            for (int k = 0; k < answered.size(); k++) {
                results[study.getValue().get(k)] = answered.get(k);
            }
        }
        return List.of(results);
    }

    private static Attributes header(Destination destination, Path file) {
        Attributes header;
        try {
            header = Part10Reader.readUntilPixelData(file).dataset();
        } catch (RuntimeException e) {
            throw new DeliveryException(
                    "cannot read " + file + " for " + destination + ": " + e.getMessage(), false, e);
        }
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SOPInstanceUID}) {
            if (header.getString(tag, "").isEmpty()) {
                throw new DeliveryException(
                        file + " has no " + (tag == Tag.StudyInstanceUID ? "Study" : "SOP")
                                + " Instance UID: cannot store it at " + destination,
                        false,
                        null);
            }
        }
        return header;
    }

    private List<StoreResult> post(Destination destination, URI uri, List<Path> files, List<String> sops) {
        String boundary = "myoscreen-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        try {
            for (Path f : files) {
                parts.add(HttpRequest.BodyPublishers.ofString(
                        "\r\n--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n",
                        StandardCharsets.US_ASCII));
                parts.add(HttpRequest.BodyPublishers.ofFile(f));
            }
        } catch (java.io.FileNotFoundException e) {
            throw new DeliveryException("cannot read " + e.getMessage() + " for " + destination, false, e);
        }
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)));
        auth.authorization().ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn(
                    "event=stow_rs_unreachable destination={} uri={} instances={} error=\"{}\"",
                    destination,
                    uri,
                    files.size(),
                    e.toString());
            throw new DeliveryException("STOW-RS " + uri + " failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("STOW-RS " + uri + " interrupted", true, e);
        }
        int status = response.statusCode();
        if (status == 200 || status == 202 || status == 409) {
            Optional<List<StoreResult>> parsed = perInstance(status, response.body(), sops);
            if (parsed.isPresent()) {
                long failed = parsed.get().stream()
                        .filter(r -> r.status().category() == DimseStatus.Category.FAILURE)
                        .count();
                String line = "event=stow_rs_response destination={} uri={} http_status={} instances={} failed={}";
                if (failed > 0) {
                    LOG.warn(line, destination, uri, status, files.size(), failed);
                } else {
                    LOG.info(line, destination, uri, status, files.size(), failed);
                }
                return parsed.get();
            }
        }
        String reason = "HTTP " + status + " from POST " + uri + ": " + reason(response.body());
        boolean retriable = status == 408 || status == 429 || status >= 500;
        LOG.warn(
                "event=stow_rs_response destination={} uri={} http_status={} instances={} retriable={} reason=\"{}\"",
                destination,
                uri,
                status,
                files.size(),
                retriable,
                reason(response.body()));
        throw new DeliveryException("STOW-RS " + reason, retriable, null);
    }

    /**
     * The per-instance outcomes of a Store Instances Response (PS3.18 10.5.3.1); empty when a 409's body
     * cannot be read (the request then fails as a whole).
     */
    private static Optional<List<StoreResult>> perInstance(int httpStatus, String body, List<String> sops) {
        JsonNode root = null;
        if (!body.isBlank()) {
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                root = null;
            }
        }
        if (root == null || !root.isObject()) {
            if (httpStatus == 200) {
                return Optional.of(sops.stream()
                        .map(s -> new StoreResult(s, DimseStatus.SUCCESS, Optional.empty()))
                        .toList());
            }
            return Optional.empty();
        }
        Map<String, Integer> failures = new HashMap<>();
        for (JsonNode item : root.path(FAILED_SOP_SEQUENCE).path("Value")) {
            failures.put(
                    first(item, REFERENCED_SOP_INSTANCE_UID).orElse(""),
                    first(item, FAILURE_REASON).map(StowRsSender::code).orElse(0x0110));
        }
        Map<String, Integer> stored = new HashMap<>();
        for (JsonNode item : root.path(REFERENCED_SOP_SEQUENCE).path("Value")) {
            stored.put(
                    first(item, REFERENCED_SOP_INSTANCE_UID).orElse(""),
                    first(item, WARNING_REASON).map(StowRsSender::code).orElse(0));
        }
        List<StoreResult> out = new ArrayList<>();
        for (String sop : sops) {
            if (failures.containsKey(sop)) {
                int code = failures.get(sop);
                out.add(new StoreResult(
                        sop,
                        DimseStatus.of(code),
                        Optional.of(String.format("STOW-RS HTTP %d, Failure Reason %04X", httpStatus, code))));
            } else if (stored.containsKey(sop)) {
                int code = stored.get(sop);
                out.add(new StoreResult(
                        sop,
                        DimseStatus.of(code),
                        code == 0
                                ? Optional.empty()
                                : Optional.of(String.format("STOW-RS Warning Reason %04X", code))));
            } else if (httpStatus == 409) {
                out.add(new StoreResult(
                        sop,
                        DimseStatus.PROCESSING_FAILURE,
                        Optional.of("STOW-RS HTTP 409: instance not acknowledged")));
            } else {
                out.add(new StoreResult(sop, DimseStatus.SUCCESS, Optional.empty()));
            }
        }
        return Optional.of(out);
    }

    private static Optional<String> first(JsonNode item, String tag) {
        JsonNode v = item.path(tag).path("Value");
        return v.isArray() && v.size() > 0 ? Optional.of(v.get(0).asText()) : Optional.empty();
    }

    private static int code(String text) {
        try {
            int v = Integer.parseInt(text.trim());
            return v >= 0 && v <= 0xFFFF ? v : 0x0110;
        } catch (NumberFormatException e) {
            return 0x0110;
        }
    }

    /** The body on one line, cut to {@link #REASON_CHARS}: the server's reason, for the log and the outbox. */
    private static String reason(String body) {
        String line = body.replaceAll("\\s+", " ").strip().replace('"', '\'');
        if (line.isEmpty()) {
            return "(empty body)";
        }
        return line.length() > REASON_CHARS ? line.substring(0, REASON_CHARS) + "…" : line;
    }
}
