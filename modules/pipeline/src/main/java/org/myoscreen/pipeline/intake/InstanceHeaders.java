package org.myoscreen.pipeline.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.Tag;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.PatientPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link InstanceHeader} facts from a dataset (read up to Pixel Data). For enhanced multi-frame
 * images (PS3.3 C.7.6.16) orientation and positions come from the Shared / Per-frame Functional Groups when
 * they are not at the top level. Lenient, like a storage SCP must be: a malformed numeric value (a DS that is
 * not a number) makes that fact absent, with a WARN line, instead of refusing the instance. Stateless and
 * thread-safe.
 */
public final class InstanceHeaders {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceHeaders.class);

    private InstanceHeaders() {}

    /**
     * The header facts of {@code ds}. Missing identifying UIDs become "" (the spool refuses such datasets
     * before this is called).
     *
     * @param callingAeTitle who sent it ("" when unknown)
     * @param ds the dataset
     * @return the header facts
     */
    public static InstanceHeader from(Attributes ds, String callingAeTitle) {
        InstanceHeader.Builder b = InstanceHeader.builder(
                text(ds, Tag.StudyInstanceUID).orElse(""),
                text(ds, Tag.SeriesInstanceUID).orElse(""),
                text(ds, Tag.SOPInstanceUID).orElse(""),
                text(ds, Tag.SOPClassUID).orElse(""));
        b.modality(text(ds, Tag.Modality).orElse(""));
        b.callingAeTitle(callingAeTitle);
        text(ds, Tag.SeriesDescription).ifPresent(b::seriesDescription);
        b.imageType(
                ds.getStrings(Tag.ImageType).stream().filter(s -> !s.isBlank()).toList());
        String sop = b.build().sopInstanceUid();
        b.imageOrientationPatient(lenient(sop, "ImageOrientationPatient", () -> orientation(ds), List.of()));
        b.slicePositions(lenient(sop, "ImagePositionPatient", () -> positions(ds), List.of()));
        text(ds, Tag.BodyPartExamined).ifPresent(b::bodyPartExamined);
        text(ds, Tag.FrameOfReferenceUID).ifPresent(b::frameOfReferenceUid);
        lenient(sop, "ImagesInAcquisition", () -> positiveInt(ds, Tag.ImagesInAcquisition), OptionalInt.empty())
                .ifPresent(b::imagesInAcquisition);
        b.numberOfFrames(lenient(sop, "NumberOfFrames", () -> positiveInt(ds, Tag.NumberOfFrames), OptionalInt.empty())
                .orElse(1));
        Optional<String> sequence = text(ds, Tag.SequenceName).or(() -> text(ds, Tag.PulseSequenceName));
        sequence.ifPresent(b::sequenceName);
        b.scanningSequence(ds.getStrings(Tag.ScanningSequence).stream()
                .filter(s -> !s.isBlank())
                .toList());
        lenient(sop, "SeriesNumber", () -> ds.getInt(Tag.SeriesNumber), OptionalInt.empty())
                .ifPresent(b::seriesNumber);
        return b.build();
    }

    private static <T> T lenient(String sopInstanceUid, String keyword, Supplier<T> read, T absent) {
        try {
            return read.get();
        } catch (DicomException e) {
            LOG.warn(
                    "event=header_value_ignored sop_instance={} attribute={} error=\"{}\"",
                    sopInstanceUid,
                    keyword,
                    e.getMessage());
            return absent;
        }
    }

    private static Optional<String> text(Attributes ds, int tag) {
        return ds.getString(tag).filter(s -> !s.isBlank());
    }

    private static OptionalInt positiveInt(Attributes ds, int tag) {
        OptionalInt v = ds.getInt(tag);
        return v.isPresent() && v.getAsInt() > 0 ? v : OptionalInt.empty();
    }

    private static List<Double> sixDoubles(double[] v) {
        if (v.length != 6) {
            return List.of();
        }
        List<Double> out = new ArrayList<>(6);
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return List.of();
            }
            out.add(d);
        }
        return out;
    }

    private static List<Double> orientation(Attributes ds) {
        List<Double> top = sixDoubles(ds.getDoubles(Tag.ImageOrientationPatient));
        if (!top.isEmpty()) {
            return top;
        }
        for (int groups : new int[] {Tag.SharedFunctionalGroupsSequence, Tag.PerFrameFunctionalGroupsSequence}) {
            for (Attributes item : ds.getSequence(groups)) {
                for (Attributes plane : item.getSequence(Tag.PlaneOrientationSequence)) {
                    List<Double> v = sixDoubles(plane.getDoubles(Tag.ImageOrientationPatient));
                    if (!v.isEmpty()) {
                        return v;
                    }
                }
            }
        }
        return List.of();
    }

    private static List<PatientPosition> positions(Attributes ds) {
        Optional<PatientPosition> top = position(ds.getDoubles(Tag.ImagePositionPatient));
        if (top.isPresent()) {
            return List.of(top.get());
        }
        List<PatientPosition> out = new ArrayList<>();
        for (Attributes frame : ds.getSequence(Tag.PerFrameFunctionalGroupsSequence)) {
            for (Attributes plane : frame.getSequence(Tag.PlanePositionSequence)) {
                position(plane.getDoubles(Tag.ImagePositionPatient)).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<PatientPosition> position(double[] v) {
        if (v.length != 3 || !Double.isFinite(v[0]) || !Double.isFinite(v[1]) || !Double.isFinite(v[2])) {
            return Optional.empty();
        }
        return Optional.of(new PatientPosition(v[0], v[1], v[2]));
    }
}
