package org.myoscreen.phantom;

import java.util.Objects;
import org.myoscreen.volume.Volume;

/**
 * One generated series: a contrast at one station, as stored pixel values (0..4095) on the
 * station's grid.
 *
 * @param contrast the contrast
 * @param station station index, 0 = most superior
 * @param volume the image
 */
public record PhantomSeries(Contrast contrast, int station, Volume volume) {

    /** Validates non-null values. */
    public PhantomSeries {
        Objects.requireNonNull(contrast, "contrast is null");
        Objects.requireNonNull(volume, "volume is null");
    }
}
