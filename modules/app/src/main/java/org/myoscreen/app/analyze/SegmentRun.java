package org.myoscreen.app.analyze;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Segmentation;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.Volume;

/**
 * One {@code segment} run: the input images onto the model's channels ({@link ImageInputs}), the
 * segmentation (the same {@link StudySegmenter} that {@code analyze} and the node use), and {@code
 * labels.nii.gz} and {@code labels.json} on the grid of {@code IMAGE} ({@link LabelOutputs}).
 * Progress lines {@code segment: NAME STAGE DETAIL (N.N s)} go to the given {@link Progress}.
 * Stateless.
 */
public final class SegmentRun {

    private SegmentRun() {}

    /**
     * Segments and writes the label files.
     *
     * @param segmenter the open model (not closed by this)
     * @param inputs the images
     * @param dir the output folder (created)
     * @param progress where stage lines go
     * @return the files written, {@code labels.nii.gz} first
     * @throws org.myoscreen.app.cli.UsageException when the model needs an image that was not given
     * @throws org.myoscreen.inference.InferenceException when the model cannot run on the images
     */
    public static List<Path> run(StudySegmenter segmenter, ImageInputs inputs, Path dir, Progress progress) {
        Objects.requireNonNull(segmenter, "segmenter is null");
        ModelManifest manifest = segmenter.manifest();
        String name = inputs.sources().get(0).getFileName().toString();
        List<Volume> channels = inputs.channels(manifest, "segment");
        inputs.notes().forEach(n -> progress.note(name + " " + n));
        if (inputs.fat().isPresent()
                && manifest.channels().stream().noneMatch(c -> c.contrast() == SeriesContrast.DIXON_FAT)) {
            progress.note(name + " --fat not used: model " + manifest.name() + " " + manifest.version()
                    + " has no DIXON_FAT channel");
        }
        Grid grid = inputs.image().grid();
        double[] mm = grid.spacingMm();
        progress.done(
                name,
                "load",
                String.format(
                        Locale.ROOT,
                        "%dx%dx%d voxels of %.2fx%.2fx%.2f mm, %d channel%s",
                        grid.nx(),
                        grid.ny(),
                        grid.nz(),
                        mm[0],
                        mm[1],
                        mm[2],
                        channels.size(),
                        channels.size() == 1 ? "" : "s"));
        Segmentation segmentation = segmenter.segment(channels);
        progress.done(name, "segment", manifest.name() + " " + manifest.version() + " on " + segmentation.device());
        List<Path> written = LabelOutputs.write(dir, segmentation.labels(), manifest);
        progress.done(name, "write", written.get(0) + ", " + written.get(1).getFileName());
        return written;
    }
}
