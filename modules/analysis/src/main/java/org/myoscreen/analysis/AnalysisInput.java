package org.myoscreen.analysis;

import java.util.Objects;
import java.util.Optional;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * One study to measure: images and label map on the same grid, the label convention, the patient
 * and optionally the segmentation's per-voxel confidence (0..1, for example the softmax margin
 * between the best and second-best class) on the same grid.
 *
 * @param images Dixon pair or single contrast
 * @param labels label map on {@code images.grid()}
 * @param structures what the labels mean
 * @param patient header facts
 * @param confidence per-voxel confidence in 0..1, when the segmentation provides it
 */
public record AnalysisInput(
        Images images, LabelMap labels, StructureMap structures, PatientFacts patient, Optional<Volume> confidence) {

    /** Grid agreement tolerance in mm. */
    public static final double GRID_TOLERANCE_MM = 0.01;

    /**
     * Validates that images, labels and confidence share one grid.
     *
     * @throws IllegalArgumentException when they do not
     */
    public AnalysisInput {
        Objects.requireNonNull(images, "images is null");
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(structures, "structures is null");
        Objects.requireNonNull(patient, "patient is null");
        Objects.requireNonNull(confidence, "confidence is null");
        if (!images.grid().sameAs(labels.grid(), GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException(
                    "label map grid differs from the image grid: " + labels.grid() + " vs " + images.grid());
        }
        if (confidence.isPresent() && !confidence.get().grid().sameAs(labels.grid(), GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException("confidence grid differs from the label map grid");
        }
    }

    /** A single-contrast input without confidence. */
    public static AnalysisInput singleContrast(
            Volume image, String description, LabelMap labels, StructureMap structures, PatientFacts patient) {
        return new AnalysisInput(
                new Images.SingleContrast(image, description), labels, structures, patient, Optional.empty());
    }

    /** A Dixon input without confidence. */
    public static AnalysisInput dixon(DixonPair pair, LabelMap labels, StructureMap structures, PatientFacts patient) {
        return new AnalysisInput(new Images.Dixon(pair), labels, structures, patient, Optional.empty());
    }

    /** This input with a confidence volume. */
    public AnalysisInput withConfidence(Volume confidenceVolume) {
        return new AnalysisInput(images, labels, structures, patient, Optional.of(confidenceVolume));
    }
}
