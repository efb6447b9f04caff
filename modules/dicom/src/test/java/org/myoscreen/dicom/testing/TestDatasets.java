package org.myoscreen.dicom.testing;

import java.io.ByteArrayOutputStream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;

/**
 * Builds small, valid datasets for tests in this and other modules (exported through the test-jar).
 *
 * <p>Not thread-safe; each call returns a new dataset.
 */
public final class TestDatasets {

    private TestDatasets() {}

    /**
     * Creates a minimal MR Image Storage dataset (16-bit unsigned, monochrome) with pixel values
     * {@code (row * columns + column) % 4096}.
     *
     * @param rows number of rows
     * @param columns number of columns
     * @return the dataset, with fresh Study, Series and SOP Instance UIDs
     */
    public static Attributes mrImage(int rows, int columns) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "OTHER");
        ds.setString(Tag.SOPClassUID, VR.UI, Uids.MR_IMAGE_STORAGE);
        ds.setString(Tag.SOPInstanceUID, VR.UI, Uids.newUid());
        ds.setString(Tag.StudyDate, VR.DA, "20260101");
        ds.setString(Tag.Modality, VR.CS, "MR");
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, "PAT-1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, Uids.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, Uids.newUid());
        ds.setInt(Tag.SeriesNumber, VR.IS, 1);
        ds.setInt(Tag.InstanceNumber, VR.IS, 1);
        ds.setDouble(Tag.ImagePositionPatient, VR.DS, -100.0, -120.5, 30.25);
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, Uids.newUid());
        ds.setDouble(Tag.SliceThickness, VR.DS, 3.0);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 1.5, 1.5);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[rows * columns * 2];
        for (int i = 0; i < rows * columns; i++) {
            int v = i % 4096;
            pixels[2 * i] = (byte) v;
            pixels[2 * i + 1] = (byte) (v >>> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    /**
     * Encodes a dataset as a Part 10 file in memory (preamble, meta information, dataset).
     *
     * @param ds a dataset with SOP Class and Instance UIDs
     * @param ts the transfer syntax (Explicit or Implicit VR Little Endian, or deflated)
     * @return the file's bytes
     */
    public static byte[] part10(Attributes ds, TransferSyntax ts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(out, ds, ts);
        return out.toByteArray();
    }
}
