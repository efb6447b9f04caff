package org.myoscreen.inference;

import java.util.Objects;
import java.util.Optional;

/**
 * One output class of a model: the voxel value it gets in the label map and what it is.
 *
 * @param value voxel value (1..32767; 0 is background and not listed)
 * @param name short name, e.g. {@code paraspinal_left}
 * @param structure the kind of structure
 * @param laterality the side
 * @param snomed the SNOMED CT concept, when one is known
 */
public record LabelDefinition(
        int value, String name, StructureKind structure, Laterality laterality, Optional<SnomedCode> snomed) {

    /** Validates the value and the name. */
    public LabelDefinition {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(structure, "structure is null");
        Objects.requireNonNull(laterality, "laterality is null");
        Objects.requireNonNull(snomed, "snomed is null");
        if (value < 1 || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("label value must be 1.." + Short.MAX_VALUE + ": " + value);
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("label " + value + " has a blank name");
        }
    }
}
