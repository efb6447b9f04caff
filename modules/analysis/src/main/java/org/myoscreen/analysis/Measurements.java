package org.myoscreen.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What was measured. Every value that could not be computed is empty, and {@link #notes()} says
 * why in the QC flag wording of docs/INTERFACE.md (for example
 * {@code "no PatientWeight: lmm_index not computed"}).
 *
 * @param split LMM and IMAT of both sides together, when the image allowed the split
 * @param left patient's left compartment
 * @param right patient's right compartment
 * @param regions per region (thoracic, lumbar), both sides, when levels are known
 * @param levels per vertebral level, cranial first, both sides, when levels are known
 * @param compartmentVolumeCm3 volume of both compartments (lean + IMAT), whatever the split
 * @param lmmIndexCm3PerBmi LMM cm³ / BMI (kg/m²)
 * @param psoasAreaL3Cm2 both psoas muscles in the axial plane through the centroid of L3, cm²
 * @param pmiCm2PerM2 psoas area at L3 / height² (cm²/m²)
 * @param fatFractionPercent Dixon: mean fat fraction of the compartment (PMFI), percent
 * @param leanFatFractionPercent Dixon: mean fat fraction of the lean voxels, percent
 * @param method how lean and IMAT were separated (for the report)
 * @param levelRange the levels {@code split}, {@code left}, {@code right} and the LMM index are
 *     summed over, as measured: {@code "L1-L5"} or {@code "whole compartment"} (also when the
 *     configured range could not be located; {@code notes} then says so)
 * @param notes reasons for empty values and caveats, as QC flag strings
 */
public record Measurements(
        Optional<CompartmentValues> split,
        Optional<CompartmentValues> left,
        Optional<CompartmentValues> right,
        Map<Region, CompartmentValues> regions,
        Map<String, CompartmentValues> levels,
        double compartmentVolumeCm3,
        OptionalDouble lmmIndexCm3PerBmi,
        OptionalDouble psoasAreaL3Cm2,
        OptionalDouble pmiCm2PerM2,
        OptionalDouble fatFractionPercent,
        OptionalDouble leanFatFractionPercent,
        String method,
        String levelRange,
        List<String> notes) {

    /** Copies the collections (levels keep their order). */
    public Measurements {
        Objects.requireNonNull(split, "split is null");
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
        regions = Map.copyOf(regions);
        levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        Objects.requireNonNull(lmmIndexCm3PerBmi, "lmmIndexCm3PerBmi is null");
        Objects.requireNonNull(psoasAreaL3Cm2, "psoasAreaL3Cm2 is null");
        Objects.requireNonNull(pmiCm2PerM2, "pmiCm2PerM2 is null");
        Objects.requireNonNull(fatFractionPercent, "fatFractionPercent is null");
        Objects.requireNonNull(leanFatFractionPercent, "leanFatFractionPercent is null");
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(levelRange, "levelRange is null");
        notes = List.copyOf(notes);
    }

    /** Total IMAT %, when the split is known and the compartment not empty. */
    public OptionalDouble imatPercent() {
        return split.isPresent() ? split.get().imatPercent() : OptionalDouble.empty();
    }
}
