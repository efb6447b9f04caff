package org.myoscreen.phantom;

import java.util.List;
import java.util.Objects;
import org.myoscreen.volume.LabelMap;

/**
 * A generated phantom study in memory: the series (per station and contrast), the exact tissue
 * label map and vertebral level map on the grid covering all stations, and the truth computed
 * from them.
 *
 * @param options what was asked for
 * @param patient the drawn or given patient
 * @param series all series, stations most superior first, contrasts in enum order
 * @param labels tissue labels ({@link TissueLabel} values)
 * @param levels level map ({@link VertebralLevel} codes)
 * @param truth ground truth
 * @param sliceThicknessMm slice thickness (= spacing between slices)
 * @param overlapSlices slices shared by neighbouring stations (0 for one station)
 */
public record PhantomStudy(
        PhantomOptions options,
        PatientInfo patient,
        List<PhantomSeries> series,
        LabelMap labels,
        LabelMap levels,
        Truth truth,
        double sliceThicknessMm,
        int overlapSlices) {

    /** Copies the series list. */
    public PhantomStudy {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(patient, "patient is null");
        series = List.copyOf(series);
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(levels, "levels is null");
        Objects.requireNonNull(truth, "truth is null");
    }

    /** The series of one contrast, stations in order. */
    public List<PhantomSeries> seriesOf(Contrast contrast) {
        return series.stream().filter(s -> s.contrast() == contrast).toList();
    }
}
