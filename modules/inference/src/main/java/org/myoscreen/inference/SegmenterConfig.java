package org.myoscreen.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Segmenter} runs. Immutable; validated at creation.
 *
 * @param device where to run ({@code inference.device}: {@code cpu} or {@code cuda:N})
 * @param requireGpu fail at start-up instead of falling back to the CPU when the GPU cannot be used
 * @param intraOpThreads ONNX Runtime threads inside an operator (0 = ONNX Runtime's default)
 * @param interOpThreads ONNX Runtime threads across operators (0 = default)
 * @param overlap fraction of a window shared with its neighbour along each axis, 0 to 0.9
 * @param batchSize windows per {@code OrtSession.run} (2D: slices), 1 to 256; a model with a
 *     fixed batch dimension overrides it
 * @param keepLargestComponent keep only the largest connected component of each paraspinal and
 *     psoas label, and drop components under 10 % of the largest for other labels (IMAT,
 *     vertebral bodies and discs keep all their components)
 * @param confidence also compute the per-voxel softmax margin (top-1 minus top-2 probability)
 * @param progressInterval least time between two progress log lines
 */
public record SegmenterConfig(
        Device device,
        boolean requireGpu,
        int intraOpThreads,
        int interOpThreads,
        double overlap,
        int batchSize,
        boolean keepLargestComponent,
        boolean confidence,
        Duration progressInterval) {

    /** Validates ranges. */
    public SegmenterConfig {
        Objects.requireNonNull(device, "device is null");
        Objects.requireNonNull(progressInterval, "progressInterval is null");
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0: " + intraOpThreads + ", " + interOpThreads);
        }
        if (!(overlap >= 0 && overlap <= 0.9)) {
            throw new IllegalArgumentException("overlap must be 0..0.9: " + overlap);
        }
        if (batchSize < 1 || batchSize > 256) {
            throw new IllegalArgumentException("batchSize must be 1..256: " + batchSize);
        }
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("progressInterval must not be negative: " + progressInterval);
        }
    }

    /**
     * CPU, default threads, overlap 0.5, batch 8, largest components, no confidence, progress every 5 s.
     * Batch 8 rather than 4: half the {@code run} calls keep the Java-side share of a 2D study under 15 %
     * with two intra-op threads on two cores (bench/README-inference.md, session 2 quiet-machine rows).
     */
    public static SegmenterConfig defaults() {
        return new SegmenterConfig(Device.CPU, false, 0, 0, 0.5, 8, true, false, Duration.ofSeconds(5));
    }

    /** This config on another device. */
    public SegmenterConfig withDevice(Device d, boolean require) {
        return new SegmenterConfig(
                d,
                require,
                intraOpThreads,
                interOpThreads,
                overlap,
                batchSize,
                keepLargestComponent,
                confidence,
                progressInterval);
    }

    /** This config with other thread counts. */
    public SegmenterConfig withThreads(int intra, int inter) {
        return new SegmenterConfig(
                device,
                requireGpu,
                intra,
                inter,
                overlap,
                batchSize,
                keepLargestComponent,
                confidence,
                progressInterval);
    }

    /** This config with another window overlap and batch size. */
    public SegmenterConfig withWindows(double o, int batch) {
        return new SegmenterConfig(
                device,
                requireGpu,
                intraOpThreads,
                interOpThreads,
                o,
                batch,
                keepLargestComponent,
                confidence,
                progressInterval);
    }

    /** This config with post-processing switched. */
    public SegmenterConfig withOutputs(boolean largestComponent, boolean withConfidence) {
        return new SegmenterConfig(
                device,
                requireGpu,
                intraOpThreads,
                interOpThreads,
                overlap,
                batchSize,
                largestComponent,
                withConfidence,
                progressInterval);
    }
}
