package org.myoscreen.app.analyze;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.myoscreen.inference.Device;
import org.myoscreen.inference.Dimensionality;
import org.myoscreen.inference.InputChannel;
import org.myoscreen.inference.LabelDefinition;
import org.myoscreen.inference.Laterality;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Normalization;
import org.myoscreen.inference.Segmentation;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.inference.StructureKind;
import org.myoscreen.phantom.testing.ReferenceModelLabels;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.Volume;

/**
 * A hand-written fake model that "segments" a phantom study with its exact label map
 * ({@code labels.nii.gz}), resampled (nearest) onto the input grid and renumbered to a reference-model
 * convention: paraspinal compartment (lean and IMAT together, so the analysis splits them from the
 * image) left 1 / right 2, psoas left 3 / right 4, vertebral body 5, disc 6, subcutaneous fat 7.
 * Measures what the wiring (composition, facts, analysis, outputs) does with a perfect segmentation.
 */
public final class TruthSegmenter implements StudySegmenter {

    private final LabelMap truth;
    private final ModelManifest manifest;

    public TruthSegmenter(Path labelsNifti) {
        this.truth = Nifti.readLabels(labelsNifti);
        this.manifest = new ModelManifest(
                "phantom-truth",
                "1.0.0-test",
                "0".repeat(64),
                Dimensionality.TWO_D,
                "image",
                "logits",
                List.of(new InputChannel(SeriesContrast.T2, Normalization.none())),
                new ModelManifest.Spacing(1, 1, 0),
                List.of(64, 64),
                List.of(
                        label(1, "paraspinal_left", StructureKind.PARASPINAL, Laterality.LEFT),
                        label(2, "paraspinal_right", StructureKind.PARASPINAL, Laterality.RIGHT),
                        label(3, "psoas_left", StructureKind.PSOAS, Laterality.LEFT),
                        label(4, "psoas_right", StructureKind.PSOAS, Laterality.RIGHT),
                        label(5, "vertebral_body", StructureKind.VERTEBRA, Laterality.NONE),
                        label(6, "intervertebral_disc", StructureKind.DISC, Laterality.NONE),
                        label(7, "subcutaneous_fat", StructureKind.OTHER, Laterality.NONE)));
    }

    private static LabelDefinition label(int value, String name, StructureKind kind, Laterality side) {
        return new LabelDefinition(value, name, kind, side, Optional.empty());
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public Segmentation segment(List<Volume> channels) {
        LabelMap onGrid = Resampler.nearest(truth, channels.get(0).grid());
        short[] in = onGrid.labels();
        short[] out = new short[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = ReferenceModelLabels.of(in[i]);
        }
        return new Segmentation(
                new LabelMap(onGrid.grid(), out),
                Optional.empty(),
                new Segmentation.Timings(0, 0, 0, 0, 0, 0),
                Device.CPU);
    }

    @Override
    public void close() {}
}
