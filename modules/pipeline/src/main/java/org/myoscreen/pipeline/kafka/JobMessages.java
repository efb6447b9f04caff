package org.myoscreen.pipeline.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobJson;

/**
 * The Kafka form of a job: the record key is the job key, the value a small JSON claim check, the
 * {@link JobJson} fields with each file's {@code path} replaced by a claim-check {@code uri}
 * ({@code file:///…} for the shared filesystem) beside its {@code size_bytes} and {@code sha256}, plus
 * {@code "message_version":1}. Never pixel data; a job holds no patient name. Delivery attempts travel in the
 * {@value #ATTEMPT_HEADER} header, failure reasons in {@value #REASON_HEADER}. Thread-safe.
 */
public final class JobMessages {

    /** Header holding the delivery attempt (decimal, 1 when absent). */
    public static final String ATTEMPT_HEADER = "myoscreen-attempt";
    /** Header holding why a dead-lettered job failed. */
    public static final String REASON_HEADER = "myoscreen-reason";
    /** Header naming where a dead-lettered record came from ({@code topic/partition/offset}). */
    public static final String SOURCE_HEADER = "myoscreen-source";
    /** Version of the message format. */
    public static final int MESSAGE_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobMessages() {}

    /**
     * The message value for a job.
     *
     * @param job the job
     * @return UTF-8 JSON
     */
    public static byte[] toBytes(Job job) {
        try {
            ObjectNode o = (ObjectNode) MAPPER.readTree(JobJson.toBytes(job));
            o.put("message_version", MESSAGE_VERSION);
            for (JsonNode f : o.withArray("files")) {
                ObjectNode file = (ObjectNode) f;
                String path = file.remove("path").asText();
                file.put("uri", Path.of(path).toAbsolutePath().toUri().toString());
            }
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode job " + job.jobKey() + " as a Kafka message", e);
        }
    }

    /**
     * Parses a message value.
     *
     * @param value UTF-8 JSON
     * @param source names the record ({@code topic/partition/offset}) in error messages
     * @return the job
     * @throws IllegalArgumentException naming the source when the value is not a job message
     */
    public static Job fromBytes(byte[] value, String source) {
        if (value == null) {
            throw new IllegalArgumentException("job message " + source + " has no value");
        }
        JsonNode o;
        try {
            o = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("job message " + source + " is not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("job message " + source + " is not a JSON object");
        }
        int version = o.path("message_version").asInt(0);
        if (version != MESSAGE_VERSION) {
            throw new IllegalArgumentException("job message " + source + " has message_version " + version
                    + ", this version reads " + MESSAGE_VERSION);
        }
        for (JsonNode f : o.withArray("files")) {
            if (!f.isObject()) {
                throw new IllegalArgumentException("job message " + source + ": a file is not an object");
            }
            ObjectNode file = (ObjectNode) f;
            JsonNode uri = file.remove("uri");
            if (uri == null) {
                throw new IllegalArgumentException("job message " + source + ": a file has no uri");
            }
            file.put("path", pathOf(uri.asText(), source));
        }
        return JobJson.fromBytes(o.toString().getBytes(StandardCharsets.UTF_8), source);
    }

    private static String pathOf(String uri, String source) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job message " + source + ": bad claim-check uri " + uri, e);
        }
        if (!"file".equals(u.getScheme())) {
            throw new IllegalArgumentException("job message " + source + ": claim-check uri scheme " + u.getScheme()
                    + " is not supported (only file:)");
        }
        return Path.of(u).toString();
    }

    /**
     * The delivery attempt in the headers, 1 when absent or unreadable.
     *
     * @param headers record headers
     * @return attempt ≥ 1
     */
    public static int attempt(Headers headers) {
        Header h = headers.lastHeader(ATTEMPT_HEADER);
        if (h == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * A header value as text.
     *
     * @param headers record headers
     * @param name header name
     * @return the last value of the header, "" when absent
     */
    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
