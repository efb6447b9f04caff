package org.myoscreen.inference.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal ONNX ModelProto writer for tiny test graphs (protobuf wire format written by hand,
 * field numbers from onnx.proto): one 1×1 (×1) {@code Conv} with fixed weights and bias, which
 * makes a per-voxel linear "segmentation" network — its argmax is a threshold on the input.
 * Shared with other modules' tests through the inference test-jar.
 */
public final class OnnxWriter {

    private static final int FLOAT = 1;

    private OnnxWriter() {}

    /**
     * Writes a model {@code input [N, inChannels, spatial...] -> output [N, outChannels,
     * spatial...]}: {@code output[o] = sum_i weights[o][i] * input[i] + bias[o]}. A spatial size
     * of -1 is symbolic; {@code batch} -1 is symbolic too.
     */
    public static void conv1x1(
            Path file,
            String inputName,
            String outputName,
            long batch,
            int[] spatial,
            float[][] weights,
            float[] bias) {
        int out = weights.length;
        int in = weights[0].length;
        int rank = spatial.length + 2;
        long[] wDims = new long[rank];
        wDims[0] = out;
        wDims[1] = in;
        for (int a = 2; a < rank; a++) {
            wDims[a] = 1;
        }
        float[] w = new float[out * in];
        for (int o = 0; o < out; o++) {
            System.arraycopy(weights[o], 0, w, o * in, in);
        }
        Msg graph = new Msg();
        Msg node = new Msg()
                .str(1, inputName)
                .str(1, "W")
                .str(1, "B")
                .str(2, outputName)
                .str(3, "conv")
                .str(4, "Conv");
        graph.msg(1, node);
        graph.str(2, "test");
        graph.msg(5, tensor("W", wDims, w));
        graph.msg(5, tensor("B", new long[] {out}, bias));
        graph.msg(11, valueInfo(inputName, batch, in, spatial));
        graph.msg(12, valueInfo(outputName, batch, out, spatial));
        Msg model = new Msg()
                .varint(1, 7)
                .str(2, "myoscreen-test")
                .msg(7, graph)
                .msg(8, new Msg().str(1, "").varint(2, 13));
        try {
            Files.write(file, model.bytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Msg tensor(String name, long[] dims, float[] values) {
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT).str(8, name);
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return t.bytes(9, b.array());
    }

    private static Msg valueInfo(String name, long batch, int channels, int[] spatial) {
        Msg shape = new Msg().msg(1, dim(batch, "N")).msg(1, dim(channels, "C"));
        for (int a = 0; a < spatial.length; a++) {
            shape.msg(1, dim(spatial[a], "S" + a));
        }
        Msg tensorType = new Msg().varint(1, FLOAT).msg(2, shape);
        return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
    }

    private static Msg dim(long value, String param) {
        return value >= 0 ? new Msg().varint(1, value) : new Msg().str(2, param);
    }

    /** A protobuf message being written: fields appended in call order. */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Msg bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Msg str(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Msg msg(int field, Msg value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
