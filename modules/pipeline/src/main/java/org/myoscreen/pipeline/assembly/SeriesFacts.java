package org.myoscreen.pipeline.assembly;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.Orientation;

/**
 * What routing rules look at in a series. Immutable.
 *
 * @param modality (0008,0060), "" when absent
 * @param sopClassUid (0008,0016) of the series' first instance
 * @param seriesDescription (0008,103E)
 * @param imageTypeValues union of the Image Type (0008,0008) values over the series' instances, in first-seen order
 * @param orientation acquisition plane
 * @param bodyPartExamined (0018,0015)
 * @param callingAeTitle the AE title that sent the series, "" when unknown
 */
public record SeriesFacts(
        String modality,
        String sopClassUid,
        Optional<String> seriesDescription,
        List<String> imageTypeValues,
        Orientation orientation,
        Optional<String> bodyPartExamined,
        String callingAeTitle) {

    /**
     * Checks for nulls and copies the list.
     *
     * @param modality (0008,0060), "" when absent
     * @param sopClassUid (0008,0016) of the series' first instance
     * @param seriesDescription (0008,103E)
     * @param imageTypeValues union of the Image Type (0008,0008) values over the series' instances, in first-seen
     *     order
     * @param orientation acquisition plane
     * @param bodyPartExamined (0018,0015)
     * @param callingAeTitle the AE title that sent the series, "" when unknown
     */
    public SeriesFacts {
        Objects.requireNonNull(modality, "modality is null");
        Objects.requireNonNull(sopClassUid, "sopClassUid is null");
        Objects.requireNonNull(seriesDescription, "seriesDescription is null");
        imageTypeValues = List.copyOf(imageTypeValues);
        Objects.requireNonNull(orientation, "orientation is null");
        Objects.requireNonNull(bodyPartExamined, "bodyPartExamined is null");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
    }

    /**
     * The facts of a series known only by one instance.
     *
     * @param h the instance header
     * @return the facts
     */
    public static SeriesFacts of(InstanceHeader h) {
        return new SeriesFacts(
                h.modality(),
                h.sopClassUid(),
                h.seriesDescription(),
                h.imageType(),
                h.orientation(),
                h.bodyPartExamined(),
                h.callingAeTitle());
    }
}
