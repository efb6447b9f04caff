package org.myoscreen.inference;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.myoscreen.inference.internal.ManifestJson;

/**
 * What {@code model.json} says about a model: identity, checksum, tensors, geometry, normalisation
 * and labels. Immutable; validated at creation ({@link IllegalArgumentException} naming the field).
 *
 * <p>Geometry convention: the segmenter resamples every study onto a grid whose axes are the
 * patient axes (LPS: i → +x patient left, j → +y posterior, k → +z superior) at
 * {@code targetSpacingMm}. A 2D model gets axial slices {@code [N, C, y, x]} (N = slices in a
 * batch), a 3D model patches {@code [N, C, z, y, x]}; {@code patchSize} lists the spatial sizes in
 * that order (2D: {@code [y, x]}, 3D: {@code [z, y, x]}). The output has the same spatial shape
 * with {@code labels.size() + 1} channels of logits or probabilities (channel 0 background,
 * channel c ↔ the c-th label definition, in order).
 *
 * @param name model name
 * @param version model version (recorded in outputs)
 * @param onnxSha256 lower-case hex SHA-256 of {@code model.onnx}
 * @param dimensionality 2D or 3D
 * @param inputName name of the ONNX graph input
 * @param outputName name of the ONNX graph output
 * @param channels input channels in tensor order
 * @param targetSpacingMm model grid spacing in mm along x, y, z; for 2D, z = 0 keeps the source's
 *     spacing along z
 * @param patchSize spatial window size, slowest first (2D: y, x; 3D: z, y, x)
 * @param labels output labels in output channel order 1..n
 */
public record ModelManifest(
        String name,
        String version,
        String onnxSha256,
        Dimensionality dimensionality,
        String inputName,
        String outputName,
        List<InputChannel> channels,
        Spacing targetSpacingMm,
        List<Integer> patchSize,
        List<LabelDefinition> labels) {

    /** File name of the manifest inside a package. */
    public static final String FILE_NAME = "model.json";

    /**
     * Spacing in mm along the patient axes.
     *
     * @param x along +x (patient left)
     * @param y along +y (posterior)
     * @param z along +z (superior); 0 for "keep the source's" (2D only)
     */
    public record Spacing(double x, double y, double z) {
        /** Validates positive in-plane spacing and a non-negative z. */
        public Spacing {
            if (!(x > 0) || !(y > 0) || !(z >= 0) || !Double.isFinite(x + y + z)) {
                throw new IllegalArgumentException("targetSpacingMm must be positive: " + x + ", " + y + ", " + z);
            }
        }
    }

    /** Validates every field and the cross-field rules. */
    public ModelManifest {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(onnxSha256, "onnxSha256 is null");
        Objects.requireNonNull(dimensionality, "dimensionality is null");
        Objects.requireNonNull(inputName, "inputName is null");
        Objects.requireNonNull(outputName, "outputName is null");
        Objects.requireNonNull(targetSpacingMm, "targetSpacingMm is null");
        channels = List.copyOf(channels);
        patchSize = List.copyOf(patchSize);
        labels = List.copyOf(labels);
        if (name.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("name and version must not be blank");
        }
        if (!onnxSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("onnxSha256 must be 64 lower-case hex digits: '" + onnxSha256 + "'");
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels: at least one input channel is needed");
        }
        if (patchSize.size() != dimensionality.spatialDims()) {
            throw new IllegalArgumentException("patchSize: a " + dimensionality + " model needs "
                    + dimensionality.spatialDims() + " sizes, got " + patchSize);
        }
        for (int p : patchSize) {
            if (p < 1 || p > 4096) {
                throw new IllegalArgumentException("patchSize: sizes must be 1..4096, got " + patchSize);
            }
        }
        if (dimensionality == Dimensionality.THREE_D && targetSpacingMm.z() == 0) {
            throw new IllegalArgumentException("targetSpacingMm: a 3D model needs a z spacing");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("labels: at least one label is needed");
        }
        Set<Integer> values = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (LabelDefinition l : labels) {
            if (!values.add(l.value()) || !names.add(l.name())) {
                throw new IllegalArgumentException("labels: duplicate value or name at " + l.value() + " " + l.name());
            }
        }
    }

    /** Number of output channels (labels + background). */
    public int outputChannels() {
        return labels.size() + 1;
    }

    /** Reads {@code model.json}; {@link InferenceException} (MODEL_PACKAGE) naming the file and field. */
    public static ModelManifest read(Path file) {
        return ManifestJson.read(file);
    }

    /** Writes this manifest as pretty-printed JSON. */
    public void write(Path file) {
        ManifestJson.write(this, file);
    }

    /** This manifest with another checksum (after re-exporting the ONNX file). */
    public ModelManifest withOnnxSha256(String sha256) {
        return new ModelManifest(
                name,
                version,
                sha256,
                dimensionality,
                inputName,
                outputName,
                channels,
                targetSpacingMm,
                patchSize,
                labels);
    }
}
