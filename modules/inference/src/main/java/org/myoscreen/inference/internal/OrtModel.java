package org.myoscreen.inference.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.myoscreen.inference.Device;
import org.myoscreen.inference.InferenceException;
import org.myoscreen.inference.InferenceException.Category;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.ModelPackage;
import org.myoscreen.inference.SegmenterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session for one package, checked against its manifest, with direct input and
 * output buffers allocated once and reused for every run (the output is pinned, so ONNX Runtime
 * writes straight into it). Two buffer sets and a run thread let the caller fill one set and blend
 * the other while ONNX Runtime runs. Not thread-safe: one caller at a time.
 */
public final class OrtModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrtModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelManifest manifest;
    private final Device device;
    private final int batch;
    private final int inputPerWindow;
    private final int outputPerWindow;
    private final Buffers[] buffers;
    private final ExecutorService runner;
    private final AtomicLong runNanos = new AtomicLong();
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * One set of direct input and output buffers with the tensors over them, created once per batch
     * size (at most two: the configured batch and the last, partial one).
     */
    private final class Buffers {
        final FloatBuffer input;
        final FloatBuffer output;
        final OnnxTensor[] inputTensors = new OnnxTensor[batch + 1];
        final OnnxTensor[] outputTensors = new OnnxTensor[batch + 1];
        final List<Map<String, OnnxTensor>> inputMaps = new ArrayList<>(Collections.nCopies(batch + 1, null));
        final List<Map<String, OnnxTensor>> outputMaps = new ArrayList<>(Collections.nCopies(batch + 1, null));

        Buffers() {
            input = ByteBuffer.allocateDirect(4 * batch * inputPerWindow)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            output = ByteBuffer.allocateDirect(4 * batch * outputPerWindow)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }

        long run(int n) throws OrtException {
            if (inputTensors[n] == null) {
                inputTensors[n] = OnnxTensor.createTensor(
                        env,
                        input.duplicate().position(0).limit(n * inputPerWindow).slice(),
                        shape(n, manifest.channels().size()));
                outputTensors[n] = OnnxTensor.createTensor(
                        env,
                        output.duplicate()
                                .position(0)
                                .limit(n * outputPerWindow)
                                .slice(),
                        shape(n, manifest.outputChannels()));
                inputMaps.set(n, Map.of(manifest.inputName(), inputTensors[n]));
                outputMaps.set(n, Map.of(manifest.outputName(), outputTensors[n]));
            }
            long t0 = System.nanoTime();
            try (OrtSession.Result r = session.run(inputMaps.get(n), outputMaps.get(n))) {
                return System.nanoTime() - t0;
            }
        }

        void close() {
            for (int i = 0; i < inputTensors.length; i++) {
                if (inputTensors[i] != null) {
                    inputTensors[i].close();
                    outputTensors[i].close();
                }
            }
        }
    }

    /** Opens the session; see {@link org.myoscreen.inference.Segmenter#open} for the errors. */
    public OrtModel(ModelPackage pkg, SegmenterConfig config) {
        this.manifest = pkg.manifest();
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        Device used = Device.CPU;
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (config.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(config.intraOpThreads());
            }
            if (config.interOpThreads() > 0) {
                options.setInterOpNumThreads(config.interOpThreads());
            }
            if (config.device().kind() == Device.Kind.CUDA) {
                String problem = null;
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    problem = "this ONNX Runtime build has no CUDA provider (available: "
                            + OrtEnvironment.getAvailableProviders() + "; build with -Donnxruntime_gpu)";
                } else {
                    try {
                        options.addCUDA(config.device().index());
                        used = config.device();
                    } catch (OrtException e) {
                        problem = "the CUDA provider failed to start: " + e.getMessage();
                    }
                }
                if (problem != null) {
                    if (config.requireGpu()) {
                        throw new InferenceException(
                                Category.DEVICE,
                                "device " + config.device() + " was required but cannot be used: " + problem);
                    }
                    LOG.warn(
                            "event=inference_device_fallback requested={} using=cpu reason=\"{}\"",
                            config.device(),
                            problem);
                }
            }
            this.session = env.createSession(pkg.onnxFile().toString(), options);
        } catch (OrtException e) {
            throw new InferenceException(
                    Category.MODEL_PACKAGE, pkg.onnxFile() + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        } finally {
            options.close();
        }
        this.device = used;
        try {
            this.batch = checkIo(config.batchSize());
            int patch =
                    manifest.patchSize().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
            this.inputPerWindow = manifest.channels().size() * patch;
            this.outputPerWindow = manifest.outputChannels() * patch;
            this.buffers = new Buffers[] {new Buffers(), new Buffers()};
            this.runner = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ort-run");
                t.setDaemon(true);
                return t;
            });
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Checks the graph against the manifest and returns the batch size to use. */
    private int checkIo(int configuredBatch) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new InferenceException(
                    Category.MODEL_MISMATCH, "cannot read the graph's inputs: " + e.getMessage(), e);
        }
        TensorInfo in = tensor(inputs, manifest.inputName(), "input");
        TensorInfo out = tensor(outputs, manifest.outputName(), "output");
        int rank = manifest.dimensionality().tensorRank();
        long[] wantIn = new long[rank];
        long[] wantOut = new long[rank];
        wantIn[0] = -1;
        wantOut[0] = -1;
        wantIn[1] = manifest.channels().size();
        wantOut[1] = manifest.outputChannels();
        for (int a = 0; a < manifest.patchSize().size(); a++) {
            wantIn[2 + a] = manifest.patchSize().get(a);
            wantOut[2 + a] = manifest.patchSize().get(a);
        }
        compare("input '" + manifest.inputName() + "'", wantIn, in);
        compare("output '" + manifest.outputName() + "'", wantOut, out);
        long fixedIn = in.getShape()[0];
        long fixedOut = out.getShape()[0];
        if (fixedIn > 0 && fixedOut > 0 && fixedIn != fixedOut) {
            throw new InferenceException(
                    Category.MODEL_MISMATCH, "input batch " + fixedIn + " differs from output batch " + fixedOut);
        }
        long fixed = fixedIn > 0 ? fixedIn : fixedOut;
        if (fixed > 0 && fixed != configuredBatch) {
            LOG.info("event=inference_batch_fixed_by_model configured={} model={}", configuredBatch, fixed);
            return (int) fixed;
        }
        return configuredBatch;
    }

    private TensorInfo tensor(Map<String, NodeInfo> nodes, String name, String what) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new InferenceException(
                    Category.MODEL_MISMATCH,
                    "manifest says " + what + " '" + name + "', ONNX has " + what + "s " + nodes.keySet());
        }
        if (!(node.getInfo() instanceof TensorInfo t)) {
            throw new InferenceException(
                    Category.MODEL_MISMATCH,
                    "manifest says " + what + " '" + name + "' is a float tensor, ONNX has " + node.getInfo());
        }
        if (t.type != OnnxJavaType.FLOAT) {
            throw new InferenceException(
                    Category.MODEL_MISMATCH,
                    "manifest says " + what + " '" + name + "' is float32, ONNX has " + t.type);
        }
        return t;
    }

    /** Compares shapes; -1 in {@code want} accepts anything, -1 in the graph accepts any wanted size. */
    private void compare(String what, long[] want, TensorInfo t) {
        long[] has = t.getShape();
        boolean ok = has.length == want.length;
        for (int a = 0; ok && a < want.length; a++) {
            ok = want[a] < 0 || has[a] < 0 || want[a] == has[a];
        }
        if (!ok) {
            throw new InferenceException(
                    Category.MODEL_MISMATCH,
                    "manifest says " + what + " has shape "
                            + shapeText(want) + " (" + manifest.dimensionality().name() + ", "
                            + manifest.channels().size()
                            + " input channel(s), " + manifest.outputChannels() + " output channel(s), patch "
                            + manifest.patchSize() + "), ONNX has " + shapeText(has));
        }
    }

    private static String shapeText(long[] s) {
        return Arrays.toString(
                Arrays.stream(s).mapToObj(v -> v < 0 ? "?" : Long.toString(v)).toArray());
    }

    /** Windows per run. */
    public int batch() {
        return batch;
    }

    /** The device actually used. */
    public Device device() {
        return device;
    }

    /** Input floats per window (channels × patch voxels). */
    public int inputPerWindow() {
        return inputPerWindow;
    }

    /** Output floats per window. */
    public int outputPerWindow() {
        return outputPerWindow;
    }

    /** The reused input buffer of set {@code set} (0 or 1; window w at {@code w * inputPerWindow()}). */
    public FloatBuffer input(int set) {
        return buffers[set].input;
    }

    /** The reused output buffer of set {@code set}, valid once its run has completed. */
    public FloatBuffer output(int set) {
        return buffers[set].output;
    }

    /**
     * Starts {@code OrtSession.run} on the first {@code n} windows of buffer set {@code set} on the
     * run thread, so the caller can prepare the other set meanwhile; the future gives the
     * nanoseconds spent inside {@code OrtSession.run}.
     */
    public Future<Long> runAsync(int set, int n) {
        return runner.submit(() -> {
            long dt = buffers[set].run(n);
            runNanos.addAndGet(dt);
            runs.incrementAndGet();
            return dt;
        });
    }

    /** Waits for a run started by {@link #runAsync}; {@link InferenceException} (RUNTIME) when it failed. */
    public static long await(Future<Long> run) {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException(Category.RUNTIME, "interrupted while waiting for OrtSession.run", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new InferenceException(Category.RUNTIME, "OrtSession.run failed: " + c.getMessage(), c);
        }
    }

    private long[] shape(int n, int channels) {
        long[] s = new long[manifest.dimensionality().tensorRank()];
        s[0] = n;
        s[1] = channels;
        for (int a = 0; a < manifest.patchSize().size(); a++) {
            s[2 + a] = manifest.patchSize().get(a);
        }
        return s;
    }

    /** Total nanoseconds inside {@code OrtSession.run} so far. */
    public long runNanos() {
        return runNanos.get();
    }

    /** Runs so far. */
    public int runs() {
        return runs.get();
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (runner != null) {
            runner.shutdownNow();
        }
        if (buffers != null) {
            for (Buffers b : buffers) {
                b.close();
            }
        }
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("event=inference_session_close_failed error=\"{}\"", e.getMessage());
        }
    }
}
