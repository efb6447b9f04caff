package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.Volume;
import org.myoscreen.volume.VolumeException;

class PhantomWriterTest {

    @TempDir
    Path dir;

    private static PhantomOptions.Builder small() {
        return PhantomOptions.builder()
                .seed(11)
                .sex(Sex.F)
                .ageYears(61)
                .weightKg(72.5)
                .heightM(1.64)
                .imatPercent(9)
                .matrix(40)
                .spacingMm(10)
                .sliceThicknessMm(10);
    }

    @Test
    void writesOneMrSeriesPerStationAndContrastWithARealisticHeader() throws Exception {
        PhantomOptions options = small().stations(2)
                .dixon(true)
                .transferSyntax(PhantomOptions.TransferSyntaxChoice.IMPLICIT)
                .build();
        PhantomSummary summary = PhantomWriter.write(options, dir);
        assertThat(summary.series()).hasSize(2 * 5);
        assertThat(summary.truth().fatFractionPercent().getAsDouble()).isBetween(2.0, 40.0);
        assertThat(summary.truthJson()).exists();
        assertThat(summary.labels()).exists();
        assertThat(summary.levels()).exists();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(summary.fileCount());
        }
        PhantomSummary.WrittenSeries water = summary.series().stream()
                .filter(s -> s.contrast() == Contrast.DIXON_WATER && s.station() == 1)
                .findFirst()
                .orElseThrow();
        DicomFile f = Part10Reader.read(water.files().get(0));
        Attributes ds = f.dataset();
        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.getString(Tag.SOPClassUID)).contains(Uids.MR_IMAGE_STORAGE);
        assertThat(ds.getStrings(Tag.ImageType)).containsExactly("DERIVED", "PRIMARY", "DIXON", "WATER");
        assertThat(ds.getString(Tag.StudyInstanceUID)).contains(summary.studyInstanceUid());
        assertThat(ds.getString(Tag.FrameOfReferenceUID)).contains(summary.frameOfReferenceUid());
        assertThat(ds.getString(Tag.SeriesInstanceUID)).contains(water.seriesInstanceUid());
        assertThat(ds.getString(Tag.PatientSex)).contains("F");
        assertThat(ds.getString(Tag.PatientAge)).contains("061Y");
        assertThat(ds.getDouble(Tag.PatientWeight, 0)).isEqualTo(72.5);
        assertThat(ds.getDouble(Tag.PatientSize, 0)).isEqualTo(1.64);
        assertThat(ds.getString(Tag.BodyPartExamined)).contains("WHOLEBODY");
        assertThat(ds.getString(Tag.SequenceName)).isPresent();
        assertThat(ds.getString(Tag.SeriesDescription)).contains("DIXON W tra S2");
        assertThat(ds.getInt(Tag.ImagesInAcquisition, 0))
                .isEqualTo(water.files().size());
        assertThat(ds.getDoubles(Tag.PixelSpacing)).containsExactly(10, 10);
        assertThat(ds.getDouble(Tag.SliceThickness, 0)).isEqualTo(10);
        assertThat(ds.getDoubles(Tag.ImageOrientationPatient)).containsExactly(1, 0, 0, 0, 1, 0);
        assertThat(ds.getDoubles(Tag.ImagePositionPatient)).hasSize(3);

        // Dixon water and fat pair voxel by voxel; IMAT reads as fat, lean muscle as water.
        List<LoadedSeries> loaded = SeriesLoader.loadDirectory(dir, LoadOptions.STRICT);
        assertThat(loaded).hasSize(10);
        List<DixonPair> pairs = DixonPair.pairSeries(loaded);
        assertThat(pairs).hasSize(2);
        LabelMap labels = Nifti.readLabels(summary.labels());
        for (DixonPair pair : pairs) {
            Volume ff = pair.fatFractionPercent(50);
            LabelMap l = org.myoscreen.volume.Resampler.nearest(labels, ff.grid());
            assertThat(mean(ff, l, TissueLabel.SUBCUTANEOUS_FAT.value())).isGreaterThan(70);
            assertThat(mean(ff, l, TissueLabel.PARASPINAL_LEAN_LEFT.value())).isLessThan(30);
        }
    }

    @Test
    void truthJsonCarriesTheResultKeysAndSameOptionsGiveTheSameStudy() throws Exception {
        PhantomOptions options = small().stations(1).build();
        PhantomSummary a = PhantomWriter.write(options, dir.resolve("a"));
        PhantomSummary b = PhantomWriter.write(options, dir.resolve("b"));
        assertThat(a.studyInstanceUid()).isEqualTo(b.studyInstanceUid());
        String json = Files.readString(a.truthJson());
        assertThat(json).isEqualTo(Files.readString(b.truthJson()));
        for (String key : List.of(
                "\"study_instance_uid\"",
                "\"source_series_instance_uids\"",
                "\"patient\"",
                "\"sex\": \"F\"",
                "\"age_years\": 61",
                "\"weight_kg\": 72.5",
                "\"height_m\": 1.64",
                "\"bmi\": 27.0",
                "\"coverage\"",
                "\"z_min_mm\"",
                "\"z_max_mm\"",
                "\"levels\": [",
                "\"L3\"",
                "\"measurements\"",
                "\"lmm_volume_cm3\"",
                "\"imat_volume_cm3\"",
                "\"imat_percent\"",
                "\"lmm_index_cm3_per_bmi\"",
                "\"left\"",
                "\"right\"",
                "\"psoas_area_l3_cm2\"",
                "\"pmi_cm2_per_m2\"",
                "\"fat_fraction_percent\": null")) {
            assertThat(json).contains(key);
        }
        Truth t = a.truth();
        assertThat(t.imatPercent()).isCloseTo(9, within(4.0));
        assertThat(t.lmmIndexCm3PerBmi()).isCloseTo(t.lmmVolumeCm3() / (72.5 / (1.64 * 1.64)), within(1e-9));
        assertThat(t.left().lmmVolumeCm3() + t.right().lmmVolumeCm3()).isCloseTo(t.lmmVolumeCm3(), within(1e-9));
        // The whole-compartment volumes are the label map's voxel counts; the headline ones (L1–L5) a part of them.
        LabelMap labels = Nifti.readLabels(a.labels());
        double cm3 = labels.grid().voxelVolumeMm3() / 1000;
        assertThat(t.wholeImatVolumeCm3())
                .isCloseTo(
                        (labels.count(TissueLabel.IMAT_LEFT.value()) + labels.count(TissueLabel.IMAT_RIGHT.value()))
                                * cm3,
                        within(1e-6));
        assertThat(t.wholeLmmVolumeCm3())
                .isCloseTo(
                        (labels.count(TissueLabel.PARASPINAL_LEAN_LEFT.value())
                                        + labels.count(TissueLabel.PARASPINAL_LEAN_RIGHT.value()))
                                * cm3,
                        within(1e-6));
        assertThat(t.levelRange()).isEqualTo("L1-L5");
        assertThat(t.right().lmmVolumeCm3())
                .isPositive()
                .isLessThan(labels.count(TissueLabel.PARASPINAL_LEAN_RIGHT.value()) * cm3);
        assertThat(json).contains("\"level_range\": \"L1-L5\"", "\"whole_compartment\"");
    }

    @Test
    void aMissingFileOfAWrittenSeriesIsAGapNamingTheSeriesAndThePosition() throws Exception {
        PhantomSummary summary = PhantomWriter.write(small().stations(1).build(), dir);
        PhantomSummary.WrittenSeries series = summary.series().get(0);
        Path removed = series.files().get(series.files().size() / 2);
        double[] position = Part10Reader.read(removed).dataset().getDoubles(Tag.ImagePositionPatient);
        Files.delete(removed);
        assertThatThrownBy(() -> SeriesLoader.loadDirectory(dir, LoadOptions.STRICT))
                .isInstanceOf(VolumeException.class)
                .hasMessageContaining(series.seriesInstanceUid())
                .hasMessageContaining("gap")
                .hasMessageContaining(String.format(java.util.Locale.ROOT, "%.4f", position[2]));
    }

    @Test
    void leftIsThePatientsLeftInPatientCoordinates() {
        PhantomStudy study = Phantom.generate(small().stations(1).build());
        LabelMap l = study.labels();
        double leftX = 0;
        double rightX = 0;
        long nl = 0;
        long nr = 0;
        for (int k = 0; k < l.grid().nz(); k++) {
            for (int j = 0; j < l.grid().ny(); j++) {
                for (int i = 0; i < l.grid().nx(); i++) {
                    int v = l.get(i, j, k);
                    double x = l.grid().worldOf(i, j, k)[0];
                    if (v == TissueLabel.PARASPINAL_LEAN_LEFT.value() || v == TissueLabel.PSOAS_LEFT.value()) {
                        leftX += x;
                        nl++;
                    } else if (v == TissueLabel.PARASPINAL_LEAN_RIGHT.value() || v == TissueLabel.PSOAS_RIGHT.value()) {
                        rightX += x;
                        nr++;
                    }
                }
            }
        }
        // DICOM LPS: +x points to the patient's left.
        assertThat(leftX / nl).isGreaterThan(10);
        assertThat(rightX / nr).isLessThan(-10);
    }

    private static double mean(Volume v, LabelMap l, int label) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < l.labels().length; i++) {
            if (l.labels()[i] == label) {
                sum += v.voxels()[i];
                n++;
            }
        }
        assertThat(n).as("voxels of label %d", label).isPositive();
        return sum / n;
    }
}
