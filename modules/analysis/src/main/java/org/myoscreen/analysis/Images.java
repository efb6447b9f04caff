package org.myoscreen.analysis;

import java.util.Objects;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.Volume;

/** The image(s) measured: a Dixon water/fat pair or one contrast. */
public sealed interface Images {

    /** The grid all images share. */
    Grid grid();

    /**
     * Dixon water and fat images: fat fraction {@code F / (F + W)} per voxel.
     *
     * @param pair water and fat on one grid
     */
    record Dixon(DixonPair pair) implements Images {
        /** Validates non-null. */
        public Dixon {
            Objects.requireNonNull(pair, "pair is null");
        }

        @Override
        public Grid grid() {
            return pair.water().grid();
        }
    }

    /**
     * One contrast in which fat is brighter than muscle (T2 HASTE, T1, GRE in-phase).
     *
     * @param image the image
     * @param description what it is, for the method text (for example {@code "T2 HASTE"})
     */
    record SingleContrast(Volume image, String description) implements Images {
        /** Validates non-null. */
        public SingleContrast {
            Objects.requireNonNull(image, "image is null");
            Objects.requireNonNull(description, "description is null");
        }

        @Override
        public Grid grid() {
            return image.grid();
        }
    }
}
