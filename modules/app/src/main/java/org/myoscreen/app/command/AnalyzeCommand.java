package org.myoscreen.app.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.myoscreen.analysis.LevelRange;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.Sex;
import org.myoscreen.app.Installation;
import org.myoscreen.app.analyze.AnalysisResources;
import org.myoscreen.app.analyze.AnalyzeRun;
import org.myoscreen.app.analyze.ImageInputs;
import org.myoscreen.app.analyze.Progress;
import org.myoscreen.app.analyze.StudyProcessor;
import org.myoscreen.app.analyze.StudySegmenter;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;

/**
 * {@code myoscreen analyze INPUT... --output DIR}: the offline run on DICOM files (see
 * {@link AnalyzeRun}), or on one NIfTI image with the patient facts from flags (see {@link
 * StudyProcessor#processImages}). Bad usage and configuration (no inputs, a missing input, no {@code
 * --output}, a model package, reference table or risk model file that is missing or invalid) are
 * exit 2; a study that failed is exit 1; otherwise 0, also when QC refused a study's numbers or a
 * study had no eligible series (both are listed with the reason).
 */
public final class AnalyzeCommand implements Command {

    static final String DEFAULT_MODEL = "models/reference";
    static final String DEFAULT_REFERENCE = "conf/reference/provisional.yml";
    static final String DEFAULT_RISK_MODELS = "conf/risk-models.yml";
    private static final List<String> NIFTI_ONLY = List.of("fat", "sex", "age", "weight-kg", "height-m");

    @Override
    public String name() {
        return "analyze";
    }

    @Override
    public String arguments() {
        return "INPUT... --output DIR";
    }

    @Override
    public String summary() {
        return "offline: segment and measure DICOM studies (or one NIfTI image), results to DIR";
    }

