package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.VR;

class SourceImagesTest {

    private static Attributes slice(String sop, double z, double... orientation) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4");
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2.3.5");
        ds.setString(Tag.PatientName, VR.PN, "TEST^PATIENT");
        ds.setDouble(Tag.ImagePositionPatient, VR.DS, -10, -20, z);
        ds.setDouble(
                Tag.ImageOrientationPatient,
                VR.DS,
                orientation.length == 6 ? orientation : new double[] {1, 0, 0, 0, 1, 0});
        ds.setDouble(Tag.PixelSpacing, VR.DS, 2, 3);
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 5);
        ds.setDouble(Tag.SliceThickness, VR.DS, 5);
        return ds;
    }

    @Test
    void sortsAlongTheNormalAndMapsPixelsToPatientSpace() {
        List<Attributes> datasets = new ArrayList<>(List.of(slice("1.9.2", 10), slice("1.9.1", 0), slice("1.9.3", 5)));
        SourceImages s = SourceImages.fromDatasets(datasets);
        assertThat(s.images()).extracting(SourceImage::sopInstanceUid).containsExactly("1.9.1", "1.9.3", "1.9.2");
        assertThat(s.patientStudy().getString(Tag.PatientName)).hasValue("TEST^PATIENT");
        assertThat(s.patientStudy().contains(Tag.SOPInstanceUID)).isFalse();
        // column c moves along the row cosine by PixelSpacing[1], row r along the column cosine by PixelSpacing[0]
        assertThat(s.worldOf(2, 1, 1)).containsExactly(-10 + 3, -20 + 2, 10);
    }

    @Test
    void rejectsMixedOrientationsAndMissingGeometry() {
        assertThatThrownBy(() ->
                        SourceImages.fromDatasets(List.of(slice("1.9.1", 0), slice("1.9.2", 5, 0, 1, 0, 1, 0, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orientation");
        Attributes noPosition = slice("1.9.3", 0);
        noPosition.remove(Tag.ImagePositionPatient);
        assertThatThrownBy(() -> SourceImages.fromDatasets(List.of(noPosition)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ImagePositionPatient");
    }

    @Test
    void codedConceptsAreValidatedAndWrittenAsCodeSequenceItems() {
        assertThatThrownBy(() -> new CodedConcept("12345678901234567", "SCT", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        Attributes item = Codes.VOLUME.toItem();
        assertThat(item.getString(Tag.CodeValue)).hasValue("118565006");
        assertThat(item.getString(Tag.CodingSchemeDesignator)).hasValue("SCT");
        assertThat(item.getString(Tag.CodeMeaning)).hasValue("Volume");
    }
}
