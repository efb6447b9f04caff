package org.myoscreen.inference;

import java.util.Locale;

/**
 * Where ONNX Runtime runs: the CPU, or one CUDA GPU. Written {@code cpu} or {@code cuda:N} in
 * configuration ({@code inference.device}).
 *
 * @param kind CPU or CUDA
 * @param index GPU index (0 for the CPU)
 */
public record Device(Kind kind, int index) {

    /** The execution provider family. */
    public enum Kind {
        /** ONNX Runtime's default CPU provider. */
        CPU,
        /** The CUDA provider (needs the {@code onnxruntime_gpu} build, CUDA 12, cuDNN 9). */
        CUDA
    }

    /** The CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    /** Validates a non-negative index (0 for the CPU). */
    public Device {
        if (kind == null || index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("bad device " + kind + ":" + index);
        }
    }

    /** Parses {@code cpu} or {@code cuda:N} ({@code cuda} alone is {@code cuda:0}). */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return new Device(Kind.CUDA, 0);
        }
        if (t.matches("cuda:[0-9]{1,3}")) {
            return new Device(Kind.CUDA, Integer.parseInt(t.substring(5)));
        }
        throw new IllegalArgumentException("inference.device must be cpu or cuda:N, got '" + text + "'");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
