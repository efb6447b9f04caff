package org.myoscreen.volume;

import java.util.List;
import java.util.Objects;
import org.myoscreen.dicom.Attributes;

/**
 * One series (or one image type within a series) as a volume, with the identifying header values.
 *
 * @param seriesInstanceUid Series Instance UID (0020,000E)
 * @param frameOfReferenceUid Frame of Reference UID (0020,0052), empty when absent
 * @param seriesDescription Series Description (0008,103E), empty when absent
 * @param imageType Image Type (0008,0008) values
 * @param frames number of slices read (instances or frames)
 * @param volume the voxels in patient space, k along the slice normal (row x column)
 * @param header the first instance's dataset without Pixel Data (a copy; mutable, do not share
 *     across threads)
 */
public record LoadedSeries(
        String seriesInstanceUid,
        String frameOfReferenceUid,
        String seriesDescription,
        List<String> imageType,
        int frames,
        Volume volume,
        Attributes header) {

    /** Validates non-null values and copies the image type. */
    public LoadedSeries {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid is null");
        Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid is null");
        Objects.requireNonNull(seriesDescription, "seriesDescription is null");
        imageType = List.copyOf(imageType);
        Objects.requireNonNull(volume, "volume is null");
        Objects.requireNonNull(header, "header is null");
    }

    /** True when an Image Type value (from the third on) names {@code value}, e.g. WATER or FAT. */
    public boolean hasImageType(String value) {
        for (int i = 2; i < imageType.size(); i++) {
            if (imageType.get(i).equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }
}
