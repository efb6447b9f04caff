package org.myoscreen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Vec;

/**
 * The source images a result is derived from: the Patient and Study module values to copy into
 * every output, the shared plane geometry and one {@link SourceImage} per slice, ordered along the
 * slice normal (row cosine × column cosine). Several series (the stations of one multi-station
 * acquisition) may be listed; they must share the Study, the Frame of Reference, the orientation,
 * the matrix and the pixel spacing.
 *
 * <p>Geometry follows PS3.3 C.7.6.2.1.1: pixel (column c, row r) of image n lies at
 * {@code position(n) + c * pixelSpacing[1] * rowCosine + r * pixelSpacing[0] * columnCosine}.
 * Immutable (arrays are copied); thread-safe.
 *
 * @param patientStudy Patient, General Study and Patient Study module values (and Specific Character
 *     Set), copied into every output
 * @param frameOfReferenceUid Frame of Reference UID (0020,0052) of the source images
 * @param rows Rows of every source image
 * @param columns Columns of every source image
 * @param orientation Image Orientation (Patient): row cosine then column cosine
 * @param pixelSpacingMm Pixel Spacing: row spacing (between rows), column spacing (between columns)
 * @param sliceThicknessMm Slice Thickness of the source images
 * @param images the source images, ordered along the slice normal
 */
