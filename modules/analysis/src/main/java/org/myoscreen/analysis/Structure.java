package org.myoscreen.analysis;

import java.util.Objects;
import java.util.Optional;

/**
 * What one label value means.
 *
 * @param kind the structure kind
 * @param laterality the patient's side, {@link Laterality#NONE} for midline structures
 * @param level the vertebral level name (for example {@code "L3"}) when the model labels levels
 *     itself; the analysis currently derives levels from geometry and uses this only for documentation
 */
public record Structure(StructureKind kind, Laterality laterality, Optional<String> level) {

    /** Validates non-null values. */
    public Structure {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(laterality, "laterality is null");
        Objects.requireNonNull(level, "level is null");
    }

    /** A structure without a level name. */
    public static Structure of(StructureKind kind, Laterality laterality) {
        return new Structure(kind, laterality, Optional.empty());
    }
}
