package org.myoscreen.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.myoscreen.inference.testing.OnnxWriter;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;

/** Tiny model packages built in the test: threshold networks written with {@link OnnxWriter}. */
final class TestPackages {

    /** Label values of the threshold model's two foreground classes. */
    static final short LOW = 5;

    static final short HIGH = 9;

    private TestPackages() {}

    /**
     * A package whose network maps x to logits (0, x - 1, 2x - 3): argmax is background below
     * 1, {@link #LOW} between 1 and 2, {@link #HIGH} above 2. Spacing 1 mm, no normalisation.
     */
    static ModelPackage threshold(Path dir, Dimensionality dim, List<Integer> patch, long batch) throws Exception {
        Files.createDirectories(dir);
        int[] spatial = patch.stream().mapToInt(Integer::intValue).toArray();
        OnnxWriter.conv1x1(
                dir.resolve(ModelPackage.ONNX_FILE),
                "image",
                "logits",
                batch,
                spatial,
                new float[][] {{0}, {1}, {2}},
                new float[] {0, -1, -3});
        ModelManifest m = manifest(dim, patch, ModelPackage.sha256(dir.resolve(ModelPackage.ONNX_FILE)));
        m.write(dir.resolve(ModelManifest.FILE_NAME));
        return ModelPackage.load(dir);
    }

    static ModelManifest manifest(Dimensionality dim, List<Integer> patch, String sha) {
        return new ModelManifest(
                "threshold",
                "1.0.0",
                sha,
                dim,
                "image",
                "logits",
                List.of(new InputChannel(SeriesContrast.T2, Normalization.none())),
                new ModelManifest.Spacing(1, 1, 1),
                patch,
                List.of(
                        new LabelDefinition(LOW, "low", StructureKind.OTHER, Laterality.NONE, Optional.empty()),
                        new LabelDefinition(HIGH, "high", StructureKind.OTHER, Laterality.NONE, Optional.empty())));
    }

    /** An axis-aligned LPS grid with 1 mm spacing. */
    static Grid grid(int nx, int ny, int nz) {
        return new Grid(
                nx,
                ny,
                nz,
                Affine.fromAxes(
                        new double[] {-20, 13, 400}, new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {
                            0, 0, 1
                        }));
    }
}
