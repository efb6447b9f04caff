package org.myoscreen.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.analysis.testing.PhantomStructures;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Orientation;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;

/** Small phantom studies written to disk, read back as source datasets. */
final class Fixtures {

    static final ReportContext CONTEXT = new ReportContext(
            "job-1", "myoscreen-phantom-model", "0.1.0", "myoscreen", LocalDateTime.of(2026, 1, 2, 3, 4, 5));

    private Fixtures() {}

    /** A generated and written phantom and its source datasets (without pixel data). */
    record Written(PhantomStudy study, List<Attributes> datasets) {}

    static Written write(Path dir, Orientation orientation, int stations) {
        return write(dir, orientation, stations, EnumSet.of(Contrast.T2_HASTE));
    }

    /** Writes a phantom with the given contrasts; the datasets are those of the first contrast. */
    static Written write(Path dir, Orientation orientation, int stations, EnumSet<Contrast> contrasts) {
        PhantomOptions options = PhantomOptions.builder()
                .seed(7)
                .matrix(64)
                .spacingMm(7)
                .sliceThicknessMm(10)
                .stations(stations)
                .orientation(orientation)
                .contrasts(contrasts)
                .build();
        PhantomStudy study = Phantom.generate(options);
        PhantomWriter.write(study, dir);
        List<Attributes> datasets = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                Attributes ds = Part10Reader.readUntilPixelData(f).dataset();
                if (ds.getStrings(org.myoscreen.dicom.Tag.ImageType)
                        .containsAll(contrasts.iterator().next().imageType())) {
                    datasets.add(ds);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Written(study, datasets);
    }

    /** The T2 image volume: the stations composed on the label map's grid. */
    static org.myoscreen.volume.Volume image(PhantomStudy study) {
        List<org.myoscreen.volume.Volume> stations = study.seriesOf(Contrast.T2_HASTE).stream()
                .map(org.myoscreen.phantom.PhantomSeries::volume)
                .toList();
        return stations.size() == 1 ? stations.get(0) : org.myoscreen.volume.StationComposer.compose("T2", stations);
    }

    /** The phantom's TissueLabel convention with IMAT labelled. */
    static StructureMap structures() {
        return PhantomStructures.withImatLabels();
    }

    /** The world-coordinate centre (mm) of the voxels a segment covers in a label map. */
    static double[] centroid(LabelMap labels, Segment s) {
        Grid g = labels.grid();
        double[] sum = new double[3];
        long n = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (s.covers(labels.get(i, j, k))) {
                        double[] p = g.worldOf(i, j, k);
                        sum[0] += p[0];
                        sum[1] += p[1];
                        sum[2] += p[2];
                        n++;
                    }
                }
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
}
