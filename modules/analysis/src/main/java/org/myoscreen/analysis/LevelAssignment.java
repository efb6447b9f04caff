package org.myoscreen.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The vertebral levels found in a label map, cranial first, and why any were not assigned.
 *
 * @param levels the assigned levels, cranial first (empty when the count could not be anchored)
 * @param flags reasons the assignment is missing or stops early (QC flag strings)
 */
public record LevelAssignment(List<VertebralLevel> levels, List<String> flags) {

    /** Copies the lists. */
    public LevelAssignment {
        levels = List.copyOf(levels);
        flags = List.copyOf(flags);
    }

    /** The level named {@code name}, if assigned. */
    public Optional<VertebralLevel> level(String name) {
        Objects.requireNonNull(name, "name is null");
        return levels.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The names, cranial first. */
    public List<String> names() {
        return levels.stream().map(VertebralLevel::name).toList();
    }

    /** The level whose slab contains {@code z}, if any. */
    public Optional<VertebralLevel> levelAt(double z) {
        for (VertebralLevel l : levels) {
            if (l.contains(z)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
