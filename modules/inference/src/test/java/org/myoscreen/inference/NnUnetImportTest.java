package org.myoscreen.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NnUnetImportTest {

    @TempDir
    Path dir;

    private final Path plans = Path.of("src/test/resources/nnunet/plans.json");
    private final Path dataset = Path.of("src/test/resources/nnunet/dataset.json");

    private Path onnx() throws Exception {
        Path f = dir.resolve("model.onnx");
        Files.write(f, new byte[] {1, 2, 3});
        return f;
    }

    private static NnUnetImport.Request request(String configuration) {
        return new NnUnetImport.Request(
                configuration,
                "paraspinal-nnunet",
                "0.3",
                "input",
                "logits",
                List.of(SeriesContrast.DIXON_WATER, SeriesContrast.DIXON_FAT));
    }

    @Test
    void importsThe3dFullresConfiguration() throws Exception {
        ModelManifest m = NnUnetImport.manifest(plans, dataset, onnx(), request("3d_fullres"));
        assertThat(m.dimensionality()).isEqualTo(Dimensionality.THREE_D);
        assertThat(m.targetSpacingMm()).isEqualTo(new ModelManifest.Spacing(1.5625, 1.5625, 6.0));
        assertThat(m.patchSize()).containsExactly(40, 192, 160);
        assertThat(m.channels())
                .containsExactly(
                        new InputChannel(SeriesContrast.DIXON_WATER, Normalization.zscore()),
                        new InputChannel(SeriesContrast.DIXON_FAT, Normalization.fixedRange(5.0, 620.0, 150.0, 140.0)));
        assertThat(m.labels()).extracting(LabelDefinition::value).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(m.labels())
                .extracting(LabelDefinition::structure)
                .containsExactly(
                        StructureKind.PARASPINAL,
                        StructureKind.PARASPINAL,
                        StructureKind.PSOAS,
                        StructureKind.PSOAS,
                        StructureKind.VERTEBRA,
                        StructureKind.DISC);
        assertThat(m.labels())
                .extracting(LabelDefinition::laterality)
                .containsExactly(
                        Laterality.LEFT,
                        Laterality.RIGHT,
                        Laterality.LEFT,
                        Laterality.RIGHT,
                        Laterality.NONE,
                        Laterality.NONE);
        assertThat(m.onnxSha256()).isEqualTo(ModelPackage.sha256(onnx()));
    }

    @Test
    void importsThe2dConfigurationKeepingTheSourceSliceSpacing() throws Exception {
        ModelManifest m = NnUnetImport.manifest(plans, dataset, onnx(), request("2d"));
        assertThat(m.dimensionality()).isEqualTo(Dimensionality.TWO_D);
        assertThat(m.targetSpacingMm()).isEqualTo(new ModelManifest.Spacing(1.5625, 1.5625, 0));
        assertThat(m.patchSize()).containsExactly(320, 256);
    }

    @Test
    void anUnknownConfigurationListsTheKnownOnes() throws Exception {
        Path f = onnx();
        assertThatThrownBy(() -> NnUnetImport.manifest(plans, dataset, f, request("3d_lowres")))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("[2d, 3d_fullres]");
    }

    @Test
    void theContrastCountMustMatchTheChannels() throws Exception {
        Path f = onnx();
        NnUnetImport.Request one =
                new NnUnetImport.Request("2d", "x", "1", "input", "logits", List.of(SeriesContrast.T2));
        assertThatThrownBy(() -> NnUnetImport.manifest(plans, dataset, f, one))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("the plans have 2 channel(s)");
    }
}
