package org.myoscreen.phantom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.Vec;
import org.myoscreen.volume.Volume;

/**
 * Writes a {@link Volume} as a single-frame MR Image Storage series, one Part 10 file per slice
 * ({@code IM0001.dcm} ...), with the Image Plane module (PS3.3 C.7.6.2) computed from the grid:
 * slice k at Image Position (Patient) = affine(0, 0, k), Image Orientation (Patient) from the i and
 * j directions, Pixel Spacing = [j spacing, i spacing]. The grid's i and j axes must be orthogonal.
 * Voxel values that are whole numbers within 0..65535 (or -32768..32767) are stored as they are
 * (unsigned or signed 16 bit); others are scaled into signed 16 bit with Rescale Slope/Intercept.
 * Instance numbers run from the last slice to the first (as a head-first scanner numbers an axial
 * stack from head to feet), so readers that sort by Instance Number get it wrong.
 *
 * <p>Stateless and thread-safe; I/O failures throw {@link UncheckedIOException}.
 */
public final class MrSeriesWriter {

    private MrSeriesWriter() {}

    /**
     * Study-level values shared by every series of a study.
     *
     * @param patient patient sex, age, weight and height
     * @param patientName Patient's Name
     * @param patientId Patient ID
     * @param studyInstanceUid Study Instance UID
     * @param frameOfReferenceUid Frame of Reference UID
     * @param studyDate Study Date
     * @param studyTime Study Time
     * @param accessionNumber Accession Number
     * @param studyDescription Study Description
     */
    public record Study(
            PatientInfo patient,
            String patientName,
            String patientId,
            String studyInstanceUid,
            String frameOfReferenceUid,
            LocalDate studyDate,
            LocalTime studyTime,
            String accessionNumber,
            String studyDescription) {

        /** Validates non-null values and UIDs. */
        public Study {
            Objects.requireNonNull(patient, "patient is null");
            Objects.requireNonNull(patientName, "patientName is null");
            Objects.requireNonNull(patientId, "patientId is null");
            Objects.requireNonNull(studyDate, "studyDate is null");
            Objects.requireNonNull(studyTime, "studyTime is null");
            Objects.requireNonNull(accessionNumber, "accessionNumber is null");
            Objects.requireNonNull(studyDescription, "studyDescription is null");
            if (!Uids.isValid(studyInstanceUid) || !Uids.isValid(frameOfReferenceUid)) {
                throw new IllegalArgumentException("invalid study or frame of reference UID");
            }
        }
    }

    /**
     * Series-level values.
     *
     * @param seriesInstanceUid Series Instance UID
     * @param seriesNumber Series Number
     * @param seriesDescription Series Description
     * @param imageType Image Type values
     * @param sequenceName Sequence Name
     * @param scanningSequence Scanning Sequence (SE, GR, ...)
     * @param sliceThicknessMm Slice Thickness
     * @param acquisitionNumber Acquisition Number (the station, from 1)
     * @param bodyPartExamined Body Part Examined
     */
    public record Series(
            String seriesInstanceUid,
            int seriesNumber,
            String seriesDescription,
            List<String> imageType,
            String sequenceName,
            String scanningSequence,
            double sliceThicknessMm,
            int acquisitionNumber,
            String bodyPartExamined) {

        /** Validates and copies. */
        public Series {
            if (!Uids.isValid(seriesInstanceUid)) {
                throw new IllegalArgumentException("invalid series UID " + seriesInstanceUid);
            }
            imageType = List.copyOf(imageType);
            Objects.requireNonNull(seriesDescription, "seriesDescription is null");
            Objects.requireNonNull(sequenceName, "sequenceName is null");
            Objects.requireNonNull(scanningSequence, "scanningSequence is null");
            Objects.requireNonNull(bodyPartExamined, "bodyPartExamined is null");
        }
    }

