package org.myoscreen.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.myoscreen.dicom.net.DicomNetException;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.StoreResult;
import org.myoscreen.pipeline.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox between a job's outputs and its destinations. {@link #add} stores the output
 * files and one {@link Delivery} per file and destination on disk (write, fsync, rename) before
 * anything is sent; {@link #deliverDue} sends what is due, one association per destination and job,
 * and records the peer's status per instance: Success and Warning deliver; A7xx and association
 * failures are retried with the {@link DeliveryPolicy}'s backoff until its horizon, then the
 * delivery is {@code DEAD}; any other failure status (A9xx, Cxxx, 01xx), and an association that
 * cannot succeed by waiting (permanent rejection, SOP class not accepted), is {@code FAILED} at
 * once, with the peer's Error Comment or the reason. A job's folder is removed once every delivery is delivered;
 * failed and dead ones stay until {@link #resend}.
 *
 * <p>Layout: {@code <dir>/<job key with / as _>/files/<name>} and {@code .../deliveries.json}.
 * Thread-safe: one lock serialises every operation (a delivery round included).
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_FILE = "deliveries.json";

    /** Sends files to a destination and answers per file; see {@link DicomSender}. */
    @FunctionalInterface
    public interface Sender {
        /**
         * @throws DicomNetException when the association fails (the whole batch is retried unless permanent)
         * @throws DeliveryException when a STOW-RS request fails as a whole (likewise)
         */
        List<StoreResult> send(Destination destination, List<Path> files);
    }

    /** What one {@link #deliverDue} round did. */
    public record Round(int delivered, int retrying, int failed, int dead) {
    }

    private final Path directory;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Sender sender;

    /**
     * @param directory the outbox folder (created when missing)
     * @throws UncheckedIOException when the folder cannot be created
     */
    public Outbox(Path directory, DeliveryPolicy policy, Clock clock, Sender sender) {
        this.directory = Objects.requireNonNull(directory, "directory is null");
        this.policy = Objects.requireNonNull(policy, "policy is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.sender = Objects.requireNonNull(sender, "sender is null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create outbox " + directory, e);
        }
    }

    /**
     * Stores a job's outputs durably with a pending delivery to each destination, due now. A job
     * already in the outbox is replaced (its outputs carry the same UIDs when it ran again).
     *
     * @throws UncheckedIOException when the outputs cannot be stored; nothing is then pending
     */
    public synchronized void add(String jobKey, List<Path> outputs, List<Destination> destinations) {
        Path jobDir = jobDir(jobKey);
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        try {
            Path files = Files.createDirectories(jobDir.resolve("files"));
            AtomicFiles.fsyncDirectory(directory);
            for (Path output : outputs) {
                String name = output.getFileName().toString();
                AtomicFiles.write(files.resolve(name), Files.readAllBytes(output));
                for (Destination destination : destinations) {
                    deliveries.add(new Delivery(jobKey, name, destination, Delivery.State.PENDING, 0,
                            Optional.empty(), now, Optional.empty(), Optional.empty()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store outputs of job " + jobKey + " in " + jobDir, e);
        }
        save(jobKey, deliveries);
        LOG.info("event=outbox_added job={} files={} destinations={}", jobKey, outputs.size(), destinations);
    }

    /** Sends every pending delivery that is due and records the outcome. */
    public synchronized Round deliverDue() {
        int delivered = 0;
        int retrying = 0;
        int failed = 0;
        int dead = 0;
        Instant now = clock.instant();
        for (String jobKey : jobKeys()) {
            List<Delivery> deliveries = new ArrayList<>(load(jobKey));
            Map<Destination, List<Integer>> due = new LinkedHashMap<>();
            for (int i = 0; i < deliveries.size(); i++) {
                Delivery d = deliveries.get(i);
                if (d.state() == Delivery.State.PENDING && !d.nextAttemptAt().isAfter(now)) {
                    due.computeIfAbsent(d.destination(), k -> new ArrayList<>()).add(i);
                }
            }
            if (due.isEmpty()) {
                continue;
            }
            for (Map.Entry<Destination, List<Integer>> batch : due.entrySet()) {
                List<Path> files = batch.getValue().stream()
                        .map(i -> jobDir(jobKey).resolve("files").resolve(deliveries.get(i).file())).toList();
                List<StoreResult> results;
                try {
                    results = sender.send(batch.getKey(), files);
                } catch (DicomNetException | DeliveryException | UncheckedIOException e) {
                    // a permanent refusal (no accepted presentation context for the SOP class, a permanent
                    // A-ASSOCIATE-RJ, an HTTP 4xx) will not heal by waiting: it fails now and waits for resend
                    boolean permanent = e instanceof DicomNetException net && !net.retriable()
                            || e instanceof DeliveryException refused && !refused.retriable();
                    for (int i : batch.getValue()) {
                        if (permanent) {
                            Delivery d = deliveries.get(i);
                            LOG.warn("event=delivery_failed job={} file={} destination={} error=\"{}\"", jobKey,
                                    d.file(), d.destination(), e.getMessage());
                            deliveries.set(i, d.with(Delivery.State.FAILED, now, now, Optional.empty(),
                                    Optional.ofNullable(e.getMessage())));
                            failed++;
                            continue;
                        }
                        Delivery next = retryOrDead(deliveries.get(i), now, Optional.empty(), e.getMessage());
                        deliveries.set(i, next);
                        if (next.state() == Delivery.State.DEAD) {
                            dead++;
                        } else {
                            retrying++;
                        }
                    }
                    continue;
                }
                for (int k = 0; k < batch.getValue().size(); k++) {
                    int i = batch.getValue().get(k);
                    Delivery next = outcome(deliveries.get(i), results.get(k), now);
                    deliveries.set(i, next);
                    switch (next.state()) {
                        case DELIVERED -> delivered++;
                        case FAILED -> failed++;
                        case DEAD -> dead++;
                        default -> retrying++;
                    }
                }
            }
            if (deliveries.stream().allMatch(d -> d.state() == Delivery.State.DELIVERED)) {
                remove(jobKey);
                LOG.info("event=job_delivered job={} deliveries={}", jobKey, deliveries.size());
            } else {
                save(jobKey, deliveries);
            }
        }
        return new Round(delivered, retrying, failed, dead);
    }

    /** Every delivery that will not be tried again by itself (FAILED or DEAD), by job. */
    public synchronized List<Delivery> failed() {
        List<Delivery> out = new ArrayList<>();
        for (String jobKey : jobKeys()) {
            load(jobKey).stream().filter(d -> d.state() == Delivery.State.FAILED || d.state() == Delivery.State.DEAD)
                    .forEach(out::add);
        }
        return out;
    }

    /** The deliveries of a job still in the outbox; empty when it is not (or was fully delivered). */
    public synchronized List<Delivery> deliveries(String jobKey) {
        return Files.isRegularFile(jobDir(jobKey).resolve(STATE_FILE)) ? load(jobKey) : List.of();
    }

    /**
     * Makes a job's failed and dead deliveries pending again, due now, with a fresh retry horizon.
     *
     * @return how many deliveries were reset; 0 when the job has none (or is not in the outbox)
     */
    public synchronized int resend(String jobKey) {
        List<Delivery> deliveries = new ArrayList<>(deliveries(jobKey));
        int reset = 0;
        Instant now = clock.instant();
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (d.state() == Delivery.State.FAILED || d.state() == Delivery.State.DEAD) {
                deliveries.set(i, new Delivery(d.jobKey(), d.file(), d.destination(), Delivery.State.PENDING, 0,
                        Optional.empty(), now, d.lastStatus(), d.lastError()));
                reset++;
            }
        }
        if (reset > 0) {
            save(jobKey, deliveries);
            LOG.info("event=outbox_resend job={} deliveries={}", jobKey, reset);
        }
        return reset;
    }

    private Delivery outcome(Delivery d, StoreResult result, Instant now) {
        DimseStatus status = result.status();
        Optional<String> code = Optional.of(status.hex());
        switch (status.category()) {
            case SUCCESS:
            case WARNING:
                LOG.info("event=delivered job={} file={} destination={} status={}", d.jobKey(), d.file(),
                        d.destination(), status.hex());
                return d.with(Delivery.State.DELIVERED, now, now, code, result.errorComment());
            default:
                if ((status.code() & 0xFF00) == 0xA700) {
                    return retryOrDead(d, now, code, result.errorComment().orElse("Out of resources"));
                }
                LOG.warn("event=delivery_failed job={} file={} destination={} status={} comment=\"{}\"",
                        d.jobKey(), d.file(), d.destination(), status.hex(), result.errorComment().orElse(""));
                return d.with(Delivery.State.FAILED, now, now, code, result.errorComment());
        }
    }

    private Delivery retryOrDead(Delivery d, Instant now, Optional<String> status, String error) {
        Instant first = d.firstAttemptAt().orElse(now);
        if (!first.plus(policy.horizon()).isAfter(now)) {
            LOG.warn("event=delivery_dead job={} file={} destination={} attempts={} error=\"{}\"", d.jobKey(),
                    d.file(), d.destination(), d.attempts() + 1, error);
            return d.with(Delivery.State.DEAD, now, now, status, Optional.of(error));
        }
        Instant next = now.plus(policy.backoffAfter(d.attempts() + 1));
        LOG.warn("event=delivery_retry job={} file={} destination={} attempt={} next_attempt_at={} error=\"{}\"",
                d.jobKey(), d.file(), d.destination(), d.attempts() + 1, next, error);
        return d.with(Delivery.State.PENDING, now, next, status, Optional.of(error));
    }

    private Path jobDir(String jobKey) {
        String safe = jobKey.replace('/', '_');
        if (safe.isEmpty() || safe.startsWith(".") || !safe.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("job key '" + jobKey + "' cannot name an outbox folder");
        }
        return directory.resolve(safe);
    }

    private List<String> jobKeys() {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(directory)) {
            dirs.filter(p -> Files.isRegularFile(p.resolve(STATE_FILE))).sorted()
                    .forEach(p -> keys.add(readState(p.resolve(STATE_FILE)).path("job_key").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list outbox " + directory, e);
        }
        return keys;
    }

    private List<Delivery> load(String jobKey) {
        JsonNode root = readState(jobDir(jobKey).resolve(STATE_FILE));
        List<Delivery> out = new ArrayList<>();
        for (JsonNode n : root.path("deliveries")) {
            out.add(new Delivery(jobKey, n.path("file").asText(), Destination.parse(n.path("destination").asText()),
                    Delivery.State.valueOf(n.path("state").asText()), n.path("attempts").asInt(),
                    instant(n.get("first_attempt_at")), Instant.parse(n.path("next_attempt_at").asText()),
                    text(n.get("last_status")), text(n.get("last_error"))));
        }
        return out;
    }

    private void save(String jobKey, List<Delivery> deliveries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("job_key", jobKey);
        ArrayNode list = root.putArray("deliveries");
        for (Delivery d : deliveries) {
            ObjectNode n = list.addObject();
            n.put("file", d.file());
            n.put("destination", d.destination().toString());
            n.put("state", d.state().name());
            n.put("attempts", d.attempts());
            d.firstAttemptAt().ifPresentOrElse(t -> n.put("first_attempt_at", t.toString()),
                    () -> n.putNull("first_attempt_at"));
            n.put("next_attempt_at", d.nextAttemptAt().toString());
            d.lastStatus().ifPresentOrElse(s -> n.put("last_status", s), () -> n.putNull("last_status"));
            d.lastError().ifPresentOrElse(s -> n.put("last_error", s), () -> n.putNull("last_error"));
        }
        try {
            AtomicFiles.write(jobDir(jobKey).resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outbox state of job " + jobKey, e);
        }
    }

    private void remove(String jobKey) {
        Path jobDir = jobDir(jobKey);
        try (Stream<Path> walk = Files.walk(jobDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            AtomicFiles.fsyncDirectory(directory);
        } catch (IOException e) {
            LOG.warn("event=outbox_cleanup_failed job={} dir={} error=\"{}\"", jobKey, jobDir, e.getMessage());
        }
    }

    private static JsonNode readState(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read outbox state " + file, e);
        }
    }

    private static Optional<Instant> instant(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(Instant.parse(n.asText()));
    }

    private static Optional<String> text(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }
}