    @Override
    public String description() {
        return "INPUT: DICOM Part 10 files or folders (searched recursively); other files are skipped "
                + "with a note. Files are grouped by Study Instance UID; per study the axial MR series the "
                + "model's input channels need (T2/HASTE-like, or Dixon water and fat; the stations of one "
                + "acquisition are composed) are segmented, measured and written to "
                + "DIR/<StudyInstanceUID>/: result.json (docs/INTERFACE.md), seg.dcm, sr.dcm and "
                + "sc-N.dcm. Studies without eligible series are listed on stderr and in "
                + "DIR/summary.json with the reason. Progress goes to stderr. Relative default paths are "
                + "looked up in the working directory, then in the installation. Exit code 0 when every "
                + "eligible study produced a result or a QC-explained refusal, 1 when a study failed, 2 "
                + "for bad usage or configuration. NIfTI: one INPUT that is a NIfTI-1 file (.nii, .nii.gz) is analysed "
                + "alone, with the Dixon fat image from --fat (INPUT is then the water image) and the patient facts from "
                + "--sex, --age, --weight-kg and --height-m (a fact not given is reported missing like an empty DICOM "
                + "attribute); it writes DIR/result.json (study_instance_uid null, the inputs in source_images), "
                + "DIR/labels.nii.gz and DIR/labels.json as segment does, and no DICOM objects.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.value("output", "DIR", "folder for the results (created; required)"),
                OptionSpec.value("model", "DIR", "model package (model.onnx + model.json); default " + DEFAULT_MODEL),
                OptionSpec.value(
                        "reference", "FILE", "reference population table for z-scores; default " + DEFAULT_REFERENCE),
                OptionSpec.value("risk-models", "FILE", "risk markers; default " + DEFAULT_RISK_MODELS),
                OptionSpec.value(
                        "level-range",
                        "RANGE",
                        "vertebral levels the headline LMM and IMAT values "
                                + "cover, CRANIAL-CAUDAL (e.g. T12-L5) or whole; default L1-L5 (an assumption, see "
                                + "docs/reference-population.md)"),
                OptionSpec.flag(
                        "keep-empty-frames",
                        "write SEG frames also where a segment has no pixel " + "(left out by default)"),
                OptionSpec.flag("include-vertebrae", "add a vertebral-body segment to the SEG"),
                OptionSpec.value(
                        "fat", "FAT", "NIfTI input only: the Dixon fat image (NIfTI file or DICOM series folder)"),
                OptionSpec.value("sex", "M|F", "NIfTI input only: the patient's sex"),
                OptionSpec.value("age", "YEARS", "NIfTI input only: the patient's age in whole years"),
                OptionSpec.value("weight-kg", "KG", "NIfTI input only: the patient's weight in kg"),
                OptionSpec.value("height-m", "M", "NIfTI input only: the patient's height in metres"));
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) {
        if (args.positionals().isEmpty()) {
            throw new UsageException("analyze: expected at least one INPUT file or folder");
        }
        Path output = context.resolve(
                args.value("output").orElseThrow(() -> new UsageException("analyze: --output DIR is required")));
        List<Path> inputs = new ArrayList<>();
        for (String p : args.positionals()) {
            Path in = context.resolve(p);
            if (!Files.exists(in)) {
                throw new UsageException("analyze: no such file or folder: " + in);
            }
            inputs.add(in);
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UsageException("analyze: --output " + output + " is not a folder");
        }
        boolean nifti = inputs.stream().anyMatch(ImageInputs::isNifti);
        if (nifti && inputs.size() != 1) {
            throw new UsageException(
                    "analyze: a NIfTI INPUT is analysed alone (IMAGE [--fat FAT]), got " + inputs.size() + " inputs");
        }
        if (!nifti) {
            for (String option : NIFTI_ONLY) {
                if (args.has(option)) {
                    throw new UsageException(
                            "analyze: --" + option + " applies to a NIfTI INPUT only (DICOM studies carry "
                                    + "their own patient facts and series)");
                }
            }
        }
        PatientFacts patient = nifti ? patient(args) : PatientFacts.unknown();
        Path modelDir = path(args, context, "model", DEFAULT_MODEL);
        Path referenceFile = path(args, context, "reference", DEFAULT_REFERENCE);
        Path riskFile = path(args, context, "risk-models", DEFAULT_RISK_MODELS);
        MuscleAnalyzer analyzer = AnalysisResources.analyzer(
                referenceFile, "analyze: --reference", riskFile, "analyze: --risk-models", levelRange(args));
        String also = args.has("model")
                ? ""
                : Installation.root()
                        .map(root -> root.resolve(DEFAULT_MODEL))
                        .filter(p -> !p.equals(modelDir))
                        .map(p -> " nor at " + p)
                        .orElse("");
        try (StudySegmenter model =
                AnalysisResources.model(modelDir, "analyze: --model", also + " (give one with --model DIR)")) {
            if (nifti) {
                return analyzeNifti(
                        inputs.get(0),
                        args.value("fat").map(context::resolve),
                        patient,
                        output,
                        model,
                        analyzer,
                        context);
            }
            AnalyzeRun run;
            try {
                run = new AnalyzeRun(
                        new AnalyzeRun.Settings(
                                inputs, output, args.has("keep-empty-frames"), args.has("include-vertebrae")),
                        model,
                        analyzer,
                        context.err());
            } catch (IllegalArgumentException e) {
                throw new UsageException("analyze: --model " + modelDir + ": labels: " + e.getMessage(), e);
            }
            List<AnalyzeRun.StudyOutcome> outcomes = run.run();
            return outcomes.stream().anyMatch(o -> o.status() == AnalyzeRun.Status.FAILED) ? 1 : 0;
        }
    }

    private static int analyzeNifti(
            Path image,
            Optional<Path> fat,
            PatientFacts patient,
            Path output,
            StudySegmenter model,
            MuscleAnalyzer analyzer,
            CommandContext context) {
        Progress progress = new Progress(context.err());
        ImageInputs images = ImageInputs.read(image, fat, "analyze");
        StudyProcessor processor;
        try {
            processor = new StudyProcessor(model, analyzer, new StudyProcessor.Options(false, false));
        } catch (IllegalArgumentException e) {
            throw new UsageException("analyze: --model: labels: " + e.getMessage(), e);
        }
        String name = image.getFileName().toString();
        try {
            processor.processImages(name, images, patient, output, progress);
            return 0;
        } catch (StudyProcessor.StudyFailure e) {
            context.err().println("analyze: " + name + " FAILED " + e.getMessage());
            return 1;
        }
    }

    /** The patient facts of the flags; each one not given stays unknown. */
    private static PatientFacts patient(ParsedArgs args) {
        Optional<Sex> sex = args.value("sex").map(v -> switch (v.trim().toUpperCase(Locale.ROOT)) {
            case "M" -> Sex.M;
            case "F" -> Sex.F;
            default -> throw new UsageException("analyze: --sex must be M or F, got '" + v + "'");
        });
        OptionalInt age = args.value("age")
                .map(v -> {
                    if (!v.trim().matches("\\d{1,3}")) {
                        throw new UsageException("analyze: --age must be whole years, got '" + v + "'");
                    }
                    return OptionalInt.of((int) number(v, "age", 0, 150));
                })
                .orElse(OptionalInt.empty());
        OptionalDouble weight = args.value("weight-kg")
                .map(v -> OptionalDouble.of(number(v, "weight-kg", 1, 500)))
                .orElse(OptionalDouble.empty());
        OptionalDouble height = args.value("height-m")
                .map(v -> OptionalDouble.of(number(v, "height-m", 0.3, 2.8)))
                .orElse(OptionalDouble.empty());
        return new PatientFacts(sex, age, weight, height);
    }

    private static double number(String v, String option, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("analyze: --" + option + " must be a number, got '" + v + "'", e);
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(String.format(
                    Locale.ROOT, "analyze: --%s must be between %s and %s, got %s", option, fmt(min), fmt(max), v));
        }
        return d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static LevelRange levelRange(ParsedArgs args) {
        try {
            return args.value("level-range").map(LevelRange::parse).orElse(LevelRange.LUMBAR);
        } catch (IllegalArgumentException e) {
            throw new UsageException("analyze: --level-range: " + e.getMessage(), e);
        }
    }

    /**
     * The path of an option: as given (against the working directory); by default the relative
     * default in the working directory when it exists there, else in the installation.
     */
    private static Path path(ParsedArgs args, CommandContext context, String option, String fallback) {
        return Installation.resolve(
                context.workingDirectory(), args.value(option).orElse(fallback), args.has(option));
    }
}
