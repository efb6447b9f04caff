package org.myoscreen.inference;

import java.util.Objects;

/**
 * One input channel of a model: which series contrast feeds it and how it is normalised.
 *
 * @param contrast the series contrast
 * @param normalization the intensity normalisation
 */
public record InputChannel(SeriesContrast contrast, Normalization normalization) {

    /** Checks for nulls. */
    public InputChannel {
        Objects.requireNonNull(contrast, "contrast is null");
        Objects.requireNonNull(normalization, "normalization is null");
    }
}
