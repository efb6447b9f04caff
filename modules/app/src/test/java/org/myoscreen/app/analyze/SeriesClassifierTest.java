package org.myoscreen.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.Sex;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.VR;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.Volume;

/** Series eligibility and header facts on hand-built headers. */
class SeriesClassifierTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
    private static final double[] CORONAL = {1, 0, 0, 0, 0, -1};

    private static LoadedSeries series(
            String modality,
            double[] iop,
            String description,
            List<String> imageType,
            String scanning,
            double echoTime) {
        Attributes h = new Attributes();
        h.setString(Tag.Modality, VR.CS, modality);
        h.setDouble(Tag.ImageOrientationPatient, VR.DS, iop);
        h.setString(Tag.SeriesDescription, VR.LO, description);
        h.setString(Tag.ImageType, VR.CS, imageType.toArray(String[]::new));
        h.setString(Tag.ScanningSequence, VR.CS, scanning);
        h.setDouble(Tag.EchoTime, VR.DS, echoTime);
        Grid g = new Grid(
                2,
                2,
                2,
                Affine.fromAxes(
                        new double[] {0, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1
                        }));
        return new LoadedSeries("1.2.3", "1.2.4", description, imageType, 2, new Volume(g, new float[8]), h);
    }

    private static SeriesClassifier.Verdict classify(LoadedSeries s) {
        return SeriesClassifier.classify(s);
    }

    @Test
    void t2HasteByDescriptionOrLongEchoSpinEcho() {
        assertThat(classify(series("MR", AXIAL, "T2 HASTE tra", List.of("ORIGINAL", "PRIMARY", "M"), "SE", 91))
                        .contrast())
                .contains(SeriesContrast.T2);
        assertThat(classify(series("MR", AXIAL, "abdomen", List.of("ORIGINAL", "PRIMARY", "M"), "SE", 95))
                        .contrast())
                .contains(SeriesContrast.T2);
        assertThat(classify(series("MR", AXIAL, "t1_vibe", List.of("ORIGINAL", "PRIMARY", "M"), "GR", 2))
                        .contrast())
                .contains(SeriesContrast.T1);
    }

    @Test
    void dixonImagesByImageType() {
        assertThat(classify(series("MR", AXIAL, "DIXON", List.of("DERIVED", "PRIMARY", "DIXON", "WATER"), "GR", 2.4))
                        .contrast())
                .contains(SeriesContrast.DIXON_WATER);
        assertThat(classify(series("MR", AXIAL, "DIXON", List.of("DERIVED", "PRIMARY", "F"), "GR", 2.4))
                        .contrast())
                .contains(SeriesContrast.DIXON_FAT);
    }

    @Test
    void refusalsSayWhy() {
        assertThat(classify(series("CT", AXIAL, "T2", List.of("ORIGINAL"), "", 0))
                        .reason())
                .isEqualTo("modality CT, not MR");
        assertThat(classify(series("MR", CORONAL, "T2 HASTE cor", List.of("ORIGINAL"), "SE", 91))
                        .reason())
                .isEqualTo("coronal slices, not axial");
        assertThat(classify(series("MR", AXIAL, "localizer", List.of("ORIGINAL"), "GR", 3))
                        .reason())
                .startsWith("contrast not recognised");
    }

    @Test
    void patientFactsFromTheHeader() {
        Attributes h = new Attributes();
        h.setString(Tag.PatientSex, VR.CS, "F");
        h.setString(Tag.PatientAge, VR.AS, "052Y");
        h.setDouble(Tag.PatientWeight, VR.DS, 61.5);
        PatientFacts p = HeaderFacts.of(h);
        assertThat(p.sex()).contains(Sex.F);
        assertThat(p.ageYears()).isEqualTo(OptionalInt.of(52));
        assertThat(p.weightKg().getAsDouble()).isEqualTo(61.5);
        assertThat(p.heightM()).isEmpty();
        assertThat(HeaderFacts.age("018M")).isEqualTo(OptionalInt.of(1));
        assertThat(HeaderFacts.age("")).isEmpty();
        h.setString(Tag.PatientSex, VR.CS, "O");
        assertThat(HeaderFacts.of(h).sex()).isEmpty();
    }
}
