package org.myoscreen.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * The entry point for one job: builds the SEG, the TID 1500 SR and the summary images from the
 * source images, the label map, the image volume and the analysis result, and writes them as
 * {@code seg.dcm}, {@code sr.dcm} and {@code sc-N.dcm} (the layout of {@code analyze}'s output).
 * Stateless and thread-safe; I/O failures throw {@link UncheckedIOException}, inputs without any
 * segmented pixel {@link IllegalArgumentException}.
 */
public final class ResultObjects {

    private ResultObjects() {}

    /**
     * What one job's results are made from.
     *
     * @param source the source images (study, references, geometry)
     * @param labels the label map (any grid of the source's Frame of Reference)
     * @param image the image volume under the overlay of the summary images
     * @param structures the label convention of {@code labels}
     * @param includeVertebrae true to add a vertebral-body segment
     * @param analysis the analysis result
     */
    public record Input(
            SourceImages source,
            LabelMap labels,
            Volume image,
            StructureMap structures,
            boolean includeVertebrae,
            AnalysisResult analysis) {

        /** Validates non-null values. */
        public Input {
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(labels, "labels is null");
            Objects.requireNonNull(image, "image is null");
            Objects.requireNonNull(structures, "structures is null");
            Objects.requireNonNull(analysis, "analysis is null");
        }
    }

    /**
     * The files written and their SOP Instance UIDs.
     *
     * @param seg the SEG file
     * @param sr the SR file
     * @param sc the summary image files, in instance order
     * @param sopInstanceUids SOP Instance UIDs: SEG, SR, then the summary images
     */
    public record Written(Path seg, Path sr, List<Path> sc, List<String> sopInstanceUids) {

        /** Copies the lists. */
        public Written {
            sc = List.copyOf(sc);
            sopInstanceUids = List.copyOf(sopInstanceUids);
        }
    }

    /** Builds all result objects and writes them into {@code dir} (created), replacing files of the same names. */
    public static Written write(ReportContext context, Input input, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        List<Segment> segments = Segment.forStructures(input.structures(), input.includeVertebrae());
        Segmentation seg =
                SegmentationWriter.create(context, SegmentationInput.of(input.source(), input.labels(), segments));
        Attributes sr = MeasurementReportWriter.create(
                context,
                new MeasurementReportInput(
                        input.source(),
                        seg,
                        input.analysis(),
                        MeasurementReportInput.segmentVolumes(input.labels(), seg.segments())));
        List<SummaryImageWriter.SummaryImage> images = SummaryImageWriter.create(
                context,
                new SummaryInput(input.source(), input.image(), input.labels(), seg.segments(), input.analysis()));
        List<String> uids = new ArrayList<>();
        Path segFile = dir.resolve("seg.dcm");
        seg.write(segFile);
        uids.add(seg.sopInstanceUid());
        Path srFile = dir.resolve("sr.dcm");
        MeasurementReportWriter.write(sr, srFile);
        uids.add(sr.getString(Tag.SOPInstanceUID, ""));
        List<Path> scFiles = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Path f = dir.resolve("sc-" + (i + 1) + ".dcm");
            images.get(i).write(f);
            scFiles.add(f);
            uids.add(images.get(i).dataset().getString(Tag.SOPInstanceUID, ""));
        }
        return new Written(segFile, srFile, scFiles, uids);
    }
}
