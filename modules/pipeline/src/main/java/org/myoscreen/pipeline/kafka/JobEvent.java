package org.myoscreen.pipeline.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.myoscreen.pipeline.ledger.JobState;

/**
 * A job state event on the results topic: a worker took a job (RUNNING), finished it (DONE, with the SOP
 * Instance UIDs of its outputs), gave it back for another attempt (QUEUED) or failed it for good (FAILED,
 * also sent to the dead-letter topic). Keyed by job key. Immutable.
 *
 * <pre>{@code {"job_key":"1.2.3/9f…/v1","state":"DONE","reason":"","attempt":1,"worker":"host-123",
 *  "output_sop_instance_uids":["2.25.…"],"at":"2026-11-21T12:00:00Z"}}</pre>
 *
 * @param jobKey the job
 * @param state the job's new state
 * @param reason why (a failure reason), "" for none
 * @param attempt the delivery attempt the event is about
 * @param worker the client id of the worker
 * @param outputSopInstanceUids the SOP Instance UIDs of the outputs (DONE only, else empty)
 * @param at when it happened
 */
public record JobEvent(
        String jobKey,
        JobState state,
        String reason,
        int attempt,
        String worker,
        List<String> outputSopInstanceUids,
        Instant at) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Checks for null and copies the list.
     *
     * @param jobKey the job
     * @param state the job's new state
     * @param reason why, "" for none
     * @param attempt the delivery attempt
     * @param worker the worker's client id
     * @param outputSopInstanceUids output SOP Instance UIDs
     * @param at when it happened
     */
    public JobEvent {
        Objects.requireNonNull(jobKey, "jobKey is null");
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(worker, "worker is null");
        outputSopInstanceUids = List.copyOf(outputSopInstanceUids);
        Objects.requireNonNull(at, "at is null");
    }

    /**
     * The event as UTF-8 JSON.
     *
     * @return JSON bytes
     */
    public byte[] toBytes() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("job_key", jobKey);
        o.put("state", state.name());
        o.put("reason", reason);
        o.put("attempt", attempt);
        o.put("worker", worker);
        var uids = o.putArray("output_sop_instance_uids");
        outputSopInstanceUids.forEach(uids::add);
        o.put("at", at.toString());
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode job event for " + jobKey, e);
        }
    }

    /**
     * Parses an event.
     *
     * @param value UTF-8 JSON
     * @param source names the record in error messages
     * @return the event
     * @throws IllegalArgumentException naming the source when the value is not an event
     */
    public static JobEvent fromBytes(byte[] value, String source) {
        try {
            JsonNode o = MAPPER.readTree(value);
            if (o == null || !o.isObject() || !o.hasNonNull("job_key") || !o.hasNonNull("state")) {
                throw new IllegalArgumentException("job event " + source + " lacks job_key or state");
            }
            List<String> uids = new ArrayList<>();
            o.path("output_sop_instance_uids").forEach(n -> uids.add(n.asText()));
            return new JobEvent(
                    o.get("job_key").asText(),
                    JobState.valueOf(o.get("state").asText()),
                    o.path("reason").asText(""),
                    o.path("attempt").asInt(1),
                    o.path("worker").asText(""),
                    uids,
                    Instant.parse(o.path("at").asText(Instant.EPOCH.toString())));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("job event")) {
                throw iae;
            }
            throw new IllegalArgumentException("job event " + source + " is unreadable: " + e.getMessage(), e);
        }
    }
}
