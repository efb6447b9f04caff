package org.myoscreen.report;

import java.util.List;
import java.util.Objects;
import org.myoscreen.volume.LabelMap;

/**
 * What a segmentation is made from: the source images, the label map on their pixels and the
 * segments to write.
 *
 * @param source the source images (geometry and references)
 * @param planes one label plane per source image (same order), {@code rows * columns} values each,
 *     column index fastest; see {@link SourceImages#sample(LabelMap)}
 * @param segments the segments, numbered 1..n
 * @param keepEmptyFrames true to write a frame for every (segment, source image), also where the
 *     segment has no pixel; by default (false) such frames are left out
 */
public record SegmentationInput(
        SourceImages source, short[][] planes, List<Segment> segments, boolean keepEmptyFrames) {

    /** Validates that there is one plane of the right size per source image and unique segment numbers. */
    public SegmentationInput {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(planes, "planes is null");
        segments = List.copyOf(segments);
        if (planes.length != source.images().size()) {
            throw new IllegalArgumentException(
                    planes.length + " label planes for " + source.images().size() + " source images");
        }
        int size = source.rows() * source.columns();
        for (short[] plane : planes) {
            if (plane.length != size) {
                throw new IllegalArgumentException("label plane of " + plane.length + " values, expected " + size);
            }
        }
        if (segments.stream().map(Segment::number).distinct().count() != segments.size()) {
            throw new IllegalArgumentException("segment numbers are not unique");
        }
    }

    /** The input for a label map on any grid of the source's Frame of Reference, sampled on the source pixels. */
    public static SegmentationInput of(SourceImages source, LabelMap labels, List<Segment> segments) {
        return new SegmentationInput(source, source.sample(labels), segments, false);
    }

    /** A copy that keeps (or leaves out) empty frames. */
    public SegmentationInput withKeepEmptyFrames(boolean keep) {
        return new SegmentationInput(source, planes, segments, keep);
    }
}
