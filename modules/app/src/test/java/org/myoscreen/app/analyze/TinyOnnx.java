package org.myoscreen.app.analyze;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.myoscreen.inference.Dimensionality;
import org.myoscreen.inference.InputChannel;
import org.myoscreen.inference.LabelDefinition;
import org.myoscreen.inference.Laterality;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.ModelPackage;
import org.myoscreen.inference.Normalization;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.inference.StructureKind;

/**
 * A tiny but valid model package for the wiring tests (the inference module's test utilities are
 * not published as a test-jar, so the same technique is repeated here): an ONNX graph of one 1×1
 * {@code Conv} written as protobuf by hand (field numbers from onnx.proto), 2D, one T2 channel
 * normalised to [0, 1] by percentiles; its argmax is a threshold: background below 0.1, label 1
 * ({@code paraspinal_left}) up to 0.5, label 2 ({@code subcutaneous_fat}) above. Not anatomy:
 * the analysis refuses its output in QC, which is what the tests expect of it.
 */
final class TinyOnnx {

  static final String NAME = "tiny-threshold";
  static final String VERSION = "0.0.1-test";
  private static final int FLOAT = 1;

  private TinyOnnx() {
  }

  /** Writes the T2 package into {@code dir} (created) and returns it. */
  static Path write(Path dir) throws IOException {
    return write(dir, List.of(SeriesContrast.T2));
  }

  /**
   * Writes a package with one input channel per contrast (each normalised to [0, 1]); the logits
   * use the first channel only, the others are weighted 0.
   */
  static Path write(Path dir, List<SeriesContrast> contrasts) throws IOException {
    Files.createDirectories(dir);
    int[] patch = {64, 64};
    int n = contrasts.size();
    float[][] weights = new float[3][n];
    weights[1][0] = 10;
    weights[2][0] = 20;
    conv1x1(dir.resolve(ModelPackage.ONNX_FILE), "image", "logits", patch, weights, new float[] {0, -1, -6});
    new ModelManifest(NAME, VERSION, ModelPackage.sha256(dir.resolve(ModelPackage.ONNX_FILE)),
        Dimensionality.TWO_D, "image", "logits",
        contrasts.stream().map(c -> new InputChannel(c, Normalization.percentileClip(0.5, 99.5))).toList(),
        new ModelManifest.Spacing(8, 8, 0), List.of(patch[0], patch[1]),
        List.of(new LabelDefinition(1, "paraspinal_left", StructureKind.PARASPINAL, Laterality.LEFT,
                Optional.empty()),
            new LabelDefinition(2, "subcutaneous_fat", StructureKind.OTHER, Laterality.NONE, Optional.empty())))
        .write(dir.resolve(ModelManifest.FILE_NAME));
    return dir;
  }

  /** {@code output[o] = sum_i weights[o][i] * input[i] + bias[o]}, symbolic batch. */
  private static void conv1x1(Path file, String inputName, String outputName, int[] spatial, float[][] weights,
      float[] bias) throws IOException {
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
    graph.msg(1, new Msg().str(1, inputName).str(1, "W").str(1, "B").str(2, outputName).str(3, "conv")
        .str(4, "Conv"));
    graph.str(2, "tiny");
    graph.msg(5, tensor("W", wDims, w));
    graph.msg(5, tensor("B", new long[] {out}, bias));
    graph.msg(11, valueInfo(inputName, in, spatial));
    graph.msg(12, valueInfo(outputName, out, spatial));
    Msg model = new Msg().varint(1, 7).str(2, "myoscreen-test").msg(7, graph)
        .msg(8, new Msg().str(1, "").varint(2, 13));
    Files.write(file, model.bytes());
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

  private static Msg valueInfo(String name, int channels, int[] spatial) {
    Msg shape = new Msg().msg(1, new Msg().str(2, "N")).msg(1, new Msg().varint(1, channels));
    for (int s : spatial) {
      shape.msg(1, new Msg().varint(1, s));
    }
    Msg tensorType = new Msg().varint(1, FLOAT).msg(2, shape);
    return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
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
