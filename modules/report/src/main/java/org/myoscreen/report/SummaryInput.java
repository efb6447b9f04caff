package org.myoscreen.report;

import java.util.List;
import java.util.Objects;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * What the summary images are drawn from.
 *
 * @param source the source images (study to join)
 * @param image the image volume shown under the overlay (LPS, same Frame of Reference)
 * @param labels the label map (any grid of the same Frame of Reference)
 * @param segments the segments drawn, with their colours
 * @param analysis the analysis result (levels for the key slices; values, z-scores, flags for the table)
 */
public record SummaryInput(
        SourceImages source, Volume image, LabelMap labels, List<Segment> segments, AnalysisResult analysis) {

    /** Validates and copies. */
    public SummaryInput {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(image, "image is null");
        Objects.requireNonNull(labels, "labels is null");
        segments = List.copyOf(segments);
        Objects.requireNonNull(analysis, "analysis is null");
    }
}
