package org.myoscreen.volume;

import java.util.List;

/**
 * What {@link SeriesLoader#scanDirectory} found: the series that became volumes and, for each one
 * that could not, the exception naming it and the problem (a three-plane localizer, for example,
 * fails with {@code MIXED_ORIENTATION}).
 *
 * @param loaded the volumes, ordered by Series Number
 * @param failed one exception per series that could not be loaded
 */
public record DirectoryLoad(List<LoadedSeries> loaded, List<VolumeException> failed) {

    /** Copies the lists. */
    public DirectoryLoad {
        loaded = List.copyOf(loaded);
        failed = List.copyOf(failed);
    }
}