    /** Writes {@code volume} into {@code dir} (created); returns the files in slice order. */
    public static List<Path> write(Path dir, Volume volume, Study study, Series series, TransferSyntax ts) {
        Grid g = volume.grid();
        double[] row = g.affine().direction(0);
        double[] col = g.affine().direction(1);
        if (Math.abs(Vec.dot(row, col)) > 1e-6) {
            throw new IllegalArgumentException("grid i and j axes are not orthogonal: " + g.affine());
        }
        double[] spacing = g.spacingMm();
        double[] normal = Vec.cross(row, col);
        Storage storage = Storage.of(volume.voxels());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Attributes common = header(study, series, g, spacing, row, col, storage);
        int plane = g.nx() * g.ny();
        List<Path> files = new ArrayList<>(g.nz());
        String date = study.studyDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        for (int k = 0; k < g.nz(); k++) {
            int instance = g.nz() - k;
            Attributes ds = common.copy();
            String sop = Uids.fromName(series.seriesInstanceUid() + "/" + k);
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setInt(Tag.InstanceNumber, VR.IS, instance);
            double[] ipp = g.worldOf(0, 0, k);
            ds.setDouble(Tag.ImagePositionPatient, VR.DS, ipp);
            ds.setDouble(Tag.SliceLocation, VR.DS, round(Vec.dot(ipp, normal), 4));
            ds.setString(Tag.ContentDate, VR.DA, date);
            ds.setString(Tag.ContentTime, VR.TM, time(study.studyTime().plusSeconds(series.seriesNumber() * 60L + k)));
            byte[] pixels = new byte[plane * 2];
            ByteBuffer b = ByteBuffer.wrap(pixels).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = volume.voxels();
            int base = k * plane;
            for (int p = 0; p < plane; p++) {
                b.putShort(p * 2, (short) storage.stored(v[base + p]));
            }
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Path file = dir.resolve(String.format(Locale.ROOT, "IM%04d.dcm", instance));
            Part10Writer.write(file, ds, ts);
            files.add(file);
        }
        return files;
    }

