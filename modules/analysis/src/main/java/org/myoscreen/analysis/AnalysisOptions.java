package org.myoscreen.analysis;

/**
 * Tunable rules of the measurement, level identification and QC. Immutable; start from
 * {@link #defaults()} and change single values with the {@code with…} methods.
 *
 * @param fractionalImat true (default): each compartment voxel contributes its estimated fat fraction
 *     {@code (v − muscle) / (fat − muscle)} to IMAT (unbiased under partial volume); false: each voxel is
 *     wholly IMAT or wholly lean by the voxel rule below
 * @param imatFatFraction Dixon: a voxel with fat fraction at or above this (0..1) is an IMAT voxel (0.5,
 *     UK Biobank / AMRA); also defines the lean voxels of the lean fat fraction
 * @param slabThicknessMm single contrast: thickness of the cranio-caudal slabs in which muscle and
 *     fat intensities are estimated (bias-field tolerance)
 * @param minVertebraComponentCm3 vertebral body and disc components smaller than this are ignored as specks
 * @param minMarginBelowSacrumMm the label map must reach this far below the lowest body for it to be taken as S1
 * @param maxBodyHeightRatio a body taller than this times the body below it contradicts the count (merged bodies)
 * @param minLevels QC: fewer identified vertebral levels fail coverage
 * @param requireAllLumbar QC: coverage fails unless L1–L5 are all identified
 * @param maxAsymmetry QC: |left − right| / mean(left, right) of compartment volume above this fails
 * @param minCompartmentAreaIndex QC: mean compartment cross-section (both sides, cm²) / height² (m²) below this fails
 * @param maxCompartmentAreaIndex QC: … above this fails
 * @param minConfidence QC: mean segmentation confidence over the compartment below this fails
 * @param measurementRange levels the headline LMM / IMAT values are summed over (default L1–L5,
 *     {@link LevelRange#LUMBAR}); per-region and per-level values and QC use the whole compartment
 */
public record AnalysisOptions(
        boolean fractionalImat,
        double imatFatFraction,
        double slabThicknessMm,
        double minVertebraComponentCm3,
        double minMarginBelowSacrumMm,
        double maxBodyHeightRatio,
        int minLevels,
        boolean requireAllLumbar,
        double maxAsymmetry,
        double minCompartmentAreaIndex,
        double maxCompartmentAreaIndex,
        double minConfidence,
        LevelRange measurementRange) {

    /** Validates ranges. */
    public AnalysisOptions {
        if (!(imatFatFraction > 0 && imatFatFraction < 1)) {
            throw new IllegalArgumentException("imatFatFraction must be in (0, 1): " + imatFatFraction);
        }
        if (!(slabThicknessMm > 0)) {
            throw new IllegalArgumentException("slabThicknessMm must be positive: " + slabThicknessMm);
        }
        if (minLevels < 0 || !(maxAsymmetry > 0) || !(maxBodyHeightRatio > 1)) {
            throw new IllegalArgumentException("bad QC limits");
        }
        if (!(minCompartmentAreaIndex < maxCompartmentAreaIndex)) {
            throw new IllegalArgumentException("compartment area index bounds out of order");
        }
        java.util.Objects.requireNonNull(measurementRange, "measurementRange is null");
    }

    /** The defaults (documented in the module README). */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(true, 0.5, 40, 0.5, 10, 1.5, 6, true, 0.35, 1.0, 25.0, 0.6, LevelRange.LUMBAR);
    }

    /** With the voxel rule ({@code false}) or the fractional estimate ({@code true}) for IMAT volume. */
    public AnalysisOptions withFractionalImat(boolean v) {
        return new AnalysisOptions(
                v,
                imatFatFraction,
                slabThicknessMm,
                minVertebraComponentCm3,
                minMarginBelowSacrumMm,
                maxBodyHeightRatio,
                minLevels,
                requireAllLumbar,
                maxAsymmetry,
                minCompartmentAreaIndex,
                maxCompartmentAreaIndex,
                minConfidence,
                measurementRange);
    }

    /** With another asymmetry bound. */
    public AnalysisOptions withMaxAsymmetry(double v) {
        return new AnalysisOptions(
                fractionalImat,
                imatFatFraction,
                slabThicknessMm,
                minVertebraComponentCm3,
                minMarginBelowSacrumMm,
                maxBodyHeightRatio,
                minLevels,
                requireAllLumbar,
                v,
                minCompartmentAreaIndex,
                maxCompartmentAreaIndex,
                minConfidence,
                measurementRange);
    }

    /** With another coverage rule. */
    public AnalysisOptions withCoverage(int levels, boolean allLumbar) {
        return new AnalysisOptions(
                fractionalImat,
                imatFatFraction,
                slabThicknessMm,
                minVertebraComponentCm3,
                minMarginBelowSacrumMm,
                maxBodyHeightRatio,
                levels,
                allLumbar,
                maxAsymmetry,
                minCompartmentAreaIndex,
                maxCompartmentAreaIndex,
                minConfidence,
                measurementRange);
    }

    /** With other compartment area index bounds (cm²/m²). */
    public AnalysisOptions withCompartmentAreaIndex(double min, double max) {
        return new AnalysisOptions(
                fractionalImat,
                imatFatFraction,
                slabThicknessMm,
                minVertebraComponentCm3,
                minMarginBelowSacrumMm,
                maxBodyHeightRatio,
                minLevels,
                requireAllLumbar,
                maxAsymmetry,
                min,
                max,
                minConfidence,
                measurementRange);
    }

    /** With another confidence bound. */
    public AnalysisOptions withMinConfidence(double v) {
        return new AnalysisOptions(
                fractionalImat,
                imatFatFraction,
                slabThicknessMm,
                minVertebraComponentCm3,
                minMarginBelowSacrumMm,
                maxBodyHeightRatio,
                minLevels,
                requireAllLumbar,
                maxAsymmetry,
                minCompartmentAreaIndex,
                maxCompartmentAreaIndex,
                v,
                measurementRange);
    }

    /** With another range of levels for the headline values ({@link LevelRange#WHOLE_COMPARTMENT}: all). */
    public AnalysisOptions withMeasurementRange(LevelRange v) {
        return new AnalysisOptions(
                fractionalImat,
                imatFatFraction,
                slabThicknessMm,
                minVertebraComponentCm3,
                minMarginBelowSacrumMm,
                maxBodyHeightRatio,
                minLevels,
                requireAllLumbar,
                maxAsymmetry,
                minCompartmentAreaIndex,
                maxCompartmentAreaIndex,
                minConfidence,
                v);
    }
}
