package org.myoscreen.report;

import java.util.Objects;

/**
 * One source image (single-frame instance) a segmentation frame is derived from.
 *
 * @param sopClassUid SOP Class UID of the source instance
 * @param sopInstanceUid SOP Instance UID of the source instance
 * @param seriesInstanceUid Series Instance UID of the source instance
 * @param positionMm Image Position (Patient) (0020,0032): LPS mm of the centre of the first pixel
 */
public record SourceImage(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, double[] positionMm) {

    /** Validates and copies the position. */
    public SourceImage {
        Objects.requireNonNull(sopClassUid, "sopClassUid is null");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid is null");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid is null");
        if (positionMm == null || positionMm.length != 3) {
            throw new IllegalArgumentException("positionMm needs 3 values");
        }
        positionMm = positionMm.clone();
    }

    @Override
    public double[] positionMm() {
        return positionMm.clone();
    }
}