public record SourceImages(
        Attributes patientStudy,
        String frameOfReferenceUid,
        int rows,
        int columns,
        double[] orientation,
        double[] pixelSpacingMm,
        double sliceThicknessMm,
        List<SourceImage> images) {

    /** Tags copied from the source into every output (Patient, General Study, Patient Study modules). */
    static final int[] PATIENT_STUDY_TAGS = {
        Tag.SpecificCharacterSet,
        Tag.PatientName,
        Tag.PatientID,
        Tag.IssuerOfPatientID,
        Tag.PatientBirthDate,
        Tag.PatientSex,
        Tag.OtherPatientIDsSequence,
        Tag.PatientComments,
        Tag.StudyInstanceUID,
        Tag.StudyDate,
        Tag.StudyTime,
        Tag.ReferringPhysicianName,
        Tag.StudyID,
        Tag.AccessionNumber,
        Tag.IssuerOfAccessionNumberSequence,
        Tag.StudyDescription,
        Tag.PatientAge,
        Tag.PatientSize,
        Tag.PatientWeight,
    };

    /** Validates and copies. */
    public SourceImages {
        Objects.requireNonNull(patientStudy, "patientStudy is null");
        patientStudy = patientStudy.copy();
        if (patientStudy.getString(Tag.StudyInstanceUID).isEmpty()) {
            throw new IllegalArgumentException("patientStudy has no Study Instance UID");
        }
        Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid is null");
        if (frameOfReferenceUid.isEmpty()) {
            throw new IllegalArgumentException("source images have no Frame of Reference UID");
        }
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("rows and columns must be positive: " + rows + "x" + columns);
        }
        if (orientation == null || orientation.length != 6) {
            throw new IllegalArgumentException("orientation needs 6 values");
        }
        if (pixelSpacingMm == null
                || pixelSpacingMm.length != 2
                || !(pixelSpacingMm[0] > 0)
                || !(pixelSpacingMm[1] > 0)) {
            throw new IllegalArgumentException("pixelSpacingMm needs 2 positive values");
        }
        orientation = orientation.clone();
        pixelSpacingMm = pixelSpacingMm.clone();
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no source images");
        }
    }

    /**
     * Builds the description from the source datasets (single-frame images with Image Position and
     * Orientation (Patient), Pixel Spacing, Rows and Columns), sorted along the slice normal.
     *
     * @throws IllegalArgumentException when the datasets are empty, lack geometry or differ in study,
     *     Frame of Reference, orientation (beyond 1e-4), matrix or pixel spacing
     */
    public static SourceImages fromDatasets(List<Attributes> datasets) {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("no source datasets");
        }
        Attributes first = datasets.get(0);
        String study = first.getString(Tag.StudyInstanceUID, "");
        String frame = first.getString(Tag.FrameOfReferenceUID, "");
        double[] orientation = required(first, Tag.ImageOrientationPatient, 6, "ImageOrientationPatient");
        double[] spacing = required(first, Tag.PixelSpacing, 2, "PixelSpacing");
        int rows = first.getInt(Tag.Rows, -1);
        int columns = first.getInt(Tag.Columns, -1);
        List<SourceImage> images = new ArrayList<>();
        for (Attributes ds : datasets) {
            String sop = ds.getString(Tag.SOPInstanceUID, "");
            if (!ds.getString(Tag.StudyInstanceUID, "").equals(study)) {
                throw new IllegalArgumentException(sop + " belongs to another study");
            }
            if (!ds.getString(Tag.FrameOfReferenceUID, "").equals(frame)) {
                throw new IllegalArgumentException(sop + " has another Frame of Reference");
            }
            if (ds.getInt(Tag.NumberOfFrames, 1) != 1) {
                throw new IllegalArgumentException(
                        sop + " is a multi-frame image; only single-frame sources are supported");
            }
            double[] o = required(ds, Tag.ImageOrientationPatient, 6, "ImageOrientationPatient");
            double[] s = required(ds, Tag.PixelSpacing, 2, "PixelSpacing");
            for (int i = 0; i < 6; i++) {
                if (Math.abs(o[i] - orientation[i]) > 1e-4) {
                    throw new IllegalArgumentException(sop + " has another orientation");
                }
            }
            if (Math.abs(s[0] - spacing[0]) > 1e-4
                    || Math.abs(s[1] - spacing[1]) > 1e-4
                    || ds.getInt(Tag.Rows, -1) != rows
                    || ds.getInt(Tag.Columns, -1) != columns) {
                throw new IllegalArgumentException(sop + " has another matrix or pixel spacing");
            }
            images.add(new SourceImage(
                    ds.getString(Tag.SOPClassUID, ""),
                    sop,
                    ds.getString(Tag.SeriesInstanceUID, ""),
                    required(ds, Tag.ImagePositionPatient, 3, "ImagePositionPatient")));
        }
        double[] normal = normal(orientation);
        images.sort(Comparator.comparingDouble(im -> Vec.dot(im.positionMm(), normal)));
        Attributes patientStudy = new Attributes();
        for (int tag : PATIENT_STUDY_TAGS) {
            first.get(tag).ifPresent(patientStudy::add);
        }
        return new SourceImages(
                patientStudy,
                frame,
                rows,
                columns,
                orientation,
                spacing,
                first.getDouble(Tag.SliceThickness, 0),
                images);
    }

    private static double[] required(Attributes ds, int tag, int count, String name) {
        double[] v = ds.getDoubles(tag);
        if (v.length != count) {
            throw new IllegalArgumentException(ds.getString(Tag.SOPInstanceUID, "(no SOP Instance UID)") + " lacks "
                    + name + " " + Tag.toString(tag));
        }
        return v;
    }

    static double[] normal(double[] orientation) {
        double[] row = {orientation[0], orientation[1], orientation[2]};
        double[] col = {orientation[3], orientation[4], orientation[5]};
        return Vec.normalize(Vec.cross(row, col));
    }

    @Override
    public Attributes patientStudy() {
        return patientStudy.copy();
    }

    @Override
    public double[] orientation() {
        return orientation.clone();
    }

    @Override
    public double[] pixelSpacingMm() {
        return pixelSpacingMm.clone();
    }

    /** Study Instance UID of the source. */
    public String studyInstanceUid() {
        return patientStudy.getString(Tag.StudyInstanceUID, "");
    }

    /** Series Instance UIDs of the source images, in order of first appearance. */
    public List<String> seriesInstanceUids() {
        return images.stream().map(SourceImage::seriesInstanceUid).distinct().toList();
    }

    /** Slice normal (row cosine × column cosine), unit length. */
    public double[] normal() {
        return normal(orientation);
    }

    /** The patient position (LPS mm) of pixel (column {@code c}, row {@code r}) of image {@code n}. */
    public double[] worldOf(int n, double c, double r) {
        double[] p = images.get(n).positionMm();
        double[] w = new double[3];
        for (int a = 0; a < 3; a++) {
            w[a] = p[a] + c * pixelSpacingMm[1] * orientation[a] + r * pixelSpacingMm[0] * orientation[3 + a];
        }
        return w;
    }

    /**
     * Samples a label map (on any grid in the same Frame of Reference, for example a multi-station
     * composition) at the centre of every source pixel, nearest neighbour; pixels outside the map get 0.
     *
     * @return one plane per source image, {@code rows * columns} labels each, column index fastest
     */
    public short[][] sample(LabelMap labels) {
        Affine inverse = labels.grid().affine().inverse();
        int nx = labels.grid().nx();
        int ny = labels.grid().ny();
        int nz = labels.grid().nz();
        short[] data = labels.labels();
        short[][] planes = new short[images.size()][rows * columns];
        for (int n = 0; n < images.size(); n++) {
            short[] plane = planes[n];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    double[] ijk = inverse.apply(worldOf(n, c, r));
                    int i = (int) Math.round(ijk[0]);
                    int j = (int) Math.round(ijk[1]);
                    int k = (int) Math.round(ijk[2]);
                    if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) {
                        plane[c + columns * r] = data[i + nx * (j + ny * k)];
                    }
                }
            }
        }
        return planes;
    }
}