    private static Attributes header(
            Study study, Series series, Grid g, double[] spacing, double[] row, double[] col, Storage storage) {
        PatientInfo p = study.patient();
        String date = study.studyDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.ImageType, VR.CS, series.imageType().toArray(String[]::new));
        ds.setString(Tag.InstanceCreationDate, VR.DA, date);
        ds.setString(Tag.InstanceCreationTime, VR.TM, time(study.studyTime()));
        ds.setString(Tag.SOPClassUID, VR.UI, Uids.MR_IMAGE_STORAGE);
        ds.setString(Tag.StudyDate, VR.DA, date);
        ds.setString(Tag.SeriesDate, VR.DA, date);
        ds.setString(Tag.AcquisitionDate, VR.DA, date);
        ds.setString(Tag.StudyTime, VR.TM, time(study.studyTime()));
        ds.setString(Tag.SeriesTime, VR.TM, time(study.studyTime().plusSeconds(series.seriesNumber() * 60L)));
        ds.setString(Tag.AcquisitionTime, VR.TM, time(study.studyTime().plusSeconds(series.seriesNumber() * 60L)));
        ds.setString(Tag.AccessionNumber, VR.SH, study.accessionNumber());
        ds.setString(Tag.Modality, VR.CS, "MR");
        ds.setString(Tag.Manufacturer, VR.LO, "myoscreen");
        ds.setString(Tag.InstitutionName, VR.LO, "myoscreen phantom");
        ds.setString(Tag.ReferringPhysicianName, VR.PN);
        ds.setString(Tag.StationName, VR.SH, "PHANTOM");
        ds.setString(Tag.StudyDescription, VR.LO, study.studyDescription());
        ds.setString(Tag.SeriesDescription, VR.LO, series.seriesDescription());
        ds.setString(Tag.ManufacturerModelName, VR.LO, "synthetic whole-body MR");
        ds.setString(Tag.PatientName, VR.PN, study.patientName());
        ds.setString(Tag.PatientID, VR.LO, study.patientId());
        ds.setString(
                Tag.PatientBirthDate,
                VR.DA,
                study.studyDate().minusYears(p.ageYears()).minusDays(100).format(DateTimeFormatter.BASIC_ISO_DATE));
        ds.setString(Tag.PatientSex, VR.CS, p.sex().name());
        ds.setString(Tag.PatientAge, VR.AS, String.format(Locale.ROOT, "%03dY", p.ageYears()));
        ds.setDouble(Tag.PatientSize, VR.DS, p.heightM());
        ds.setDouble(Tag.PatientWeight, VR.DS, p.weightKg());
        ds.setString(Tag.BodyPartExamined, VR.CS, series.bodyPartExamined());
        boolean spinEcho = series.scanningSequence().equals("SE");
        ds.setString(Tag.ScanningSequence, VR.CS, series.scanningSequence());
        ds.setString(Tag.SequenceVariant, VR.CS, spinEcho ? new String[] {"SK", "SP"} : new String[] {"SP", "SS"});
        ds.setString(Tag.ScanOptions, VR.CS, spinEcho ? "PFP" : "");
        ds.setString(Tag.MRAcquisitionType, VR.CS, spinEcho ? "2D" : "3D");
        ds.setString(Tag.SequenceName, VR.SH, series.sequenceName());
        ds.setDouble(Tag.SliceThickness, VR.DS, round(series.sliceThicknessMm(), 6));
        ds.setDouble(Tag.RepetitionTime, VR.DS, spinEcho ? 1200 : 6.7);
        ds.setDouble(Tag.EchoTime, VR.DS, spinEcho ? 91 : 2.39);
        ds.setDouble(Tag.MagneticFieldStrength, VR.DS, 1.5);
        ds.setDouble(Tag.SpacingBetweenSlices, VR.DS, round(spacing[2], 6));
        ds.setInt(Tag.EchoTrainLength, VR.IS, spinEcho ? 128 : 1);
        ds.setString(Tag.PatientPosition, VR.CS, "HFS");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study.studyInstanceUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series.seriesInstanceUid());
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setInt(Tag.SeriesNumber, VR.IS, series.seriesNumber());
        ds.setInt(Tag.AcquisitionNumber, VR.IS, series.acquisitionNumber());
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, row[0], row[1], row[2], col[0], col[1], col[2]);
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, study.frameOfReferenceUid());
        ds.setString(Tag.PositionReferenceIndicator, VR.LO);
        ds.setInt(Tag.ImagesInAcquisition, VR.IS, g.nz());
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, g.ny());
        ds.setInt(Tag.Columns, VR.US, g.nx());
        ds.setDouble(Tag.PixelSpacing, VR.DS, spacing[1], spacing[0]);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, storage.bitsStored);
        ds.setInt(Tag.HighBit, VR.US, storage.bitsStored - 1);
        ds.setInt(Tag.PixelRepresentation, VR.US, storage.signed ? 1 : 0);
        if (storage.slope != 1 || storage.intercept != 0) {
            ds.setDouble(Tag.RescaleIntercept, VR.DS, storage.intercept);
            ds.setDouble(Tag.RescaleSlope, VR.DS, storage.slope);
            ds.setString(Tag.RescaleType, VR.LO, "US");
        }
        ds.setDouble(Tag.WindowCenter, VR.DS, Math.round(storage.windowCenter));
        ds.setDouble(Tag.WindowWidth, VR.DS, Math.max(1, Math.round(storage.windowWidth)));
        return ds;
    }

    private static String time(LocalTime t) {
        return t.format(DateTimeFormatter.ofPattern("HHmmss.SSS"));
    }

    /** {@code v} rounded to {@code decimals} places, as the nearest double to that decimal. */
    private static double round(double v, int decimals) {
        return new java.math.BigDecimal(v)
                .setScale(decimals, java.math.RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    /** How voxel values map to stored 16-bit values. */
    private static final class Storage {
        boolean signed;
        int bitsStored;
        double slope = 1;
        double intercept;
        double windowCenter;
        double windowWidth;

        static Storage of(float[] v) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            boolean integral = true;
            for (float f : v) {
                min = Math.min(min, f);
                max = Math.max(max, f);
                if (f != Math.rint(f)) {
                    integral = false;
                }
            }
            if (v.length == 0) {
                min = 0;
                max = 0;
            }
            Storage s = new Storage();
            s.windowCenter = (min + max) / 2;
            s.windowWidth = max - min;
            if (integral && min >= 0 && max <= 65535) {
                s.signed = false;
                s.bitsStored = Math.max(12, 64 - Long.numberOfLeadingZeros((long) max));
            } else if (integral && min >= -32768 && max <= 32767) {
                s.signed = true;
                s.bitsStored = 16;
            } else {
                s.signed = true;
                s.bitsStored = 16;
                s.intercept = (min + max) / 2;
                s.slope = Math.max((max - min) / 65000, 1e-12);
            }
            return s;
        }

        int stored(float value) {
            if (slope == 1 && intercept == 0) {
                return (int) value;
            }
            return (int) Math.round((value - intercept) / slope);
        }
    }
}
