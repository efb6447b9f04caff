package org.myoscreen.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.myoscreen.volume.Sha256;

/**
 * A model package: a folder with {@code model.onnx} and {@code model.json}. {@link #load} reads
 * the manifest and verifies the ONNX file's SHA-256; the graph's inputs and outputs are checked
 * against the manifest when a {@link Segmenter} opens the package. Immutable, thread-safe.
 *
 * @param directory the package folder
 * @param manifest the verified manifest
 */
public record ModelPackage(Path directory, ModelManifest manifest) {

    /** File name of the network inside a package. */
    public static final String ONNX_FILE = "model.onnx";

    /** Checks for nulls. */
    public ModelPackage {
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(manifest, "manifest is null");
    }

    /** The ONNX file. */
    public Path onnxFile() {
        return directory.resolve(ONNX_FILE);
    }

    /**
     * Loads and verifies a package.
     *
     * @throws InferenceException (MODEL_PACKAGE) when a file is missing or unreadable, the manifest
     *     is invalid, or the checksum differs (naming both values)
     */
    public static ModelPackage load(Path directory) {
        Path json = directory.resolve(ModelManifest.FILE_NAME);
        Path onnx = directory.resolve(ONNX_FILE);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(onnx)) {
            throw new InferenceException(
                    InferenceException.Category.MODEL_PACKAGE,
                    directory + ": a model package needs " + ModelManifest.FILE_NAME + " and " + ONNX_FILE);
        }
        ModelManifest manifest = ModelManifest.read(json);
        String actual = sha256(onnx);
        if (!actual.equals(manifest.onnxSha256())) {
            throw new InferenceException(
                    InferenceException.Category.MODEL_PACKAGE,
                    directory + ": checksum mismatch: "
                            + ModelManifest.FILE_NAME + " says onnxSha256 " + manifest.onnxSha256() + ", " + ONNX_FILE
                            + " has "
                            + actual);
        }
        return new ModelPackage(directory, manifest);
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new InferenceException(
                    InferenceException.Category.MODEL_PACKAGE, file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
