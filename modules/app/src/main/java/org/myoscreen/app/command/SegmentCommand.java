package org.myoscreen.app.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.myoscreen.app.Installation;
import org.myoscreen.app.analyze.AnalysisResources;
import org.myoscreen.app.analyze.ImageInputs;
import org.myoscreen.app.analyze.Progress;
import org.myoscreen.app.analyze.SegmentRun;
import org.myoscreen.app.analyze.StudySegmenter;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.inference.InferenceException;

/**
 * {@code myoscreen segment IMAGE [--fat FAT] --output DIR [--model DIR]}: the model alone on one
 * image, for NIfTI pipelines and for every evaluation ({@link SegmentRun}). Bad usage (no IMAGE, a
 * missing or unreadable image, no {@code --output}, a model that needs {@code --fat} when none was
 * given, a missing or invalid model package) is exit 2 with one line on stderr; a model that fails
 * on the image is exit 1; otherwise 0.
 */
public final class SegmentCommand implements Command {

    @Override
    public String name() {
        return "segment";
    }

    @Override
    public String arguments() {
        return "IMAGE [--fat FAT] --output DIR";
    }

    @Override
    public String summary() {
        return "segment one NIfTI image or DICOM series: DIR/labels.nii.gz on the image's grid and DIR/labels.json";
    }

    @Override
    public String description() {
        return "IMAGE: a NIfTI-1 file (.nii, .nii.gz; RAS affine as NIfTI prescribes) or a DICOM series folder (one "
                + "series, or the stations of one acquisition). With --fat, IMAGE is the Dixon water (or in-phase) image "
                + "and FAT the fat image. The model's input channels take the images by contrast: a DIXON_FAT channel "
                + "takes FAT, the other channel takes IMAGE; a model that needs FAT when none is given is a usage error. "
                + "Writes DIR/labels.nii.gz (int16, exactly IMAGE's voxel grid: shape, spacing and affine) and "
                + "DIR/labels.json (per label: value, name, structure, laterality, level, code). Progress goes to "
                + "stderr. Exit code 0 on success, 1 when the model fails on the image, 2 for bad usage or configuration.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.value("output", "DIR", "folder for labels.nii.gz and labels.json (created; required)"),
                OptionSpec.value("fat", "FAT", "the Dixon fat image (NIfTI file or DICOM series folder)"),
                OptionSpec.value(
                        "model",
                        "DIR",
                        "model package (model.onnx + model.json); default " + AnalyzeCommand.DEFAULT_MODEL));
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) {
        if (args.positionals().size() != 1) {
            throw new UsageException("segment: expected one IMAGE (a NIfTI file or a DICOM series folder), got "
                    + args.positionals().size());
        }
        Path output = context.resolve(
                args.value("output").orElseThrow(() -> new UsageException("segment: --output DIR is required")));
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UsageException("segment: --output " + output + " is not a folder");
        }
        Path modelDir = Installation.resolve(
                context.workingDirectory(),
                args.value("model").orElse(AnalyzeCommand.DEFAULT_MODEL),
                args.has("model"));
        Progress progress = new Progress(context.err(), "segment");
        try (StudySegmenter model =
                AnalysisResources.model(modelDir, "segment: --model", " (give one with --model DIR)")) {
            progress.begin();
            ImageInputs inputs = ImageInputs.read(
                    context.resolve(args.positionals().get(0)),
                    args.value("fat").map(context::resolve),
                    "segment");
            try {
                SegmentRun.run(model, inputs, output, progress);
            } catch (InferenceException e) {
                context.err().println("segment: FAILED " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }
}
