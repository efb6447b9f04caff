package org.myoscreen.analysis;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The label convention of a label map: label value → {@link Structure}. Values not listed (and 0)
 * are background / {@link StructureKind#OTHER}. A model package ships one of these so the analysis
 * never hard-codes a model's numbering.
 *
 * <p>Immutable and thread-safe.
 */
public final class StructureMap {

    private final Map<Integer, Structure> byLabel;
    private final Structure[] lookup;

    private StructureMap(Map<Integer, Structure> byLabel) {
        this.byLabel = Map.copyOf(byLabel);
        lookup = new Structure[65536];
        Structure other = Structure.of(StructureKind.OTHER, Laterality.NONE);
        Arrays.fill(lookup, other);
        byLabel.forEach((label, s) -> lookup[label & 0xFFFF] = s);
    }

    /**
     * The map for {@code byLabel}.
     *
     * @throws IllegalArgumentException for a label outside 1..65535 or a paired structure
     *     (paraspinal, IMAT, psoas) without a side
     */
    public static StructureMap of(Map<Integer, Structure> byLabel) {
        Objects.requireNonNull(byLabel, "byLabel is null");
        byLabel.forEach((label, s) -> {
            if (label < 1 || label > 65535) {
                throw new IllegalArgumentException("label must be 1..65535: " + label);
            }
            boolean paired = s.kind() == StructureKind.PARASPINAL
                    || s.kind() == StructureKind.IMAT
                    || s.kind() == StructureKind.PSOAS;
            if (paired && s.laterality() == Laterality.NONE) {
                throw new IllegalArgumentException("label " + label + " (" + s.kind() + ") needs a side");
            }
        });
        return new StructureMap(new TreeMap<>(byLabel));
    }

    /** The structure of a voxel value ({@code short} values are read as unsigned). */
    public Structure of(int label) {
        return lookup[label & 0xFFFF];
    }

    /** The listed labels. */
    public Map<Integer, Structure> labels() {
        return byLabel;
    }

    /** True when some label has {@code kind}. */
    public boolean has(StructureKind kind) {
        return byLabel.values().stream().anyMatch(s -> s.kind() == kind);
    }

    @Override
    public String toString() {
        return "StructureMap" + new TreeMap<>(byLabel);
    }
}
