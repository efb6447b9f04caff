package org.myoscreen.pipeline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.pipeline.PatientPosition;

class InstanceHeadersTest {

    @Test
    void singleFrameHeaderCarriesTheRoutingAndGroupingFacts() {
        Attributes ds = TestDatasets.mrImage(2, 2);
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "DIXON", "WATER");
        ds.setString(Tag.BodyPartExamined, VR.CS, "WHOLEBODY");
        ds.setString(Tag.SequenceName, VR.SH, "*fl3d2");
        ds.setString(Tag.ScanningSequence, VR.CS, "GR");
        ds.setInt(Tag.ImagesInAcquisition, VR.IS, 88);

        InstanceHeader h = InstanceHeaders.from(ds, "SCANNER");

        assertThat(h.imageType()).containsExactly("ORIGINAL", "PRIMARY", "DIXON", "WATER");
        assertThat(h.bodyPartExamined()).contains("WHOLEBODY");
        assertThat(h.sequenceName()).contains("*fl3d2");
        assertThat(h.scanningSequence()).containsExactly("GR");
        assertThat(h.imagesInAcquisition()).hasValue(88);
        assertThat(h.numberOfFrames()).isEqualTo(1);
        assertThat(h.seriesNumber()).hasValue(1);
        assertThat(h.orientation()).isEqualTo(Orientation.AXIAL);
        assertThat(h.frameOfReferenceUid()).isEqualTo(ds.getString(Tag.FrameOfReferenceUID));
    }

    @Test
    void malformedNumbersMakeThatFactAbsentInsteadOfFailing() {
        Attributes ds = TestDatasets.mrImage(2, 2);
        ds.setString(Tag.ImagePositionPatient, VR.DS, "1", "x", "3");
        ds.setString(Tag.ImagesInAcquisition, VR.IS, "many");

        InstanceHeader h = InstanceHeaders.from(ds, "SCANNER");

        assertThat(h.slicePositions()).isEmpty();
        assertThat(h.imagesInAcquisition()).isEmpty();
        assertThat(h.orientation()).isEqualTo(Orientation.AXIAL);
    }

    @Test
    void enhancedMultiFrameTakesOrientationAndPositionsFromFunctionalGroups() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, Uids.ENHANCED_MR_IMAGE_STORAGE);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3");
        ds.setInt(Tag.NumberOfFrames, VR.IS, 2);
        Attributes shared = new Attributes();
        ds.newSequence(Tag.SharedFunctionalGroupsSequence).add(shared);
        shared.newSequence(Tag.PlaneOrientationSequence)
                .add(new Attributes().setDouble(Tag.ImageOrientationPatient, VR.DS, 0, 1, 0, 0, 0, -1));
        List<Attributes> frames = ds.newSequence(Tag.PerFrameFunctionalGroupsSequence);
        for (int i = 0; i < 2; i++) {
            Attributes frame = new Attributes();
            frame.newSequence(Tag.PlanePositionSequence)
                    .add(new Attributes().setDouble(Tag.ImagePositionPatient, VR.DS, 10.0 * i, 0, 0));
            frames.add(frame);
        }

        InstanceHeader h = InstanceHeaders.from(ds, "");

        assertThat(h.orientation()).isEqualTo(Orientation.SAGITTAL);
        assertThat(h.numberOfFrames()).isEqualTo(2);
        assertThat(h.slicePositions()).containsExactly(new PatientPosition(0, 0, 0), new PatientPosition(10, 0, 0));
    }
}
