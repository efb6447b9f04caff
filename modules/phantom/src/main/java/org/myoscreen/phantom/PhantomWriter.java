package org.myoscreen.phantom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.volume.Nifti;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of {@code bin/myoscreen phantom}: generates a phantom study and writes it to a
 * directory:
 * <ul>
 *   <li>one folder per series, {@code series-NNN-<description>/IMnnnn.dcm} (MR Image Storage,
 *       one MR series per station and contrast, sharing one Study and one Frame of Reference UID);
 *   <li>{@code truth.json} with the measurement keys of {@code result.json};
 *   <li>{@code labels.nii.gz} (tissue labels, {@link TissueLabel}) and {@code levels.nii.gz}
 *       (vertebral levels, {@link VertebralLevel}) on the grid covering all stations.
 * </ul>
 * UIDs are derived from the options, so the same options give the same UIDs. Existing files of the
 * same names are replaced. Stateless and thread-safe; I/O failures throw
 * {@link UncheckedIOException}.
 */
public final class PhantomWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PhantomWriter.class);

    private PhantomWriter() {}

    /**
     * Generates and writes the study for {@code options} into {@code outputDir} (created). Each
     * series is written as soon as it is rendered, so memory holds one contrast at a time.
     */
    public static PhantomSummary write(PhantomOptions options, Path outputDir) {
        long t0 = System.nanoTime();
        Context ctx = new Context(options, outputDir);
        PhantomStudy study = Phantom.generate(options, Optional.of(ctx::writeSeries));
        return ctx.finish(study, t0);
    }

    /** Writes an already generated study into {@code outputDir} (created). */
    public static PhantomSummary write(PhantomStudy study, Path outputDir) {
        long t0 = System.nanoTime();
        Context ctx = new Context(study.options(), outputDir);
        int stations =
                study.series().stream().mapToInt(PhantomSeries::station).max().orElse(0) + 1;
        for (PhantomSeries s : study.series()) {
            ctx.writeSeries(s, stations);
        }
        return ctx.finish(study, t0);
    }

    /** Study-level values and the series written so far. */
    private static final class Context {
        private final PhantomOptions options;
        private final Path outputDir;
        private final String key;
        private final String studyUid;
        private final String frameUid;
        private final MrSeriesWriter.Study dicomStudy;
        private final TransferSyntax ts;
        private final String plane;
        private final List<PhantomSummary.WrittenSeries> written = new ArrayList<>();
        private int files;

        Context(PhantomOptions options, Path outputDir) {
            this.options = options;
            this.outputDir = outputDir;
            key = "myoscreen-phantom:" + options;
            studyUid = Uids.fromName(key + "/study");
            frameUid = Uids.fromName(key + "/frame-of-reference");
            long seed = options.seed();
            LocalDate date = LocalDate.of(2025, 1, 1).plusDays(Math.floorMod(seed, 365));
            LocalTime time = LocalTime.of(8, 0).plusMinutes(Math.floorMod(seed, 600));
            dicomStudy = new MrSeriesWriter.Study(
                    Phantom.patient(options),
                    "PHANTOM^SEED" + seed,
                    "PH" + Long.toUnsignedString(seed),
                    studyUid,
                    frameUid,
                    date,
                    time,
                    "A" + Long.toUnsignedString(Math.floorMod(seed, 1_000_000_000L)),
                    "Whole-body MRI (phantom)");
            ts = options.transferSyntax() == PhantomOptions.TransferSyntaxChoice.IMPLICIT
                    ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN
                    : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            plane = switch (options.orientation()) {
                case AXIAL -> "tra";
                case SAGITTAL -> "sag";
                case CORONAL -> "cor";
                case OBLIQUE -> "obl";
            };
            try {
                Files.createDirectories(outputDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + outputDir, e);
            }
        }

        void writeSeries(PhantomSeries s, int stations) {
            Contrast c = s.contrast();
            int number = (s.station() + 1) * 100 + c.ordinal() + 1;
            String description =
                    c.description().replace(" tra", "") + " " + plane + (stations > 1 ? " S" + (s.station() + 1) : "");
            String seriesUid = Uids.fromName(key + "/series/" + s.station() + "/" + c);
            MrSeriesWriter.Series dicomSeries = new MrSeriesWriter.Series(
                    seriesUid,
                    number,
                    description,
                    c.imageType(),
                    c.sequenceName(),
                    c.scanningSequence(),
                    s.volume().grid().spacingMm()[2],
                    s.station() + 1,
                    "WHOLEBODY");
            Path dir = outputDir.resolve(String.format(
                    Locale.ROOT,
                    "series-%03d-%s",
                    number,
                    description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
            List<Path> paths = MrSeriesWriter.write(dir, s.volume(), dicomStudy, dicomSeries, ts);
            files += paths.size();
            written.add(new PhantomSummary.WrittenSeries(seriesUid, number, description, c, s.station(), dir, paths));
        }

        PhantomSummary finish(PhantomStudy study, long t0) {
            written.sort(Comparator.comparingInt(PhantomSummary.WrittenSeries::seriesNumber));
            Path labels = outputDir.resolve("labels.nii.gz");
            Path levels = outputDir.resolve("levels.nii.gz");
            Nifti.write(labels, study.labels());
            Nifti.write(levels, study.levels());
            Path truth = outputDir.resolve("truth.json");
            String json = study.truth()
                    .toJson(
                            studyUid,
                            written.stream()
                                    .map(PhantomSummary.WrittenSeries::seriesInstanceUid)
                                    .toList(),
                            options);
            try {
                Files.writeString(truth, json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + truth, e);
            }
            LOG.info(
                    "event=phantom_written dir={} study={} series={} files={} ms={}",
                    outputDir,
                    studyUid,
                    written.size(),
                    files,
                    (System.nanoTime() - t0) / 1_000_000);
            return new PhantomSummary(
                    outputDir, studyUid, frameUid, written, files, truth, labels, levels, study.truth());
        }
    }
}
