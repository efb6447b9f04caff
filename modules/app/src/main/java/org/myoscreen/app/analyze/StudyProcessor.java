package org.myoscreen.app.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.myoscreen.analysis.AnalysisInput;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.Images;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Segmentation;
import org.myoscreen.report.MeasurementReportInput;
import org.myoscreen.report.MeasurementReportWriter;
import org.myoscreen.report.ReportContext;
import org.myoscreen.report.Segment;
import org.myoscreen.report.SegmentationInput;
import org.myoscreen.report.SegmentationWriter;
import org.myoscreen.report.SourceImages;
import org.myoscreen.report.SummaryImageWriter;
import org.myoscreen.report.SummaryInput;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.StationComposer;
import org.myoscreen.volume.Volume;

/**
 * The analysis of one study, shared by {@code analyze} and the node's worker: plan the series
 * (eligibility, channels, stations), compose the volumes, segment, analyse, and write {@code
 * result.json}, {@code seg.dcm}, {@code sr.dcm} and {@code sc-N.dcm} into a folder, each file
 * forced to disk. Holds the model (loaded once by the caller); {@link #process} may be called for
 * one study after another. Thread-safe when the segmenter is: it keeps no per-study state.
 */
public final class StudyProcessor {

    /** Manufacturer (0008,0070) of the result objects. */
    public static final String MANUFACTURER = "myoscreen";

    /**
     * Output options.
     *
     * @param keepEmptyFrames write SEG frames also where a segment has no pixel
     * @param includeVertebrae add a vertebral-body segment to the SEG
     */
    public record Options(boolean keepEmptyFrames, boolean includeVertebrae) {}

    /**
     * What came of one study.
     *
     * @param outcome status, reason and the series left out
     * @param objects the DICOM objects written (SEG, SR, SC), in that order; empty when none
     * @param resultJson {@code result.json}, when written (not for a study that is not eligible)
     */
    public record Result(AnalyzeRun.StudyOutcome outcome, List<Path> objects, Optional<Path> resultJson) {
        /** Copies the list. */
        public Result {
            Objects.requireNonNull(outcome, "outcome is null");
            objects = List.copyOf(objects);
            Objects.requireNonNull(resultJson, "resultJson is null");
        }
    }

    /** A study could not be processed; names the stage and keeps the plan's notes. */
    public static final class StudyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String stage;
        private final transient List<String> notes;

        StudyFailure(String stage, List<String> notes, RuntimeException cause) {
            super(stage + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
            this.stage = stage;
            this.notes = List.copyOf(notes);
        }

        /** The stage that failed ({@code planning} or {@code processing}). */
        public String stage() {
            return stage;
        }

        /** The series left out, as planned before the failure. */
        public List<String> notes() {
            return notes;
        }
    }

    private final StudySegmenter segmenter;
    private final MuscleAnalyzer analyzer;
    private final StructureMap structures;
    private final Options options;

