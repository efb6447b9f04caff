package org.myoscreen.app.analyze;

import java.io.IOException;
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
import org.myoscreen.inference.testing.OnnxWriter;

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

    private TinyOnnx() {}

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
        OnnxWriter.conv1x1(
                dir.resolve(ModelPackage.ONNX_FILE), "image", "logits", -1, patch, weights, new float[] {0, -1, -6});
        new ModelManifest(
                        NAME,
                        VERSION,
                        ModelPackage.sha256(dir.resolve(ModelPackage.ONNX_FILE)),
                        Dimensionality.TWO_D,
                        "image",
                        "logits",
                        contrasts.stream()
                                .map(c -> new InputChannel(c, Normalization.percentileClip(0.5, 99.5)))
                                .toList(),
                        new ModelManifest.Spacing(8, 8, 0),
                        List.of(patch[0], patch[1]),
                        List.of(
                                new LabelDefinition(
                                        1,
                                        "paraspinal_left",
                                        StructureKind.PARASPINAL,
                                        Laterality.LEFT,
                                        Optional.empty()),
                                new LabelDefinition(
                                        2, "subcutaneous_fat", StructureKind.OTHER, Laterality.NONE, Optional.empty())))
                .write(dir.resolve(ModelManifest.FILE_NAME));
        return dir;
    }
}
