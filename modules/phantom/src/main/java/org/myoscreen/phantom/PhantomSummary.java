package org.myoscreen.phantom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PhantomWriter#write} wrote.
 *
 * @param outputDir the output directory
 * @param studyInstanceUid Study Instance UID shared by all series
 * @param frameOfReferenceUid Frame of Reference UID shared by all series
 * @param series the series written, stations most superior first
 * @param fileCount number of DICOM files written
 * @param truthJson {@code truth.json}
 * @param labels {@code labels.nii.gz}, the exact tissue label map ({@link TissueLabel})
 * @param levels {@code levels.nii.gz}, the vertebral level map ({@link VertebralLevel})
 * @param truth the ground truth written to {@code truth.json}
 */
public record PhantomSummary(
        Path outputDir,
        String studyInstanceUid,
        String frameOfReferenceUid,
        List<WrittenSeries> series,
        int fileCount,
        Path truthJson,
        Path labels,
        Path levels,
        Truth truth) {

    /** Copies the series list. */
    public PhantomSummary {
        Objects.requireNonNull(outputDir, "outputDir is null");
        series = List.copyOf(series);
    }

    /**
     * One written series.
     *
     * @param seriesInstanceUid Series Instance UID
     * @param seriesNumber Series Number
     * @param seriesDescription Series Description
     * @param contrast the contrast
     * @param station station index, 0 = most superior
     * @param directory folder holding the series' files
     * @param files the files, in slice order
     */
    public record WrittenSeries(
            String seriesInstanceUid,
            int seriesNumber,
            String seriesDescription,
            Contrast contrast,
            int station,
            Path directory,
            List<Path> files) {

        /** Copies the file list. */
        public WrittenSeries {
            files = List.copyOf(files);
        }
    }
}
