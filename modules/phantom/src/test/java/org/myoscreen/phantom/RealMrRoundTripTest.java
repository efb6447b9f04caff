package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.Volume;

/** The real abdominal MR of shared/fixtures/totalsegmentator-mr through our DICOM writer and loader. */
class RealMrRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void realMrBecomesADicomSeriesAndComesBackVoxelForVoxelWithItsMuscleLabels() {
        Path fixtures = Fixtures.dir().resolve("totalsegmentator-mr");
        Volume mr = Nifti.read(fixtures.resolve("example_mr_sm.nii.gz"));
        LabelMap seg = Nifti.readLabels(fixtures.resolve("example_seg_mr.nii.gz"));
        MrSeriesWriter.Study study = new MrSeriesWriter.Study(
                new PatientInfo(Sex.F, 60, 70, 1.7),
                "FIXTURE^MR",
                "FX1",
                Uids.fromName("fixture-study"),
                Uids.fromName("fixture-for"),
                LocalDate.of(2025, 3, 1),
                LocalTime.NOON,
                "",
                "fixture");
        MrSeriesWriter.Series series = new MrSeriesWriter.Series(
                Uids.fromName("fixture-series"),
                1,
                "GRE tra",
                List.of("ORIGINAL", "PRIMARY", "M"),
                "*fl2d1",
                "GR",
                3,
                1,
                "ABDOMEN");
        for (TransferSyntax ts :
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
            Path out = dir.resolve(ts.explicitVr() ? "evr" : "ivr");
            List<Path> files = MrSeriesWriter.write(out, mr, study, series, ts);
            assertThat(files).hasSize(20);

            List<LoadedSeries> loaded = SeriesLoader.loadDirectory(out, LoadOptions.STRICT);
            assertThat(loaded).hasSize(1);
            Volume back = loaded.get(0).volume();
            assertThat(back.grid().dims()).containsExactly(117, 91, 20);
            assertThat(back.grid().affine().equalsWithin(mr.grid().affine(), 1e-4))
                    .isTrue();
            assertThat(back.voxels()).isEqualTo(mr.voxels());

            // The muscle labels land on the same voxels: resampling the label map onto the loaded grid
            // changes nothing, and the muscle still reads as muscle (dark) in the loaded image.
            LabelMap onLoaded = Resampler.nearest(seg, back.grid());
            assertThat(onLoaded.labels()).isEqualTo(seg.labels());
            for (int label : new int[] {46, 47, 48, 49}) {
                assertThat(meanInside(back, onLoaded, label))
                        .as("label %d", label)
                        .isEqualTo(meanInside(mr, seg, label))
                        .isLessThan(meanInside(mr, seg, 0) * 3);
            }
        }
    }

    private static double meanInside(Volume v, LabelMap l, int label) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < l.labels().length; i++) {
            if (l.labels()[i] == label) {
                sum += v.voxels()[i];
                n++;
            }
        }
        assertThat(n).isPositive();
        return sum / n;
    }
}
