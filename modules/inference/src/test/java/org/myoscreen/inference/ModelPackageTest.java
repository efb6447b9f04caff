package org.myoscreen.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {

    @TempDir
    Path dir;

    @Test
    void loadsAGoodPackageAndOpensASession() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        assertThat(pkg.manifest().name()).isEqualTo("threshold");
        assertThat(pkg.manifest().outputChannels()).isEqualTo(3);
        try (Segmenter s = Segmenter.open(pkg, SegmenterConfig.defaults())) {
            assertThat(s.device()).isEqualTo(Device.CPU);
        }
    }

    @Test
    void manifestRoundTripsThroughJson() throws Exception {
        ModelManifest m = new ModelManifest(
                "ref",
                "2.1",
                "0".repeat(64),
                Dimensionality.THREE_D,
                "in",
                "out",
                List.of(
                        new InputChannel(SeriesContrast.DIXON_WATER, Normalization.percentileClip(0.5, 99.5)),
                        new InputChannel(SeriesContrast.DIXON_FAT, Normalization.fixedRange(-5, 900, 200, 150))),
                new ModelManifest.Spacing(1.5, 1.5, 3),
                List.of(32, 64, 64),
                List.of(
                        new LabelDefinition(
                                1,
                                "paraspinal_left",
                                StructureKind.PARASPINAL,
                                Laterality.LEFT,
                                Optional.of(new SnomedCode("44947003", "Erector spinae muscle"))),
                        new LabelDefinition(2, "disc", StructureKind.DISC, Laterality.NONE, Optional.empty())));
        Path f = dir.resolve("model.json");
        m.write(f);
        assertThat(ModelManifest.read(f)).isEqualTo(m);
    }

    @Test
    void aChangedOnnxFileFailsTheChecksumNamingBothValues() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        String expected = pkg.manifest().onnxSha256();
        byte[] onnx = Files.readAllBytes(pkg.onnxFile());
        onnx[onnx.length - 1] ^= 1;
        Files.write(pkg.onnxFile(), onnx);
        assertThatThrownBy(() -> ModelPackage.load(dir))
                .isInstanceOfSatisfying(
                        InferenceException.class,
                        e -> assertThat(e.category()).isEqualTo(InferenceException.Category.MODEL_PACKAGE))
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining(expected)
                .hasMessageContaining(ModelPackage.sha256(pkg.onnxFile()));
    }

    @Test
    void aMissingFileIsAPackageError() {
        assertThatThrownBy(() -> ModelPackage.load(dir))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("model.json")
                .hasMessageContaining("model.onnx");
    }

    @Test
    void aManifestWithAnUnknownEnumNamesTheField() throws Exception {
        TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        Path json = dir.resolve(ModelManifest.FILE_NAME);
        Files.writeString(json, Files.readString(json).replace("\"OTHER\"", "\"LIVER\""));
        assertThatThrownBy(() -> ModelPackage.load(dir))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("StructureKind 'LIVER'");
    }

    @Test
    void moreInputChannelsInTheManifestThanInTheGraphIsAMismatch() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        ModelManifest m = pkg.manifest();
        ModelManifest twoChannels = new ModelManifest(
                m.name(),
                m.version(),
                m.onnxSha256(),
                m.dimensionality(),
                m.inputName(),
                m.outputName(),
                List.of(
                        new InputChannel(SeriesContrast.DIXON_WATER, Normalization.zscore()),
                        new InputChannel(SeriesContrast.DIXON_FAT, Normalization.zscore())),
                m.targetSpacingMm(),
                m.patchSize(),
                m.labels());
        assertMismatch(
                new ModelPackage(dir, twoChannels),
                "manifest says input 'image' has shape [?, 2, 16, 12]",
                "ONNX has [?, 1, 16, 12]");
    }

    @Test
    void fewerLabelsThanOutputChannelsIsAMismatch() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        ModelManifest m = pkg.manifest();
        ModelManifest oneLabel = new ModelManifest(
                m.name(),
                m.version(),
                m.onnxSha256(),
                m.dimensionality(),
                m.inputName(),
                m.outputName(),
                m.channels(),
                m.targetSpacingMm(),
                m.patchSize(),
                m.labels().subList(0, 1));
        assertMismatch(
                new ModelPackage(dir, oneLabel),
                "manifest says output 'logits' has shape [?, 2, 16, 12]",
                "ONNX has [?, 3, 16, 12]");
    }

    @Test
    void aWrongPatchSizeOrRankIsAMismatch() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        ModelManifest m = pkg.manifest();
        ModelManifest patch = new ModelManifest(
                m.name(),
                m.version(),
                m.onnxSha256(),
                m.dimensionality(),
                m.inputName(),
                m.outputName(),
                m.channels(),
                m.targetSpacingMm(),
                List.of(16, 16),
                m.labels());
        assertMismatch(new ModelPackage(dir, patch), "[?, 1, 16, 16]", "ONNX has [?, 1, 16, 12]");
        ModelManifest threeD = new ModelManifest(
                m.name(),
                m.version(),
                m.onnxSha256(),
                Dimensionality.THREE_D,
                m.inputName(),
                m.outputName(),
                m.channels(),
                m.targetSpacingMm(),
                List.of(4, 16, 12),
                m.labels());
        assertMismatch(new ModelPackage(dir, threeD), "[?, 1, 4, 16, 12]", "ONNX has [?, 1, 16, 12]");
    }

    @Test
    void aWrongInputNameIsAMismatchListingTheGraphsNames() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        ModelManifest m = pkg.manifest();
        ModelManifest renamed = new ModelManifest(
                m.name(),
                m.version(),
                m.onnxSha256(),
                m.dimensionality(),
                "input",
                m.outputName(),
                m.channels(),
                m.targetSpacingMm(),
                m.patchSize(),
                m.labels());
        assertMismatch(new ModelPackage(dir, renamed), "manifest says input 'input'", "ONNX has inputs [image]");
    }

    private static void assertMismatch(ModelPackage pkg, String says, String has) {
        assertThatThrownBy(() -> Segmenter.open(pkg, SegmenterConfig.defaults()))
                .isInstanceOfSatisfying(
                        InferenceException.class,
                        e -> assertThat(e.category()).isEqualTo(InferenceException.Category.MODEL_MISMATCH))
                .hasMessageContaining(says)
                .hasMessageContaining(has);
    }
}
