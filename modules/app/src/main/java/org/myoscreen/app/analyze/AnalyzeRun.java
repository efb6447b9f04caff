package org.myoscreen.app.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * One {@code analyze} run: scans the inputs, plans each study, and for every eligible study
 * composes the volumes, segments, analyses and writes {@code DIR/<StudyInstanceUID>/} ({@code
 * result.json}, {@code seg.dcm}, {@code sr.dcm}, {@code sc-N.dcm}); then {@code DIR/summary.json}
 * lists every study with its status ({@code result}, {@code qc-refused}, {@code not-eligible},
 * {@code failed}) and reason, and the files skipped. Progress goes to standard error. Studies run
 * one after the other; not thread-safe.
 */
public final class AnalyzeRun {

  /** Manufacturer (0008,0070) of the result objects. */
  public static final String MANUFACTURER = "myoscreen";
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
  private final MuscleAnalyzer analyzer;
  private final StructureMap structures;
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
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer is null");
    this.structures = Structures.of(segmenter.manifest());
    this.progress = new Progress(err);
  }

  /** Runs every study; returns the outcomes (also written to {@code summary.json}). */
  public List<StudyOutcome> run() {
    progress.begin();
    InputScan scan = InputScan.of(settings.inputs());
    progress.done("(inputs)", "scan", scan.files() + " files, " + scan.studies().size() + " stud"
        + (scan.studies().size() == 1 ? "y" : "ies") + ", " + scan.skipped().size() + " skipped");
    for (int i = 0; i < scan.skipped().size() && i < SKIPPED_LINES; i++) {
      InputScan.Skipped s = scan.skipped().get(i);
      progress.note("skipped " + s.file() + ": " + s.reason());
    }
    if (scan.skipped().size() > SKIPPED_LINES) {
      progress.note("skipped " + (scan.skipped().size() - SKIPPED_LINES) + " more files (see summary.json)");
    }
    if (scan.studies().isEmpty()) {
      progress.note("no DICOM study found in " + settings.inputs().size() + " input" + (settings.inputs().size() == 1
          ? "" : "s"));
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
    StudyPlan plan;
    try {
      plan = StudyPlan.of(uid, InputScan.datasets(files), segmenter.manifest());
    } catch (RuntimeException e) {
      return failed(uid, List.of(), "planning", e);
    }
    if (!plan.eligible()) {
      progress.note(uid + " not eligible: " + plan.refusal());
      plan.notes().forEach(n -> progress.note(uid + "   " + n));
      return new StudyOutcome(uid, Status.NOT_ELIGIBLE, plan.refusal(), plan.notes());
    }
    progress.done(uid, "load", plan.channels().stream().map(StudyPlan.Acquisition::describe).distinct()
        .reduce((a, b) -> a + ", " + b).orElse(""));
    try {
      return process(plan);
    } catch (RuntimeException e) {
      return failed(uid, plan.notes(), "processing", e);
    }
  }

  private StudyOutcome failed(String uid, List<String> notes, String stage, RuntimeException e) {
    String reason = stage + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    progress.note(uid + " FAILED " + reason);
    return new StudyOutcome(uid, Status.FAILED, reason, notes);
  }

  private StudyOutcome process(StudyPlan plan) {
    String uid = plan.studyInstanceUid();
    ModelManifest manifest = segmenter.manifest();
    List<Volume> channels = new ArrayList<>();
    Grid grid = null;
    for (StudyPlan.Acquisition a : plan.channels()) {
      Volume v = compose(a);
      if (grid == null) {
        grid = v.grid();
      } else if (!v.grid().sameAs(grid, DixonPair.SAME_GRID_TOLERANCE_MM)) {
        v = Resampler.trilinear(v, grid, 0f);
      }
      channels.add(v);
    }
    progress.done(uid, "compose", grid.nx() + "x" + grid.ny() + "x" + grid.nz() + " voxels, " + channels.size()
        + " channel" + (channels.size() == 1 ? "" : "s"));

    Segmentation segmentation = segmenter.segment(channels);
    LabelMap labels = segmentation.labels();
    progress.done(uid, "segment", manifest.name() + " " + manifest.version() + " on " + segmentation.device());

    Images images;
    TreeSet<String> sourceSeries = new TreeSet<>();
    plan.channels().forEach(a -> sourceSeries.addAll(a.seriesInstanceUids()));
    if (plan.dixon().isPresent()) {
      Volume water = onGrid(compose(plan.dixon().get().get(0)), grid);
      Volume fat = onGrid(compose(plan.dixon().get().get(1)), grid);
      images = new Images.Dixon(DixonPair.of(uid, water, fat));
      plan.dixon().get().forEach(a -> sourceSeries.addAll(a.seriesInstanceUids()));
    } else {
      StudyPlan.Acquisition first = plan.channels().get(0);
      images = new Images.SingleContrast(channels.get(0), first.stations().get(0).seriesDescription() + " ("
          + first.contrast() + ")");
    }
    Attributes header = plan.channels().get(0).stations().get(0).header();
    PatientFacts patient = HeaderFacts.of(header);
    AnalysisInput input = new AnalysisInput(images, labels, structures, patient, segmentation.confidence());
    AnalysisResult analysis = analyzer.analyze(input);
    progress.done(uid, "analyse", "QC " + (analysis.qc().passed() ? "passed" : "refused") + ", "
        + analysis.levels().names().size() + " levels, " + analysis.qc().flags().size() + " flags");

    Path dir = settings.output().resolve(uid);
    List<String> extraFlags = new ArrayList<>();
    ResultDocument.Outputs outputs = ResultDocument.Outputs.none();
    List<String> series = List.copyOf(sourceSeries);
    if (!hasStructure(labels)) {
      extraFlags.add("no structure segmented: SEG, SR and summary images not written");
    } else {
      ReportContext context = new ReportContext(uid + "|" + String.join(",", series), manifest.name(),
          manifest.version(), MANUFACTURER, LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
      outputs = writeObjects(context, plan.channels().get(0), labels, channels.get(0), analysis, dir);
      progress.done(uid, "report", "seg.dcm, sr.dcm, " + outputs.sc().size() + " summary image"
          + (outputs.sc().size() == 1 ? "" : "s"));
    }
    ResultDocument.write(ResultDocument.build(uid, series, manifest, patient, grid, analysis, extraFlags, outputs),
        dir.resolve("result.json"));
    boolean passed = analysis.qc().passed();
    String reason = passed ? "" : String.join("; ", analysis.qc().flags());
    progress.note(uid + " " + (passed ? "result" : "QC refused (" + reason + ")") + ": " + dir.resolve("result.json"));
    return new StudyOutcome(uid, passed ? Status.RESULT : Status.QC_REFUSED, reason, plan.notes());
  }

  private ResultDocument.Outputs writeObjects(ReportContext context, StudyPlan.Acquisition source, LabelMap labels,
      Volume image, AnalysisResult analysis, Path dir) {
    SourceImages sourceImages = SourceImages.fromDatasets(source.datasets());
    List<Segment> segments = Segment.forStructures(structures, settings.includeVertebrae());
    org.myoscreen.report.Segmentation seg = SegmentationWriter.create(context,
        SegmentationInput.of(sourceImages, labels, segments).withKeepEmptyFrames(settings.keepEmptyFrames()));
    Attributes sr = MeasurementReportWriter.create(context, new MeasurementReportInput(sourceImages, seg, analysis,
        MeasurementReportInput.segmentVolumes(labels, seg.segments())));
    List<SummaryImageWriter.SummaryImage> images = SummaryImageWriter.create(context,
        new SummaryInput(sourceImages, image, labels, seg.segments(), analysis));
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
    return StationComposer.compose(a.describe(), stations.stream().map(LoadedSeries::volume).toList());
  }

  private static Volume onGrid(Volume v, Grid grid) {
    return v.grid().sameAs(grid, DixonPair.SAME_GRID_TOLERANCE_MM) ? v : Resampler.trilinear(v, grid, 0f);
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
    progress.note(String.format(Locale.ROOT, "%d stud%s: %d result, %d QC refused, %d not eligible, %d failed -> %s",
        outcomes.size(), outcomes.size() == 1 ? "y" : "ies", count(outcomes, Status.RESULT),
        count(outcomes, Status.QC_REFUSED), count(outcomes, Status.NOT_ELIGIBLE), failed,
        settings.output().resolve("summary.json")));
  }

  private static long count(List<StudyOutcome> outcomes, Status s) {
    return outcomes.stream().filter(o -> o.status() == s).count();
  }
}
