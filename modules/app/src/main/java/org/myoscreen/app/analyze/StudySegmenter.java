package org.myoscreen.app.analyze;

import java.util.List;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Segmentation;
import org.myoscreen.inference.Segmenter;
import org.myoscreen.volume.Volume;

/**
 * What {@code analyze} needs from a segmentation model: its manifest (input channels, labels,
 * identity) and a segmentation of the channel volumes on the first channel's grid. The product
 * uses {@link #of(Segmenter)}; tests may supply another implementation.
 */
public interface StudySegmenter extends AutoCloseable {

    /** The model's manifest. */
    ModelManifest manifest();

    /**
     * Segments one study; {@code channels} follow the manifest's channel order, on one grid.
     *
     * @throws org.myoscreen.inference.InferenceException when the model cannot run on the input
     */
    Segmentation segment(List<Volume> channels);

    @Override
    void close();

    /** An ONNX Runtime segmenter (closed with this one). */
    static StudySegmenter of(Segmenter segmenter) {
        return new StudySegmenter() {
            @Override
            public ModelManifest manifest() {
                return segmenter.manifest();
            }

            @Override
            public Segmentation segment(List<Volume> channels) {
                return segmenter.segment(channels);
            }

            @Override
            public void close() {
                segmenter.close();
            }
        };
    }
}
