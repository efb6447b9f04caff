package org.myoscreen.pipeline.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * JSON form of a {@link Job} (snake_case keys, timestamps ISO-8601 UTC), the same on disk and on a wire
 * queue. Written field by field so that the published format does not change with a record refactoring.
 * Thread-safe.
 *
 * <pre>{@code
 * {"job_key":"1.2.3/9f…/v1","study_instance_uid":"1.2.3","grouping_key":"9f…","version":1,
 *  "rule":"dixon","model":"paraspinal-v1","destinations":["PACS@pacs:104"],"calling_ae":"SCANNER",
 *  "series_instance_uids":["1.2.3.4"],
 *  "files":[{"series_instance_uid":"1.2.3.4","sop_instance_uid":"1.2.3.4.5","path":"/data/spool/…",
 *            "size_bytes":1234,"sha256":"…"}],
 *  "first_arrival":"…","last_arrival":"…","created_at":"…"}
 * }</pre>
 */
public final class JobJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobJson() {}

    /**
     * The job as compact JSON, UTF-8.
     *
     * @param job the job
     * @return UTF-8 JSON
     */
    public static byte[] toBytes(Job job) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("job_key", job.jobKey());
        o.put("study_instance_uid", job.studyInstanceUid());
        o.put("grouping_key", job.groupingKey());
        o.put("version", job.version());
        o.put("rule", job.ruleId());
        o.put("model", job.modelId());
        ArrayNode d = o.putArray("destinations");
        job.destinations().forEach(x -> d.add(x.toString()));
        o.put("calling_ae", job.callingAeTitle());
        ArrayNode s = o.putArray("series_instance_uids");
        job.seriesInstanceUids().forEach(s::add);
        ArrayNode f = o.putArray("files");
        for (JobFile jf : job.files()) {
            ObjectNode n = f.addObject();
            n.put("series_instance_uid", jf.seriesInstanceUid());
            n.put("sop_instance_uid", jf.sopInstanceUid());
            n.put("path", jf.path().toString());
            n.put("size_bytes", jf.sizeBytes());
            n.put("sha256", jf.sha256());
        }
        o.put("first_arrival", job.firstArrival().toString());
        o.put("last_arrival", job.lastArrival().toString());
        o.put("created_at", job.createdAt().toString());
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise job " + job.jobKey(), e);
        }
    }

    /**
     * The job as a JSON string.
     *
     * @param job the job
     * @return the JSON text
     */
    public static String toJson(Job job) {
        return new String(toBytes(job), StandardCharsets.UTF_8);
    }

    /**
     * Parses a job.
     *
     * @param source names the origin (file, topic offset) in error messages
     * @param json UTF-8 JSON
     * @return the job
     * @throws IllegalArgumentException naming the source and the key when the JSON is not a valid job
     */
    public static Job fromBytes(byte[] json, String source) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("job " + source + " is not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("job " + source + " is not a JSON object");
        }
        try {
            List<Destination> destinations = new ArrayList<>();
            for (JsonNode n : array(o, "destinations", source)) {
                destinations.add(Destination.parse(n.asText()));
            }
            List<String> series = new ArrayList<>();
            for (JsonNode n : array(o, "series_instance_uids", source)) {
                series.add(n.asText());
            }
            List<JobFile> files = new ArrayList<>();
            for (JsonNode n : array(o, "files", source)) {
                files.add(new JobFile(
                        text(n, "series_instance_uid", source),
                        text(n, "sop_instance_uid", source),
                        Path.of(text(n, "path", source)),
                        required(n, "size_bytes", source).asLong(),
                        text(n, "sha256", source)));
            }
            Job job = new Job(
                    text(o, "study_instance_uid", source),
                    text(o, "grouping_key", source),
                    required(o, "version", source).asInt(),
                    text(o, "rule", source),
                    text(o, "model", source),
                    destinations,
                    text(o, "calling_ae", source),
                    series,
                    files,
                    instant(o, "first_arrival", source),
                    instant(o, "last_arrival", source),
                    instant(o, "created_at", source));
            JsonNode key = o.get("job_key");
            if (key != null && !key.asText().equals(job.jobKey())) {
                throw new IllegalArgumentException(
                        "job " + source + ": job_key " + key.asText() + " does not match its parts " + job.jobKey());
            }
            return job;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("job " + source + ": bad timestamp " + e.getParsedString(), e);
        }
    }

    private static JsonNode required(JsonNode o, String key, String source) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("job " + source + ": missing key " + key);
        }
        return n;
    }

    private static String text(JsonNode o, String key, String source) {
        return required(o, key, source).asText();
    }

    private static Instant instant(JsonNode o, String key, String source) {
        return Instant.parse(text(o, key, source));
    }

    private static JsonNode array(JsonNode o, String key, String source) {
        JsonNode n = required(o, key, source);
        if (!n.isArray()) {
            throw new IllegalArgumentException("job " + source + ": key " + key + " is not an array");
        }
        return n;
    }
}
