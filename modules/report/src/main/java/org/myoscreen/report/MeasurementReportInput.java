package org.myoscreen.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.volume.LabelMap;

/**
 * What a TID 1500 Measurement Report is made from.
 *
 * @param source the source images (study, series and instances for the evidence)
 * @param segmentation the SEG the measurement groups reference
 * @param analysis the analysis result (measurements, z-scores, risk flags, QC)
 * @param segmentVolumesCm3 volume of each written segment (by Segment Number), cm³
 */
public record MeasurementReportInput(
        SourceImages source,
        Segmentation segmentation,
        AnalysisResult analysis,
        Map<Integer, Double> segmentVolumesCm3) {

    /** Validates and copies. */
    public MeasurementReportInput {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(segmentation, "segmentation is null");
        Objects.requireNonNull(analysis, "analysis is null");
        segmentVolumesCm3 = Map.copyOf(segmentVolumesCm3);
    }

    /**
     * The volume of each segment from a label map: voxel count of its label values times the voxel
     * volume, in cm³.
     */
    public static Map<Integer, Double> segmentVolumes(LabelMap labels, List<Segment> segments) {
        double voxelCm3 = labels.grid().voxelVolumeMm3() / 1000.0;
        Map<Integer, Double> volumes = new java.util.HashMap<>();
        for (Segment s : segments) {
            long n = 0;
            for (int v : s.labelValues()) {
                n += labels.count(v);
            }
            volumes.put(s.number(), n * voxelCm3);
        }
        return volumes;
    }
}
