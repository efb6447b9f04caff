package org.myoscreen.pipeline.delivery;

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
import java.util.List;
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
 * anything is sent; {@link #deliverDue(Destination)} sends what is due to one destination through the
 * {@link Sender} (today DICOM C-STORE, {@link DicomSender}), one association per destination and job,
 * and records the peer's status per instance: Success and Warning deliver; A7xx and association
 * failures are retried with the {@link DeliveryPolicy}'s backoff until its horizon, then the
 * delivery is {@code DEAD}; any other failure status (A9xx, Cxxx, 01xx), and an association that
 * cannot succeed by waiting (permanent rejection, SOP class not accepted), is {@code FAILED} at
 * once, with the peer's Error Comment or the reason. A job's folder is removed once every delivery is delivered;
 * failed and dead ones stay until {@link #resend}. The all-delivered state is saved before the folder is
 * removed, so a crash in between is finished at the next start, never taken for undelivered work.
 *
 * <p>Layout: {@code <dir>/<job key with / as _>/files/<name>} and {@code .../deliveries.json}.
 * Thread-safe: one lock guards the state files; it is never held while sending, so rounds for different
 * destinations run at once and {@link #add} never waits for a peer.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_FILE = "deliveries.json";

    /**
     * Sends files to a destination and answers per file, in order; see {@link DicomSender}. One call per job and
     * destination; calls for different destinations may run at once, so an implementation must be thread-safe.
     * A sender for another kind of destination (e.g. DICOMweb) answers with the same per-file results.
     */
    @FunctionalInterface
    public interface Sender {
        /**
         * @throws DicomNetException when the association fails (the whole batch is retried, or failed at once when
         *     {@link DicomNetException#retriable()} is false)
         * @throws DeliveryException when a STOW-RS request fails as a whole (likewise, by
         *     {@link DeliveryException#retriable()})
         */
        List<StoreResult> send(Destination destination, List<Path> files);
    }

    /** What one {@link #deliverDue} round did. */
    public record Round(int delivered, int retrying, int failed, int dead) {}

    private final Path directory;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Sender sender;
    private final Runnable afterFilesRemoved;

    /**
     * @param directory the outbox folder (created when missing)
     * @throws UncheckedIOException when the folder cannot be created
     */
    public Outbox(Path directory, DeliveryPolicy policy, Clock clock, Sender sender) {
        this(directory, policy, clock, sender, () -> {});
    }

    /** For tests: {@code afterFilesRemoved} runs between removing a delivered job's files and its state (a crash point). */
    Outbox(Path directory, DeliveryPolicy policy, Clock clock, Sender sender, Runnable afterFilesRemoved) {
        this.directory = Objects.requireNonNull(directory, "directory is null");
        this.policy = Objects.requireNonNull(policy, "policy is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.sender = Objects.requireNonNull(sender, "sender is null");
        this.afterFilesRemoved = afterFilesRemoved;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create outbox " + directory, e);
        }
        removeLeftovers();
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
                    deliveries.add(new Delivery(
                            jobKey,
                            name,
                            destination,
                            Delivery.State.PENDING,
                            0,
                            Optional.empty(),
                            now,
                            Optional.empty(),
                            Optional.empty()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store outputs of job " + jobKey + " in " + jobDir, e);
        }
        save(jobKey, deliveries);
        LOG.info("event=outbox_added job={} files={} destinations={}", jobKey, outputs.size(), destinations);
    }

    /**
     * Sends every pending delivery that is due, one destination after the other, on the calling thread. The
     * {@link DeliveryLoop} instead runs {@link #deliverDue(Destination)} for each destination on its own thread.
     *
     * @return what the round did, summed over the destinations
     */
    public Round deliverDue() {
        Round total = new Round(0, 0, 0, 0);
        for (Destination destination : dueDestinations()) {
            Round r = deliverDue(destination);
            total = new Round(
                    total.delivered() + r.delivered(),
                    total.retrying() + r.retrying(),
                    total.failed() + r.failed(),
                    total.dead() + r.dead());
        }
        return total;
    }

    /**
     * The destinations with at least one pending delivery due now.
     *
     * @return distinct destinations, in job order
     */
    public synchronized List<Destination> dueDestinations() {
        Instant now = clock.instant();
        java.util.Set<Destination> out = new java.util.LinkedHashSet<>();
        for (String jobKey : jobKeys()) {
            for (Delivery d : load(jobKey)) {
                if (isDue(d, now)) {
                    out.add(d.destination());
                }
            }
        }
        return List.copyOf(out);
    }

    /** One job's due deliveries to one destination, as read before sending. */
    private record Batch(String jobKey, List<Delivery> deliveries, List<Path> files) {}

    /**
     * Sends the deliveries due now to one {@code destination}, one association per job, and records each outcome.
     * The lock is held only to read what is due and to record the outcomes, never while sending: a destination
     * that stalls holds up neither {@link #add} nor the rounds of other destinations. An outcome is recorded only
     * when the delivery is unchanged since it was read (a job added again meanwhile is sent again instead).
     *
     * <p>Call it for one destination from one thread at a time (the {@link DeliveryLoop} does); rounds for
     * different destinations may run at once.
     *
     * @param destination where to send
     * @return what the round did
     */
    public Round deliverDue(Destination destination) {
        Objects.requireNonNull(destination, "destination is null");
        List<Batch> batches = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (String jobKey : jobKeys()) {
                List<Delivery> due = load(jobKey).stream()
                        .filter(d -> d.destination().equals(destination) && isDue(d, now))
                        .toList();
                if (!due.isEmpty()) {
                    Path files = jobDir(jobKey).resolve("files");
                    batches.add(new Batch(
                            jobKey,
                            due,
                            due.stream().map(d -> files.resolve(d.file())).toList()));
                }
            }
        }
        int[] counts = new int[4];
        for (Batch batch : batches) {
            List<Delivery> outcomes = send(destination, batch);
            recordOutcomes(batch, outcomes, counts);
        }
        return new Round(counts[0], counts[1], counts[2], counts[3]);
    }

    private static boolean isDue(Delivery d, Instant now) {
        return d.state() == Delivery.State.PENDING && !d.nextAttemptAt().isAfter(now);
    }

    /** Sends one batch (no lock held) and returns each delivery's next value, in the batch's order. */
    private List<Delivery> send(Destination destination, Batch batch) {
        List<StoreResult> results;
        try {
            results = sender.send(destination, batch.files());
        } catch (DicomNetException | DeliveryException | UncheckedIOException e) {
            Instant now = clock.instant();
            // a permanent refusal (no accepted presentation context for the SOP class, a permanent
            // A-ASSOCIATE-RJ, an HTTP 4xx) will not heal by waiting: it fails now and waits for resend
            boolean permanent = e instanceof DicomNetException net && !net.retriable()
                    || e instanceof DeliveryException refused && !refused.retriable();
            List<Delivery> out = new ArrayList<>();
            for (Delivery d : batch.deliveries()) {
                if (permanent) {
                    LOG.warn(
                            "event=delivery_failed job={} file={} destination={} error=\"{}\"",
                            d.jobKey(),
                            d.file(),
                            d.destination(),
                            e.getMessage());
                    out.add(d.with(
                            Delivery.State.FAILED, now, now, Optional.empty(), Optional.ofNullable(e.getMessage())));
                } else {
                    out.add(retryOrDead(d, now, Optional.empty(), String.valueOf(e.getMessage())));
                }
            }
            return out;
        }
        Instant now = clock.instant();
        List<Delivery> out = new ArrayList<>();
        for (int k = 0; k < batch.deliveries().size(); k++) {
            out.add(outcome(batch.deliveries().get(k), results.get(k), now));
        }
        return out;
    }

    /**
     * Records a batch's outcomes under the lock. When every delivery of the job is delivered, that state is saved
     * first and only then are the files and the state removed (see {@link #remove}).
     */
    private synchronized void recordOutcomes(Batch batch, List<Delivery> outcomes, int[] counts) {
        String jobKey = batch.jobKey();
        if (!Files.isRegularFile(jobDir(jobKey).resolve(STATE_FILE))) {
            return;
        }
        List<Delivery> deliveries = new ArrayList<>(load(jobKey));
        for (int k = 0; k < batch.deliveries().size(); k++) {
            Delivery before = batch.deliveries().get(k);
            int i = deliveries.indexOf(before);
            if (i < 0) {
                LOG.info(
                        "event=delivery_outcome_dropped job={} file={} destination={} reason=changed_while_sending",
                        jobKey,
                        before.file(),
                        before.destination());
                continue;
            }
            Delivery next = outcomes.get(k);
            deliveries.set(i, next);
            switch (next.state()) {
                case DELIVERED -> counts[0]++;
                case FAILED -> counts[2]++;
                case DEAD -> counts[3]++;
                default -> counts[1]++;
            }
        }
        save(jobKey, deliveries);
        if (deliveries.stream().allMatch(d -> d.state() == Delivery.State.DELIVERED)) {
            remove(jobKey);
            LOG.info("event=job_delivered job={} deliveries={}", jobKey, deliveries.size());
        }
    }

    /** Every delivery that will not be tried again by itself (FAILED or DEAD), by job. */
    public synchronized List<Delivery> failed() {
        List<Delivery> out = new ArrayList<>();
        for (String jobKey : jobKeys()) {
            load(jobKey).stream()
                    .filter(d -> d.state() == Delivery.State.FAILED || d.state() == Delivery.State.DEAD)
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
                deliveries.set(
                        i,
                        new Delivery(
                                d.jobKey(),
                                d.file(),
                                d.destination(),
                                Delivery.State.PENDING,
                                0,
                                Optional.empty(),
                                now,
                                d.lastStatus(),
                                d.lastError()));
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
                LOG.info(
                        "event=delivered job={} file={} destination={} status={}",
                        d.jobKey(),
                        d.file(),
                        d.destination(),
                        status.hex());
                return d.with(Delivery.State.DELIVERED, now, now, code, result.errorComment());
            default:
                if ((status.code() & 0xFF00) == 0xA700) {
                    return retryOrDead(d, now, code, result.errorComment().orElse("Out of resources"));
                }
                LOG.warn(
                        "event=delivery_failed job={} file={} destination={} status={} comment=\"{}\"",
                        d.jobKey(),
                        d.file(),
                        d.destination(),
                        status.hex(),
                        result.errorComment().orElse(""));
                return d.with(Delivery.State.FAILED, now, now, code, result.errorComment());
        }
    }

    private Delivery retryOrDead(Delivery d, Instant now, Optional<String> status, String error) {
        Instant first = d.firstAttemptAt().orElse(now);
        if (!first.plus(policy.horizon()).isAfter(now)) {
            LOG.warn(
                    "event=delivery_dead job={} file={} destination={} attempts={} error=\"{}\"",
                    d.jobKey(),
                    d.file(),
                    d.destination(),
                    d.attempts() + 1,
                    error);
            return d.with(Delivery.State.DEAD, now, now, status, Optional.of(error));
        }
        Instant next = now.plus(policy.backoffAfter(d.attempts() + 1));
        LOG.warn(
                "event=delivery_retry job={} file={} destination={} attempt={} next_attempt_at={} error=\"{}\"",
                d.jobKey(),
                d.file(),
                d.destination(),
                d.attempts() + 1,
                next,
                error);
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
            dirs.filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .sorted()
                    .forEach(p -> keys.add(
                            readState(p.resolve(STATE_FILE)).path("job_key").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list outbox " + directory, e);
        }
        return keys;
    }

    private List<Delivery> load(String jobKey) {
        JsonNode root = readState(jobDir(jobKey).resolve(STATE_FILE));
        List<Delivery> out = new ArrayList<>();
        for (JsonNode n : root.path("deliveries")) {
            out.add(new Delivery(
                    jobKey,
                    n.path("file").asText(),
                    Destination.parse(n.path("destination").asText()),
                    Delivery.State.valueOf(n.path("state").asText()),
                    n.path("attempts").asInt(),
                    instant(n.get("first_attempt_at")),
                    Instant.parse(n.path("next_attempt_at").asText()),
                    text(n.get("last_status")),
                    text(n.get("last_error"))));
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
            d.firstAttemptAt()
                    .ifPresentOrElse(t -> n.put("first_attempt_at", t.toString()), () -> n.putNull("first_attempt_at"));
            n.put("next_attempt_at", d.nextAttemptAt().toString());
            d.lastStatus().ifPresentOrElse(s -> n.put("last_status", s), () -> n.putNull("last_status"));
            d.lastError().ifPresentOrElse(s -> n.put("last_error", s), () -> n.putNull("last_error"));
        }
        try {
            AtomicFiles.write(
                    jobDir(jobKey).resolve(STATE_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outbox state of job " + jobKey, e);
        }
    }

    /**
     * Removes a fully delivered job: its files first, then {@code deliveries.json}, then the folder. The caller
     * saved the all-delivered state before, so a crash at any point leaves either that state (its leftovers are
     * removed at the next start, see {@link #removeLeftovers}) or nothing; never pending deliveries whose files
     * are gone.
     */
    private void remove(String jobKey) {
        Path jobDir = jobDir(jobKey);
        try {
            Path files = jobDir.resolve("files");
            if (Files.isDirectory(files)) {
                try (Stream<Path> walk = Files.walk(files)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            afterFilesRemoved.run();
            Files.deleteIfExists(jobDir.resolve(STATE_FILE));
            Files.deleteIfExists(jobDir);
            AtomicFiles.fsyncDirectory(directory);
        } catch (IOException e) {
            LOG.warn("event=outbox_cleanup_failed job={} dir={} error=\"{}\"", jobKey, jobDir, e.getMessage());
        }
    }

    /**
     * At start: removes what an interrupted {@link #remove} or {@link #add} left. A job whose deliveries are all
     * delivered is removed; a folder without a state file (an add that never completed, or a remove past its
     * state file) holds nothing pending and is removed too.
     */
    private void removeLeftovers() {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(directory)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list outbox " + directory, e);
        }
        for (Path dir : dirs) {
            Path state = dir.resolve(STATE_FILE);
            if (Files.isRegularFile(state)) {
                String jobKey = readState(state).path("job_key").asText();
                List<Delivery> deliveries = load(jobKey);
                if (deliveries.isEmpty() || !deliveries.stream().allMatch(d -> d.state() == Delivery.State.DELIVERED)) {
                    continue;
                }
                LOG.info("event=outbox_leftover_removed job={} reason=all_delivered", jobKey);
                remove(jobKey);
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
                LOG.info("event=outbox_leftover_removed dir={} reason=no_state", dir);
            } catch (IOException e) {
                LOG.warn("event=outbox_cleanup_failed dir={} error=\"{}\"", dir, e.getMessage());
            }
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
