package org.myoscreen.report.internal;

import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.VR;

/**
 * Modules every result object shares: Patient and General Study copied from the source, a new
 * series, General and Enhanced General Equipment, SOP Common. Stateless.
 */
public final class CommonModules {

    /** Type 2 Patient and General Study attributes written empty when the source lacks them. */
    private static final int[][] TYPE2 = {
        {Tag.PatientName, VR.PN.ordinal()}, {Tag.PatientID, VR.LO.ordinal()}, {Tag.PatientBirthDate, VR.DA.ordinal()},
        {Tag.PatientSex, VR.CS.ordinal()}, {Tag.StudyDate, VR.DA.ordinal()}, {Tag.StudyTime, VR.TM.ordinal()},
        {Tag.ReferringPhysicianName, VR.PN.ordinal()}, {Tag.StudyID, VR.SH.ordinal()},
        {Tag.AccessionNumber, VR.SH.ordinal()},
    };

    private CommonModules() {
    }

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
    public static Attributes start(Attributes patientStudy, String sopClassUid, String sopInstanceUid, String modality,
            String seriesUid, int seriesNumber, String seriesDescription, String[] equipment, String date, String time) {
        Attributes ds = patientStudy.copy();
        for (int[] t : TYPE2) {
            if (!ds.contains(t[0])) {
                ds.setString(t[0], VR.values()[t[1]]);
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
        ds.setString(Tag.DeviceSerialNumber, VR.LO, "0");
        ds.setString(Tag.SoftwareVersions, VR.LO, equipment[2]);
        return ds;
    }
}
