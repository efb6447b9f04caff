package org.myoscreen.phantom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    private PhantomWriter() {
    }

    /** Generates and writes the study for {@code options} into {@code outputDir} (created). */
    public static PhantomSummary write(PhantomOptions options, Path outputDir) {
        return write(Phantom.generate(options), outputDir);
    }

    /** Writes an already generated study into {@code outputDir} (created). */
    public static PhantomSummary write(PhantomStudy study, Path outputDir) {
        long t0 = System.nanoTime();
        PhantomOptions options = study.options();
        String key = "myoscreen-phantom:" + options;
        String studyUid = Uids.fromName(key + "/study");
        String frameUid = Uids.fromName(key + "/frame-of-reference");
        long seed = options.seed();
        LocalDate date = LocalDate.of(2025, 1, 1).plusDays(Math.floorMod(seed, 365));
        LocalTime time = LocalTime.of(8, 0).plusMinutes(Math.floorMod(seed, 600));
        String name = "PHANTOM^SEED" + seed;
        MrSeriesWriter.Study dicomStudy = new MrSeriesWriter.Study(study.patient(), name,
                "PH" + Long.toUnsignedString(seed), studyUid, frameUid, date, time,
                "A" + Long.toUnsignedString(Math.floorMod(seed, 1_000_000_000L)), "Whole-body MRI (phantom)");
        TransferSyntax ts = options.transferSyntax() == PhantomOptions.TransferSyntaxChoice.IMPLICIT
                ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        int stations = study.series().stream().mapToInt(PhantomSeries::station).max().orElse(0) + 1;
        String plane = switch (options.orientation()) {
            case AXIAL -> "tra";
            case SAGITTAL -> "sag";
            case CORONAL -> "cor";
            case OBLIQUE -> "obl";
        };
        List<PhantomSummary.WrittenSeries> written = new ArrayList<>();
        int files = 0;
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outputDir, e);
        }
        for (PhantomSeries s : study.series()) {
            Contrast c = s.contrast();
            int number = (s.station() + 1) * 100 + c.ordinal() + 1;
            String description = c.description().replace(" tra", "") + " " + plane
                    + (stations > 1 ? " S" + (s.station() + 1) : "");
            String seriesUid = Uids.fromName(key + "/series/" + s.station() + "/" + c);
            MrSeriesWriter.Series dicomSeries = new MrSeriesWriter.Series(seriesUid, number, description, c.imageType(),
                    c.sequenceName(), c.scanningSequence(), study.sliceThicknessMm(), s.station() + 1, "WHOLEBODY");
            Path dir = outputDir.resolve(String.format(Locale.ROOT, "series-%03d-%s", number,
                    description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
            List<Path> paths = MrSeriesWriter.write(dir, s.volume(), dicomStudy, dicomSeries, ts);
            files += paths.size();
            written.add(new PhantomSummary.WrittenSeries(seriesUid, number, description, c, s.station(), dir, paths));
        }
        Path labels = outputDir.resolve("labels.nii.gz");
        Path levels = outputDir.resolve("levels.nii.gz");
        Nifti.write(labels, study.labels());
        Nifti.write(levels, study.levels());
        Path truth = outputDir.resolve("truth.json");
        String json = study.truth().toJson(studyUid,
                written.stream().map(PhantomSummary.WrittenSeries::seriesInstanceUid).toList(), options);
        try {
            Files.writeString(truth, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + truth, e);
        }
        LOG.info("event=phantom_written dir={} study={} series={} files={} ms={}", outputDir, studyUid, written.size(),
                files, (System.nanoTime() - t0) / 1_000_000);
        return new PhantomSummary(outputDir, studyUid, frameUid, written, files, truth, labels, levels, study.truth());
    }
}
