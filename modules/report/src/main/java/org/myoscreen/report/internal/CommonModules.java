package org.myoscreen.report.internal;

import java.util.List;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.VR;

/**
 * Modules every result object shares: Patient and General Study copied from the source, a new
 * series, General and Enhanced General Equipment, SOP Common. Stateless.
 */
public final class CommonModules {

    private record Type2(int tag, VR vr) {}

    /** Type 2 Patient and General Study attributes written empty when the source lacks them. */
    private static final List<Type2> TYPE2 = List.of(
            new Type2(Tag.PatientName, VR.PN),
            new Type2(Tag.PatientID, VR.LO),
            new Type2(Tag.PatientBirthDate, VR.DA),
            new Type2(Tag.PatientSex, VR.CS),
            new Type2(Tag.StudyDate, VR.DA),
            new Type2(Tag.StudyTime, VR.TM),
            new Type2(Tag.ReferringPhysicianName, VR.PN),
            new Type2(Tag.StudyID, VR.SH),
            new Type2(Tag.AccessionNumber, VR.SH));

    private CommonModules() {}

    /**
     * A new dataset with the source's Patient and Study values (type 2 attributes present even when
     * empty), the SOP Common, a new General Series and the equipment.
     *
     * @param patientStudy the source's Patient and Study values
     * @param sopClassUid SOP Class UID
     * @param sopInstanceUid SOP Instance UID
     * @param modality Modality of the new series
     * @param seriesUid Series Instance UID of the new series
     * @param seriesNumber Series Number
     * @param seriesDescription Series Description
     * @param equipment manufacturer, model name, software version
     * @param date Content / Series / Instance Creation Date
     * @param time Content / Series / Instance Creation Time
     */
    public static Attributes start(
            Attributes patientStudy,
            String sopClassUid,
            String sopInstanceUid,
            String modality,
            String seriesUid,
            int seriesNumber,
            String seriesDescription,
            String[] equipment,
            String date,
            String time) {
        Attributes ds = patientStudy.copy();
        for (Type2 t : TYPE2) {
            if (!ds.contains(t.tag())) {
                ds.setString(t.tag(), t.vr());
            }
        }
        ds.setString(Tag.SOPClassUID, VR.UI, sopClassUid);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.InstanceCreationDate, VR.DA, date);
        ds.setString(Tag.InstanceCreationTime, VR.TM, time);
        ds.setString(Tag.Modality, VR.CS, modality);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        ds.setInt(Tag.SeriesNumber, VR.IS, seriesNumber);
        ds.setString(Tag.SeriesDescription, VR.LO, seriesDescription);
        ds.setString(Tag.SeriesDate, VR.DA, date);
        ds.setString(Tag.SeriesTime, VR.TM, time);
        ds.setString(Tag.Manufacturer, VR.LO, equipment[0]);
        ds.setString(Tag.ManufacturerModelName, VR.LO, equipment[1]);
        ds.setString(
                Tag.DeviceSerialNumber, VR.LO, equipment[1]); // one software installation: no serial number of its own
        ds.setString(Tag.SoftwareVersions, VR.LO, equipment[2]);
        return ds;
    }
}
