package org.myoscreen.app.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.analysis.MuscleAnalyzer;

/**
 * One {@code analyze} run: scans the inputs, plans each study, and for every eligible study
 * composes the volumes, segments, analyses and writes {@code DIR/<StudyInstanceUID>/} ({@code
 * result.json}, {@code seg.dcm}, {@code sr.dcm}, {@code sc-N.dcm}); then {@code DIR/summary.json}
 * lists every study with its status ({@code result}, {@code qc-refused}, {@code not-eligible},
 * {@code failed}) and reason, and the files skipped. Progress goes to standard error. Studies run
 * one after the other through a {@link StudyProcessor} (the same one the node's worker uses); not
 * thread-safe.
 */
public final class AnalyzeRun {

    /** Manufacturer (0008,0070) of the result objects. */
    public static final String MANUFACTURER = StudyProcessor.MANUFACTURER;
    /** Skipped files listed one by one on standard error before the rest are counted. */
    private static final int SKIPPED_LINES = 10;

    /**
     * What to do.
     *
     * @param inputs files and folders
     * @param output the output folder
     * @param keepEmptyFrames write SEG frames also where a segment has no pixel
     * @param includeVertebrae add a vertebral-body segment to the SEG
     */
    public record Settings(List<Path> inputs, Path output, boolean keepEmptyFrames, boolean includeVertebrae) {
        /** Copies the list. */
        public Settings {
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(output, "output is null");
        }
    }

    /** A study's outcome. */
    public enum Status {
        /** result.json written, QC passed. */
        RESULT("result"),
        /** result.json written, QC refused the numbers (the flags say why). */
        QC_REFUSED("qc-refused"),
        /** No eligible series. */
        NOT_ELIGIBLE("not-eligible"),
        /** An error stopped the study. */
        FAILED("failed");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        /** The value in summary.json. */
        public String json() {
            return json;
        }
    }

    /**
     * The outcome of one study.
     *
     * @param studyInstanceUid the study
     * @param status what happened
     * @param reason why not a result (empty for a result)
     * @param notes series left out and why
     */
    public record StudyOutcome(String studyInstanceUid, Status status, String reason, List<String> notes) {
        /** Copies the list. */
        public StudyOutcome {
            notes = List.copyOf(notes);
        }
    }

    private final Settings settings;
    private final StudySegmenter segmenter;
    private final StudyProcessor processor;
    private final Progress progress;

    /**
     * @param settings inputs, output and options
     * @param segmenter the model
     * @param analyzer the analysis with its reference population and risk models
     * @param err where progress and per-study lines go
     * @throws IllegalArgumentException when the model's labels cannot be read as structures
     */
    public AnalyzeRun(Settings settings, StudySegmenter segmenter, MuscleAnalyzer analyzer, PrintStream err) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter is null");
        this.processor = new StudyProcessor(
                segmenter,
                analyzer,
                new StudyProcessor.Options(settings.keepEmptyFrames(), settings.includeVertebrae()));
        this.progress = new Progress(err);
    }

    /** Runs every study; returns the outcomes (also written to {@code summary.json}). */
    public List<StudyOutcome> run() {
        progress.begin();
        InputScan scan = InputScan.of(settings.inputs());
        progress.done(
                "(inputs)",
                "scan",
                scan.files() + " files, " + scan.studies().size() + " stud"
                        + (scan.studies().size() == 1 ? "y" : "ies") + ", "
                        + scan.skipped().size() + " skipped");
        for (int i = 0; i < scan.skipped().size() && i < SKIPPED_LINES; i++) {
            InputScan.Skipped s = scan.skipped().get(i);
            progress.note("skipped " + s.file() + ": " + s.reason());
        }
        if (scan.skipped().size() > SKIPPED_LINES) {
            progress.note("skipped " + (scan.skipped().size() - SKIPPED_LINES) + " more files (see summary.json)");
        }
        if (scan.studies().isEmpty()) {
            progress.note("no DICOM study found in " + settings.inputs().size() + " input"
                    + (settings.inputs().size() == 1 ? "" : "s"));
        }
        List<StudyOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, List<Path>> study : scan.studies().entrySet()) {
            outcomes.add(study(study.getKey(), study.getValue()));
        }
        writeSummary(scan, outcomes);
        return outcomes;
    }

    private StudyOutcome study(String uid, List<Path> files) {
        progress.begin();
        try {
            return processor
                    .process(
                            uid,
                            InputScan.datasets(files),
                            Optional.empty(),
                            settings.output().resolve(uid),
                            progress)
                    .outcome();
        } catch (StudyProcessor.StudyFailure e) {
            String reason = e.getMessage();
            progress.note(uid + " FAILED " + reason);
            return new StudyOutcome(uid, Status.FAILED, reason, e.notes());
        } catch (RuntimeException e) {
            // reading the files failed before planning
            String reason = "planning failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.note(uid + " FAILED " + reason);
            return new StudyOutcome(uid, Status.FAILED, reason, List.of());
        }
    }

    private void writeSummary(InputScan scan, List<StudyOutcome> outcomes) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        ObjectNode model = o.putObject("model");
        model.put("name", segmenter.manifest().name());
        model.put("version", segmenter.manifest().version());
        ArrayNode studies = o.putArray("studies");
        for (StudyOutcome s : outcomes) {
            ObjectNode n = studies.addObject();
            n.put("study_instance_uid", s.studyInstanceUid());
            n.put("status", s.status().json());
            n.put("reason", s.reason());
            if (s.status() == Status.RESULT || s.status() == Status.QC_REFUSED) {
                n.put("result", s.studyInstanceUid() + "/result.json");
            } else {
                n.putNull("result");
            }
            ArrayNode notes = n.putArray("series_left_out");
            s.notes().forEach(notes::add);
        }
        ArrayNode skipped = o.putArray("files_skipped");
        for (InputScan.Skipped s : scan.skipped()) {
            ObjectNode n = skipped.addObject();
            n.put("file", s.file().toString());
            n.put("reason", s.reason());
        }
        ResultDocument.write(o, settings.output().resolve("summary.json"));
        long failed = outcomes.stream().filter(s -> s.status() == Status.FAILED).count();
        progress.note(String.format(
                Locale.ROOT,
                "%d stud%s: %d result, %d QC refused, %d not eligible, %d failed -> %s",
                outcomes.size(),
                outcomes.size() == 1 ? "y" : "ies",
                count(outcomes, Status.RESULT),
                count(outcomes, Status.QC_REFUSED),
                count(outcomes, Status.NOT_ELIGIBLE),
                failed,
                settings.output().resolve("summary.json")));
    }

    private static long count(List<StudyOutcome> outcomes, Status s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }
}