    /**
     * @param segmenter the model (not closed by this)
     * @param analyzer the analysis with its reference population and risk models
     * @param options output options
     * @throws IllegalArgumentException when the model's labels cannot be read as structures
     */
    public StudyProcessor(StudySegmenter segmenter, MuscleAnalyzer analyzer, Options options) {
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter is null");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer is null");
        this.options = Objects.requireNonNull(options, "options is null");
        this.structures = Structures.of(segmenter.manifest());
    }

    /** The model's manifest. */
    public ModelManifest manifest() {
        return segmenter.manifest();
    }

    /**
     * Processes one study.
     *
     * @param uid the Study Instance UID
     * @param datasets every instance of the study to consider
     * @param jobKey the key that, with the model's name and version, makes the output UIDs; empty:
     *     the study UID and its source series (what {@code analyze} uses)
     * @param dir the folder for the outputs (created)
     * @param progress where stage lines go
     * @return the outcome with the files written
     * @throws StudyFailure when planning or processing failed, with the cause
     */
    public Result process(String uid, List<Attributes> datasets, Optional<String> jobKey, Path dir, Progress progress) {
        StudyPlan plan;
        try {
            plan = StudyPlan.of(uid, datasets, segmenter.manifest());
        } catch (RuntimeException e) {
            throw new StudyFailure("planning", List.of(), e);
        }
        if (!plan.eligible()) {
            progress.note(uid + " not eligible: " + plan.refusal());
            plan.notes().forEach(n -> progress.note(uid + "   " + n));
            return new Result(
                    new AnalyzeRun.StudyOutcome(uid, AnalyzeRun.Status.NOT_ELIGIBLE, plan.refusal(), plan.notes()),
                    List.of(),
                    Optional.empty());
        }
        progress.done(
                uid,
                "load",
                plan.channels().stream()
                        .map(StudyPlan.Acquisition::describe)
                        .distinct()
                        .reduce((a, b) -> a + ", " + b)
                        .orElse(""));
        try {
            return process(plan, jobKey, dir, progress);
        } catch (RuntimeException e) {
            throw new StudyFailure("processing", plan.notes(), e);
        }
    }

    private Result process(StudyPlan plan, Optional<String> jobKey, Path dir, Progress progress) {
        String uid = plan.studyInstanceUid();
        ModelManifest manifest = segmenter.manifest();
        List<Volume> channels = new ArrayList<>();
        // Composed-and-on-grid volume per acquisition: a Dixon water or fat acquisition that is also a
        // model channel is composed and resampled once, not again for the analysis.
        Map<StudyPlan.Acquisition, Volume> composed = new IdentityHashMap<>();
        Volume reference = compose(plan.channels().get(0));
        Grid grid = reference.grid();
        composed.put(plan.channels().get(0), reference);
        for (StudyPlan.Acquisition a : plan.channels()) {
            channels.add(composed.computeIfAbsent(a, x -> onGrid(compose(x), grid)));
        }
        TreeSet<String> sourceSeries = new TreeSet<>();
        plan.channels().forEach(a -> sourceSeries.addAll(a.seriesInstanceUids()));
        Images images;
        if (plan.dixon().isPresent()) {
            Volume water = composed.computeIfAbsent(plan.dixon().get().get(0), x -> onGrid(compose(x), grid));
            Volume fat = composed.computeIfAbsent(plan.dixon().get().get(1), x -> onGrid(compose(x), grid));
            images = new Images.Dixon(DixonPair.of(uid, water, fat));
            plan.dixon().get().forEach(a -> sourceSeries.addAll(a.seriesInstanceUids()));
        } else {
            StudyPlan.Acquisition first = plan.channels().get(0);
            images = new Images.SingleContrast(
                    channels.get(0), first.stations().get(0).seriesDescription() + " (" + first.contrast() + ")");
        }
        progress.done(
                uid,
                "compose",
                grid.nx() + "x" + grid.ny() + "x" + grid.nz() + " voxels, " + channels.size() + " channel"
                        + (channels.size() == 1 ? "" : "s"));

        Attributes header = plan.channels().get(0).stations().get(0).header();
        PatientFacts patient = HeaderFacts.of(header);
        Analysed analysed = segmentAndAnalyse(uid, channels, images, patient, progress);
        LabelMap labels = analysed.segmentation().labels();
        AnalysisResult analysis = analysed.analysis();

        List<String> extraFlags = new ArrayList<>();
        ResultDocument.Outputs outputs = ResultDocument.Outputs.none();
        List<String> series = List.copyOf(sourceSeries);
        List<Path> objects = new ArrayList<>();
        if (!hasStructure(labels)) {
            extraFlags.add("no structure segmented: SEG, SR and summary images not written");
        } else {
            ReportContext context = new ReportContext(
                    jobKey.orElse(uid + "|" + String.join(",", series)),
                    manifest.name(),
                    manifest.version(),
                    MANUFACTURER,
                    LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
            outputs = writeObjects(context, plan.channels().get(0), labels, channels.get(0), analysis, dir);
            objects.add(dir.resolve(outputs.seg().orElseThrow()));
            objects.add(dir.resolve(outputs.sr().orElseThrow()));
            outputs.sc().forEach(n -> objects.add(dir.resolve(n)));
            progress.done(
                    uid,
                    "report",
                    "seg.dcm, sr.dcm, " + outputs.sc().size() + " summary image"
                            + (outputs.sc().size() == 1 ? "" : "s"));
        }
        Path resultJson = dir.resolve("result.json");
        ResultDocument.write(
                ResultDocument.build(uid, series, manifest, patient, grid, analysis, extraFlags, outputs), resultJson);
        List<Path> written = new ArrayList<>(objects);
        written.add(resultJson);
        forceToDisk(written, dir);
        boolean passed = analysis.qc().passed();
        String reason = passed ? "" : String.join("; ", analysis.qc().flags());
        progress.note(uid + " " + (passed ? "result" : "QC refused (" + reason + ")") + ": " + resultJson);
        return new Result(
                new AnalyzeRun.StudyOutcome(
                        uid, passed ? AnalyzeRun.Status.RESULT : AnalyzeRun.Status.QC_REFUSED, reason, plan.notes()),
                objects,
                Optional.of(resultJson));
    }

    /**
     * Processes images that come without DICOM headers ({@code analyze} on NIfTI): segments the
     * channels, analyses {@code images} with the given patient facts, and writes {@code
     * labels.nii.gz}, {@code labels.json} ({@link LabelOutputs}) and {@code result.json} into
     * {@code dir}. There are no source instances to reference, so no SEG, SR or summary image is
     * written; {@code result.json} has {@code study_instance_uid} null, the input paths in {@code
     * source_images}, and the label files under {@code outputs}.
     *
     * @param name names the input in progress lines and messages (e.g. the IMAGE file name)
     * @param inputs the images, read
     * @param patient the patient facts (from the command line)
     * @param dir the folder for the outputs (created)
     * @param progress where stage lines go
     * @return the outcome with the files written
     * @throws StudyFailure when processing failed, with the cause
     */
    public Result processImages(String name, ImageInputs inputs, PatientFacts patient, Path dir, Progress progress) {
        List<Volume> channels = inputs.channels(segmenter.manifest(), "analyze");
        inputs.notes().forEach(n -> progress.note(name + " " + n));
        try {
            Images images = inputs.dixon()
                    .<Images>map(Images.Dixon::new)
                    .orElseGet(() -> new Images.SingleContrast(
                            inputs.image(),
                            name + " (" + segmenter.manifest().channels().get(0).contrast() + ")"));
            Grid grid = inputs.image().grid();
            progress.done(
                    name,
                    "load",
                    grid.nx() + "x" + grid.ny() + "x" + grid.nz() + " voxels, " + channels.size() + " channel"
                            + (channels.size() == 1 ? "" : "s"));
            Analysed analysed = segmentAndAnalyse(name, channels, images, patient, progress);
            List<Path> written = new ArrayList<>(
                    LabelOutputs.write(dir, analysed.segmentation().labels(), segmenter.manifest()));
            ObjectNode doc = ResultDocument.build(
                    "",
                    List.of(),
                    segmenter.manifest(),
                    patient,
                    grid,
                    analysed.analysis(),
                    List.of(),
                    ResultDocument.Outputs.none());
            doc.putNull("study_instance_uid");
            ArrayNode sources = doc.putArray("source_images");
            inputs.sources().forEach(p -> sources.add(p.toString()));
            ObjectNode outputs = (ObjectNode) doc.get("outputs");
            outputs.put("labels", LabelOutputs.LABELS_NIFTI);
            outputs.put("labels_json", LabelOutputs.LABELS_JSON);
            Path resultJson = dir.resolve("result.json");
            ResultDocument.write(doc, resultJson);
            written.add(resultJson);
            forceToDisk(written, dir);
            boolean passed = analysed.analysis().qc().passed();
            String reason =
                    passed ? "" : String.join("; ", analysed.analysis().qc().flags());
            progress.note(name + " " + (passed ? "result" : "QC refused (" + reason + ")") + ": " + resultJson);
            return new Result(
                    new AnalyzeRun.StudyOutcome(
                            name, passed ? AnalyzeRun.Status.RESULT : AnalyzeRun.Status.QC_REFUSED, reason, List.of()),
                    List.of(),
                    Optional.of(resultJson));
        } catch (RuntimeException e) {
            throw new StudyFailure("processing", List.of(), e);
        }
    }

    /** The segmentation and what the analysis made of it. */
    private record Analysed(Segmentation segmentation, AnalysisResult analysis) {}

    private Analysed segmentAndAnalyse(
            String id, List<Volume> channels, Images images, PatientFacts patient, Progress progress) {
        ModelManifest manifest = segmenter.manifest();
        Segmentation segmentation = segmenter.segment(channels);
        progress.done(id, "segment", manifest.name() + " " + manifest.version() + " on " + segmentation.device());
        AnalysisResult analysis = analyzer.analyze(
                new AnalysisInput(images, segmentation.labels(), structures, patient, segmentation.confidence()));
        progress.done(
                id,
                "analyse",
                "QC " + (analysis.qc().passed() ? "passed" : "refused") + ", "
                        + analysis.levels().names().size() + " levels, "
                        + analysis.qc().flags().size() + " flags");
        return new Analysed(segmentation, analysis);
    }

    private ResultDocument.Outputs writeObjects(
            ReportContext context,
            StudyPlan.Acquisition source,
            LabelMap labels,
            Volume image,
            AnalysisResult analysis,
            Path dir) {
        SourceImages sourceImages = SourceImages.fromDatasets(source.datasets());
        List<Segment> segments = Segment.forStructures(structures, options.includeVertebrae());
        org.myoscreen.report.Segmentation seg = SegmentationWriter.create(
                context,
                SegmentationInput.of(sourceImages, labels, segments).withKeepEmptyFrames(options.keepEmptyFrames()));
        Attributes sr = MeasurementReportWriter.create(
                context,
                new MeasurementReportInput(
                        sourceImages, seg, analysis, MeasurementReportInput.segmentVolumes(labels, seg.segments())));
        List<SummaryImageWriter.SummaryImage> images = SummaryImageWriter.create(
                context, new SummaryInput(sourceImages, image, labels, seg.segments(), analysis));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        seg.write(dir.resolve("seg.dcm"));
        MeasurementReportWriter.write(sr, dir.resolve("sr.dcm"));
        List<String> sc = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String name = "sc-" + (i + 1) + ".dcm";
            images.get(i).write(dir.resolve(name));
            sc.add(name);
        }
        return new ResultDocument.Outputs(Optional.of("seg.dcm"), Optional.of("sr.dcm"), sc);
    }

    /** Forces each file and then the folder to disk, so a result reported done survives a crash. */
    private static void forceToDisk(List<Path> files, Path dir) {
        try {
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force results in " + dir + " to disk: " + e.getMessage(), e);
        }
    }

    private boolean hasStructure(LabelMap labels) {
        for (short v : labels.labels()) {
            if (v != 0 && structures.of(v).kind() != StructureKind.OTHER) {
                return true;
            }
        }
        return false;
    }

    private static Volume compose(StudyPlan.Acquisition a) {
        List<LoadedSeries> stations = a.stations();
        if (stations.size() == 1) {
            return stations.get(0).volume();
        }
        return StationComposer.compose(
                a.describe(), stations.stream().map(LoadedSeries::volume).toList());
    }

    private static Volume onGrid(Volume v, Grid grid) {
        return v.grid().sameAs(grid, DixonPair.SAME_GRID_TOLERANCE_MM) ? v : Resampler.trilinear(v, grid, 0f);
    }
}
