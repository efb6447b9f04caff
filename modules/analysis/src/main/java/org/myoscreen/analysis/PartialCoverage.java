package org.myoscreen.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What may still be reported when quality control refused a study only because the spine coverage
 * is incomplete (for example L2–L5 in view, or a count that stopped at a contradiction): the values
 * of the vertebral levels identified with certainty, and the psoas at L3 when L3 is one of them.
 * Values that need a missing level (the L1–L5 sums, IMAT %, LMM index, z-scores, risk) stay
 * refused, and {@link #refused()} says which and why.
 *
 * @param levelRange the lumbar and thoracic levels the per-level values cover, e.g. {@code "L2-L5"}
 * @param levels per identified lumbar or thoracic level, cranial first, both sides
 *     (S1's slab is open below, so it is left out)
 * @param psoasAreaL3Cm2 both psoas muscles at L3, cm², when L3 is identified
 * @param pmiCm2PerM2 psoas area at L3 / height², when L3 and the height are known
 * @param refused the values not reported and the missing levels they need, as QC flag strings
 */
public record PartialCoverage(
        String levelRange,
        Map<String, CompartmentValues> levels,
        OptionalDouble psoasAreaL3Cm2,
        OptionalDouble pmiCm2PerM2,
        List<String> refused) {

    /** Copies the collections (levels keep their order). */
    public PartialCoverage {
        Objects.requireNonNull(levelRange, "levelRange is null");
        levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        Objects.requireNonNull(psoasAreaL3Cm2, "psoasAreaL3Cm2 is null");
        Objects.requireNonNull(pmiCm2PerM2, "pmiCm2PerM2 is null");
        refused = List.copyOf(refused);
    }
}
