package org.myoscreen.inference;

import java.util.Objects;
import java.util.Optional;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * The result of one segmentation, on the source grid.
 *
 * @param labels label map with the manifest's label values (0 background)
 * @param confidence softmax margin per voxel (0..1), when asked for
 * @param timings where the time went
 * @param device the device that ran it (after any fallback)
 */
public record Segmentation(LabelMap labels, Optional<Volume> confidence, Timings timings, Device device) {

    /** Checks for nulls. */
    public Segmentation {
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(confidence, "confidence is null");
        Objects.requireNonNull(timings, "timings is null");
        Objects.requireNonNull(device, "device is null");
    }

    /**
     * Wall-clock time in nanoseconds.
     *
     * @param totalNanos the whole {@code segment} call
     * @param preprocessNanos resampling and normalisation
     * @param runNanos inside {@code OrtSession.run} only
     * @param postprocessNanos components and resampling back
     * @param windows sliding windows run
     * @param runs {@code OrtSession.run} calls
     */
    public record Timings(
            long totalNanos, long preprocessNanos, long runNanos, long postprocessNanos, int windows, int runs) {

        /** Total time over time inside {@code OrtSession.run} (the pipeline overhead ratio). */
        public double overheadRatio() {
            return runNanos > 0 ? (double) totalNanos / runNanos : Double.NaN;
        }
    }
}
