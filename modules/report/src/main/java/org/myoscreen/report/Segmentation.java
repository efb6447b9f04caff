package org.myoscreen.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.TransferSyntax;

/**
 * A written DICOM Segmentation: the dataset and what the Structured Report needs to reference it.
 *
 * @param dataset the SEG dataset (mutable; do not share across threads)
 * @param sopInstanceUid its SOP Instance UID
 * @param seriesInstanceUid its Series Instance UID
 * @param segments the segments written (those with at least one pixel, unless empty frames are kept)
 * @param frames Number of Frames
 */
public record Segmentation(
        Attributes dataset, String sopInstanceUid, String seriesInstanceUid, List<Segment> segments, int frames) {

    /** Validates and copies the segment list. */
    public Segmentation {
        Objects.requireNonNull(dataset, "dataset is null");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid is null");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid is null");
        segments = List.copyOf(segments);
    }

    /** Writes the dataset as a Part 10 file, Explicit VR Little Endian (not fsynced). */
    public void write(Path file) {
        Part10Writer.write(file, dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }
}
