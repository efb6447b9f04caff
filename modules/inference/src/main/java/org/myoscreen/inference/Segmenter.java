package org.myoscreen.inference;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.inference.InferenceException.Category;
import org.myoscreen.inference.internal.Components;
import org.myoscreen.inference.internal.OrtModel;
import org.myoscreen.inference.internal.SlidingWindow;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments volumes with one model package on one device: the worker's entry point.
 *
 * <p>{@link #segment} resamples the channels (trilinear) onto the model grid (patient axes at the
 * manifest's spacing, see {@link ModelManifest}), normalises each channel, runs the sliding window
 * (padding with 0 after normalisation where the image is smaller than a patch), blends the
 * outputs with Gaussian weights, takes the argmax, removes stray components, and resamples the
 * labels back onto the source grid (nearest neighbour) — and the softmax margin (trilinear) when
 * configured.
 *
 * <p>Threading: {@code segment} calls are serialised (the ONNX buffers are shared); use one
 * segmenter per worker thread for parallel studies. Each segmenter owns one daemon thread
 * ({@code ort-run}) that calls {@code OrtSession.run} while the calling thread prepares the next
 * batch and blends the last. {@link #close} stops it and releases the native session.
 * Logs {@code event=inference_progress} at INFO at most every {@code progressInterval}.
 */
public final class Segmenter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Segmenter.class);
    /** Source grids of the channels must agree within this (mm). */
    private static final double SAME_GRID_MM = 0.01;
    /**
     * Components of an "other" label smaller than this fraction of its largest are dropped.
     * Vertebral bodies and discs keep every component: each body is its own component, and a few
     * bodies merged across missed discs would otherwise make a single separate body look like a
     * speck (the level finder ignores specks by their volume).
     */
    private static final double MIN_COMPONENT_FRACTION = 0.1;

    private final ModelPackage pkg;
    private final SegmenterConfig config;
    private final OrtModel model;
    private final short[] labelOf;

    private Segmenter(ModelPackage pkg, SegmenterConfig config, OrtModel model) {
        this.pkg = pkg;
        this.config = config;
        this.model = model;
        List<LabelDefinition> labels = pkg.manifest().labels();
        this.labelOf = new short[labels.size() + 1];
        for (int c = 0; c < labels.size(); c++) {
            labelOf[c + 1] = (short) labels.get(c).value();
        }
    }

    /**
     * Opens an ONNX Runtime session for {@code pkg} on the configured device.
     *
     * @throws InferenceException MODEL_PACKAGE when ONNX Runtime cannot load the file;
     *     MODEL_MISMATCH when the graph's input or output names, ranks, channel counts, patch sizes
     *     or element types differ from the manifest (the message says what the manifest says and
     *     what the ONNX graph has); DEVICE when a GPU is required but cannot be used (without
     *     {@code requireGpu} the segmenter falls back to the CPU and logs one WARN line
     *     {@code event=inference_device_fallback})
     */
    public static Segmenter open(ModelPackage pkg, SegmenterConfig config) {
        Objects.requireNonNull(pkg, "pkg is null");
        Objects.requireNonNull(config, "config is null");
        OrtModel model = new OrtModel(pkg, config);
        LOG.info(
                "event=inference_model_opened name={} version={} device={} batch={}",
                pkg.manifest().name(),
                pkg.manifest().version(),
                model.device(),
                model.batch());
        return new Segmenter(pkg, config, model);
    }

    /** The package's manifest. */
    public ModelManifest manifest() {
        return pkg.manifest();
    }

    /** The device in use (the CPU after a fallback). */
    public Device device() {
        return model.device();
    }

    /**
     * Segments one study. {@code channels} are the volumes for the manifest's input channels, in
     * that order, on one grid (e.g. Dixon water and fat of one acquisition).
     *
     * @throws InferenceException INPUT when the number of channels differs from the manifest or the
     *     grids differ; RUNTIME when ONNX Runtime fails
     */
    public synchronized Segmentation segment(List<Volume> channels) {
        long t0 = System.nanoTime();
        ModelManifest m = pkg.manifest();
        if (channels.size() != m.channels().size()) {
            throw new InferenceException(
                    Category.INPUT,
                    "model " + m.name() + " needs " + m.channels().size()
                            + " channel(s) "
                            + m.channels().stream()
                                    .map(c -> c.contrast().name())
                                    .toList() + ", got "
                            + channels.size());
        }
        Grid source = channels.get(0).grid();
        for (Volume v : channels) {
            if (!v.grid().sameAs(source, SAME_GRID_MM)) {
                throw new InferenceException(
                        Category.INPUT, "input channels are on different grids: " + source + " and " + v.grid());
            }
        }
        Preprocessing.ModelInput input = Preprocessing.apply(m, channels);
        Grid grid = input.grid();
        float[][] image = input.channels();
        long t1 = System.nanoTime();

        int[] dims = {grid.nz(), grid.ny(), grid.nx()};
        List<Integer> p = m.patchSize();
        int[] patch = m.dimensionality() == Dimensionality.TWO_D
                ? new int[] {1, p.get(0), p.get(1)}
                : new int[] {p.get(0), p.get(1), p.get(2)};
        SlidingWindow window =
                new SlidingWindow(dims, patch, config.overlap(), model.batch(), channels.size(), m.outputChannels());
        short[] labels = new short[grid.size()];
        float[] confidence = config.confidence() ? new float[grid.size()] : null;
        long runBefore = model.runNanos();
        int runsBefore = model.runs();
        long intervalNanos = config.progressInterval().toNanos();
        long[] lastLog = {System.nanoTime()};
        window.run(image, model, labelOf, labels, confidence, (done, total) -> {
            long now = System.nanoTime();
            if (now - lastLog[0] >= intervalNanos && done < total) {
                lastLog[0] = now;
                LOG.info(
                        "event=inference_progress model={} windows={}/{} elapsed_ms={}",
                        m.name(),
                        done,
                        total,
                        (now - t0) / 1_000_000);
            }
        });
        long t2 = System.nanoTime();

        if (config.keepLargestComponent()) {
            int max = m.labels().stream().mapToInt(LabelDefinition::value).max().orElse(0) + 1;
            boolean[] onlyLargest = new boolean[max];
            double[] minFraction = new double[max];
            for (LabelDefinition l : m.labels()) {
                onlyLargest[l.value()] =
                        l.structure() == StructureKind.PARASPINAL || l.structure() == StructureKind.PSOAS;
                minFraction[l.value()] = switch (l.structure()) {
                    case IMAT, VERTEBRA, DISC -> 0;
                    default -> MIN_COMPONENT_FRACTION;
                };
            }
            new Components(grid.nx(), grid.ny(), grid.nz()).filter(labels, onlyLargest, minFraction);
        }
        LabelMap back = Resampler.nearest(new LabelMap(grid, labels), source);
        Optional<Volume> conf = confidence == null
                ? Optional.empty()
                : Optional.of(Resampler.trilinear(new Volume(grid, confidence), source, 0f));
        long t3 = System.nanoTime();
        Segmentation.Timings timings = new Segmentation.Timings(
                t3 - t0, t1 - t0, model.runNanos() - runBefore, t3 - t2, window.windows(), model.runs() - runsBefore);
        LOG.info(
                "event=inference_done model={} device={} model_grid={}x{}x{} windows={} runs={} total_ms={} run_ms={} "
                        + "overhead={}",
                m.name(),
                model.device(),
                grid.nx(),
                grid.ny(),
                grid.nz(),
                timings.windows(),
                timings.runs(),
                timings.totalNanos() / 1_000_000,
                timings.runNanos() / 1_000_000,
                String.format(java.util.Locale.ROOT, "%.3f", timings.overheadRatio()));
        return new Segmentation(back, conf, timings, model.device());
    }

    @Override
    public void close() {
        model.close();
    }
}
