package org.myoscreen.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.pipeline.delivery.Delivery;
import org.myoscreen.pipeline.delivery.Outbox;
import org.myoscreen.pipeline.ledger.JobState;
import org.myoscreen.pipeline.ledger.Ledger;
import org.myoscreen.pipeline.ledger.LedgerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin page's JSON API (documented in {@code docs/admin-api.md}): what the node does now, the studies
 * it received with their series, jobs, results and summary images, the deliveries per destination with
 * Resend, and the configuration without secrets. Reads the ledger (read-only), the outbox and the results
 * folder; the patient and study header of a study comes from one of its spooled instances and is cached.
 * Access to a study's page or image is written to the {@link AuditLog}.
 *
 * <p>Thread-safe. Authentication and CSRF are checked before a request gets here.
 */
public final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UID = Pattern.compile("[0-9.]{1,64}");
    /** How many recent series and jobs the page looks at. */
    private static final int RECENT = 2000;

    /** Everything the API reads, built by the node. */
    public record Sources(
            LedgerView ledger,
            Outbox outbox,
            Path resultsDir,
            AuditLog audit,
            Duration quietPeriod,
            Supplier<Integer> queuedJobs,
            ObjectNode configuration,
            Clock clock,
            Instant started) {
        /** Checks for null. */
        public Sources {
            Objects.requireNonNull(ledger, "ledger is null");
            Objects.requireNonNull(outbox, "outbox is null");
            Objects.requireNonNull(resultsDir, "resultsDir is null");
            Objects.requireNonNull(audit, "audit is null");
            Objects.requireNonNull(quietPeriod, "quietPeriod is null");
            Objects.requireNonNull(queuedJobs, "queuedJobs is null");
            Objects.requireNonNull(configuration, "configuration is null");
            Objects.requireNonNull(clock, "clock is null");
            Objects.requireNonNull(started, "started is null");
        }
    }

    /** An answer: status, content type and body. */
    public record Response(int status, String contentType, byte[] body) {
        static Response json(int status, JsonNode node) {
            try {
                return new Response(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Response error(int status, String message) {
            return json(status, JSON.createObjectNode().put("error", message));
        }
    }

    /** Who asks, for the audit log. */
    public record Caller(String user, String remote) {}

    private record StudyHeader(String patientId, String patientName, String accessionNumber, String studyDate) {
        static final StudyHeader UNKNOWN = new StudyHeader("", "", "", "");
    }

    private final Sources sources;
    private final Map<String, StudyHeader> headers = new ConcurrentHashMap<>();

    /**
     * @param sources what the API reads
     */
    public AdminApi(Sources sources) {
        this.sources = Objects.requireNonNull(sources, "sources is null");
    }

    /**
     * Answers a GET under {@code /api/}.
     *
     * @param path the path after {@code /api/}, e.g. {@code studies/1.2.3}
     * @param query the decoded query parameters
     * @param caller who asks
     * @return the answer (404 for an unknown path or study)
     */
    public Response get(String path, Map<String, String> query, Caller caller) {
        String[] parts = path.split("/", -1);
        return switch (parts[0]) {
            case "now" -> parts.length == 1 ? Response.json(200, now()) : notFound();
            case "config" -> parts.length == 1 ? Response.json(200, sources.configuration()) : notFound();
            case "deliveries" -> parts.length == 1 ? Response.json(200, deliveries()) : notFound();
            case "studies" -> {
                if (parts.length == 1) {
                    yield Response.json(200, studies(query.getOrDefault("q", "")));
                }
                if (!UID.matcher(parts[1]).matches()) {
                    yield Response.error(400, "not a UID");
                }
                if (parts.length == 2) {
                    yield study(parts[1], caller);
                }
                if (parts.length == 3 && parts[2].equals("image")) {
                    yield image(parts[1], query, caller);
                }
                yield notFound();
            }
            default -> notFound();
        };
    }

    /**
     * Makes a job's failed and dead deliveries pending again, like {@code myoscreen resend JOB}.
     *
     * @param body {@code {"job_key": "..."}}
     * @param caller who asks
     * @return {@code {"job_key": ..., "reset": N}}; 404 when the job has nothing to resend
     */
    public Response resend(byte[] body, Caller caller) {
        String jobKey;
        try {
            jobKey = JSON.readTree(body).path("job_key").asText("");
        } catch (IOException e) {
            return Response.error(400, "body is not JSON: {\"job_key\": \"...\"}");
        }
        if (jobKey.isEmpty()) {
            return Response.error(400, "job_key missing");
        }
        int reset;
        try {
            reset = sources.outbox().resend(jobKey);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        LOG.info(
                "event=http_resend user=\"{}\" remote={} job={} reset={}",
                caller.user(),
                caller.remote(),
                jobKey,
                reset);
        return Response.json(
                reset > 0 ? 200 : 404,
                JSON.createObjectNode().put("job_key", jobKey).put("reset", reset));
    }

    private static Response notFound() {
        return Response.error(404, "not found");
    }

    private ObjectNode now() {
        Instant now = sources.clock().instant();
        ObjectNode out = JSON.createObjectNode();
        out.put("time", now.toString());
        ArrayNode associations = out.putArray("associations");
        for (Ledger.AssociationRecord a : sources.ledger().openAssociations(sources.started())) {
            associations
                    .addObject()
                    .put("id", a.id())
                    .put("calling_ae", a.callingAeTitle())
                    .put("called_ae", a.calledAeTitle())
                    .put("remote", a.remoteAddress())
                    .put("instances", a.instancesStored())
                    .put("failures", a.failures())
                    .put("bytes", a.bytes())
                    .put("opened", a.openedAt().toString());
        }
        ArrayNode assembling = out.putArray("assembling");
        List<LedgerView.SeriesRow> series = sources.ledger().recentSeries(RECENT);
        for (LedgerView.SeriesRow s : series) {
            if (s.state() == Ledger.SeriesState.OPEN) {
                Instant due = s.lastArrival().plus(sources.quietPeriod());
                assembling
                        .addObject()
                        .put("series_instance_uid", s.seriesInstanceUid())
                        .put("study_instance_uid", s.studyInstanceUid())
                        .put("description", s.description())
                        .put("calling_ae", s.callingAeTitle())
                        .put("instances", s.instances())
                        .put("last_arrival", s.lastArrival().toString())
                        .put("quiet_period_s", sources.quietPeriod().toSeconds())
                        .put(
                                "completes_in_s",
                                Math.max(0, Duration.between(now, due).toSeconds()));
            }
        }
        ArrayNode inHand = out.putArray("jobs_in_hand");
        for (LedgerView.JobRow j : sources.ledger().recentJobs(RECENT)) {
            if (j.state() == JobState.RUNNING) {
                inHand.addObject()
                        .put("job_key", j.jobKey())
                        .put("study_instance_uid", j.studyInstanceUid())
                        .put("rule", j.rule())
                        .put("model", j.model())
                        .put("since", j.updatedAt().toString());
            }
        }
        out.put("queued_jobs", sources.queuedJobs().get());
        return out;
    }

    private ObjectNode studies(String search) {
        String q = search.trim().toLowerCase(Locale.ROOT);
        Map<String, List<LedgerView.SeriesRow>> byStudy = new LinkedHashMap<>();
        for (LedgerView.SeriesRow s : sources.ledger().recentSeries(RECENT)) {
            byStudy.computeIfAbsent(s.studyInstanceUid(), k -> new ArrayList<>())
                    .add(s);
        }
        Map<String, List<LedgerView.JobRow>> jobs = jobsByStudy();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("studies");
        for (Map.Entry<String, List<LedgerView.SeriesRow>> e : byStudy.entrySet()) {
            StudyHeader h = header(e.getKey());
            if (!q.isEmpty()
                    && Stream.of(h.patientId(), h.patientName(), h.accessionNumber(), h.studyDate(), e.getKey())
                            .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains(q))) {
                continue;
            }
            ObjectNode row = list.addObject();
            studyFields(row, e.getKey(), h, e.getValue(), jobs.getOrDefault(e.getKey(), List.of()));
        }
        return out;
    }

    private void studyFields(
            ObjectNode row,
            String study,
            StudyHeader h,
            List<LedgerView.SeriesRow> series,
            List<LedgerView.JobRow> jobs) {
        row.put("study_instance_uid", study)
                .put("patient_id", h.patientId())
                .put("patient_name", h.patientName())
                .put("accession_number", h.accessionNumber())
                .put("study_date", h.studyDate())
                .put(
                        "received",
                        series.stream()
                                .map(LedgerView.SeriesRow::firstArrival)
                                .min(Comparator.naturalOrder())
                                .map(Instant::toString)
                                .orElse(""))
                .put("series", series.size())
                .put(
                        "instances",
                        series.stream()
                                .mapToInt(LedgerView.SeriesRow::instances)
                                .sum())
                .put("state", state(series, jobs));
    }

    /** One word for a study, as an administrator asks: did it arrive, is it done, did the result go out. */
    private String state(List<LedgerView.SeriesRow> series, List<LedgerView.JobRow> jobs) {
        if (series.stream().anyMatch(s -> s.state() == Ledger.SeriesState.OPEN)) {
            return "receiving";
        }
        if (jobs.isEmpty()) {
            return series.stream()
                            .allMatch(s -> s.state() == Ledger.SeriesState.UNMATCHED
                                    || s.state() == Ledger.SeriesState.REMOVED)
                    ? "not routed"
                    : "waiting";
        }
        // the newest version of each group decides
        Map<String, LedgerView.JobRow> latest = new TreeMap<>();
        for (LedgerView.JobRow j : jobs) {
            latest.merge(j.groupingKey(), j, (a, b) -> a.version() >= b.version() ? a : b);
        }
        List<JobState> states =
                latest.values().stream().map(LedgerView.JobRow::state).toList();
        if (states.contains(JobState.RUNNING)) {
            return "analysing";
        }
        if (states.contains(JobState.QUEUED)) {
            return "queued";
        }
        if (states.contains(JobState.FAILED)) {
            return "failed";
        }
        if (states.contains(JobState.DONE)) {
            List<Delivery> deliveries = latest.values().stream()
                    .flatMap(j -> sources.outbox().deliveries(j.jobKey()).stream())
                    .toList();
            if (deliveries.stream()
                    .anyMatch(d -> d.state() == Delivery.State.FAILED || d.state() == Delivery.State.DEAD)) {
                return "delivery failed";
            }
            if (deliveries.stream().anyMatch(d -> d.state() == Delivery.State.PENDING)) {
                return "delivering";
            }
            return "done";
        }
        if (states.contains(JobState.QC_REFUSED)) {
            return "QC refused";
        }
        return "not eligible";
    }

    private Map<String, List<LedgerView.JobRow>> jobsByStudy() {
        Map<String, List<LedgerView.JobRow>> out = new LinkedHashMap<>();
        for (LedgerView.JobRow j : sources.ledger().recentJobs(RECENT)) {
            out.computeIfAbsent(j.studyInstanceUid(), k -> new ArrayList<>()).add(j);
        }
        return out;
    }

    private Response study(String study, Caller caller) {
        List<LedgerView.SeriesRow> series = sources.ledger().recentSeries(RECENT).stream()
                .filter(s -> s.studyInstanceUid().equals(study))
                .toList();
        if (series.isEmpty()) {
            return notFound();
        }
        sources.audit().studyAccessed(caller.user(), caller.remote(), "study", study);
        List<LedgerView.JobRow> jobs = jobsByStudy().getOrDefault(study, List.of());
        ObjectNode out = JSON.createObjectNode();
        studyFields(out.putObject("study"), study, header(study), series, jobs);
        ArrayNode seriesList = out.putArray("series_list");
        for (LedgerView.SeriesRow s : series) {
            seriesList
                    .addObject()
                    .put("series_instance_uid", s.seriesInstanceUid())
                    .put("modality", s.modality())
                    .put("description", s.description())
                    .put("calling_ae", s.callingAeTitle())
                    .put("state", s.state().name())
                    .put("rule", s.rule().orElse(""))
                    .put("completion", s.completion().orElse(""))
                    .put("instances", s.instances())
                    .put("first_arrival", s.firstArrival().toString())
                    .put("last_arrival", s.lastArrival().toString());
        }
        ArrayNode jobList = out.putArray("jobs");
        for (LedgerView.JobRow j : jobs) {
            ObjectNode job = jobList.addObject();
            job.put("job_key", j.jobKey())
                    .put("grouping_key", j.groupingKey())
                    .put("version", j.version())
                    .put("rule", j.rule())
                    .put("model", j.model())
                    .put("state", j.state().name())
                    .put("detail", j.detail())
                    .put("created", j.createdAt().toString())
                    .put("updated", j.updatedAt().toString());
            Path dir = resultDir(j);
            Path resultJson = dir.resolve("result.json");
            if (Files.isRegularFile(resultJson)) {
                try {
                    job.set("result", JSON.readTree(resultJson.toFile()));
                } catch (IOException e) {
                    job.put("result_error", "result.json unreadable: " + e.getMessage());
                }
            } else {
                job.putNull("result");
            }
            ArrayNode images = job.putArray("images");
            List<Path> sc = summaryImages(dir);
            for (int n = 1; n <= sc.size(); n++) {
                images.add("/api/studies/" + study + "/image?job="
                        + URLEncoder.encode(j.jobKey(), StandardCharsets.UTF_8) + "&n=" + n);
            }
            ArrayNode deliveries = job.putArray("deliveries");
            for (Delivery d : sources.outbox().deliveries(j.jobKey())) {
                deliveries.add(delivery(d, study));
            }
        }
        return Response.json(200, out);
    }

    private Response image(String study, Map<String, String> query, Caller caller) {
        String jobKey = query.getOrDefault("job", "");
        int n;
        try {
            n = Integer.parseInt(query.getOrDefault("n", ""));
        } catch (NumberFormatException e) {
            return Response.error(400, "n is not a number");
        }
        Optional<LedgerView.JobRow> job = jobsByStudy().getOrDefault(study, List.of()).stream()
                .filter(j -> j.jobKey().equals(jobKey))
                .findFirst();
        if (job.isEmpty()) {
            return notFound();
        }
        List<Path> sc = summaryImages(resultDir(job.get()));
        if (n < 1 || n > sc.size()) {
            return notFound();
        }
        sources.audit().studyAccessed(caller.user(), caller.remote(), "image", study);
        try {
            return new Response(200, "image/png", SummaryPng.png(sc.get(n - 1)));
        } catch (IllegalArgumentException e) {
            return Response.error(415, e.getMessage());
        }
    }

    private Path resultDir(LedgerView.JobRow j) {
        // the layout of AnalysisJobProcessor.outputDir; the ledger's study UID and group key made it
        return sources.resultsDir()
                .resolve(j.studyInstanceUid())
                .resolve(j.groupingKey())
                .resolve("v" + j.version());
    }

    private static List<Path> summaryImages(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("sc-\\d+\\.dcm"))
                    .sorted(Comparator.comparingInt(
                            f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode deliveries() {
        Map<String, ObjectNode> byDestination = new TreeMap<>();
        for (LedgerView.JobRow j : sources.ledger().recentJobs(RECENT)) {
            for (Delivery d : sources.outbox().deliveries(j.jobKey())) {
                ObjectNode dest = byDestination.computeIfAbsent(d.destination().toString(), k -> {
                    ObjectNode o = JSON.createObjectNode()
                            .put("destination", k)
                            .put("pending", 0)
                            .put("delivered", 0)
                            .put("failed", 0)
                            .put("dead", 0);
                    o.putArray("deliveries");
                    return o;
                });
                String state = d.state().name().toLowerCase(Locale.ROOT);
                dest.put(state, dest.get(state).asInt() + 1);
                if (d.state() != Delivery.State.DELIVERED) {
                    ((ArrayNode) dest.get("deliveries")).add(delivery(d, j.studyInstanceUid()));
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("destinations");
        byDestination.values().forEach(list::add);
        return out;
    }

    private static ObjectNode delivery(Delivery d, String study) {
        return JSON.createObjectNode()
                .put("job_key", d.jobKey())
                .put("study_instance_uid", study)
                .put("file", d.file())
                .put("destination", d.destination().toString())
                .put("state", d.state().name())
                .put("attempts", d.attempts())
                .put("status", d.lastStatus().orElse(""))
                .put("comment", d.lastError().orElse(""))
                .put(
                        "next_attempt",
                        d.state() == Delivery.State.PENDING ? d.nextAttemptAt().toString() : "");
    }

    private StudyHeader header(String study) {
        StudyHeader cached = headers.get(study);
        if (cached != null) {
            return cached;
        }
        StudyHeader h = sources.ledger()
                .anyInstancePath(study)
                .filter(Files::isRegularFile)
                .map(p -> {
                    try {
                        Attributes ds = Part10Reader.readUntilPixelData(p).dataset();
                        return new StudyHeader(
                                ds.getString(Tag.PatientID, ""),
                                ds.getString(Tag.PatientName, ""),
                                ds.getString(Tag.AccessionNumber, ""),
                                ds.getString(Tag.StudyDate, ""));
                    } catch (RuntimeException e) {
                        return StudyHeader.UNKNOWN;
                    }
                })
                .orElse(StudyHeader.UNKNOWN);
        if (h != StudyHeader.UNKNOWN) {
            headers.put(study, h);
        }
        return h;
    }
}
