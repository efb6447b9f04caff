package org.myoscreen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.report.internal.CommonModules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a BINARY DICOM Segmentation (PS3.3 A.51 Segmentation IOD; C.8.20 Segmentation Series and
 * Segmentation Image modules; C.7.6.16 Multi-frame Functional Groups; C.7.6.17 Multi-frame
 * Dimension; C.12.2 Common Instance Reference) from a label map on the source images' pixels.
 *
 * <p>One frame per (segment, source image) where the segment has a pixel (or every pair, when
 * empty frames are kept), ordered by segment number then along the slice normal. Each frame carries
 * its Plane Position (Patient), a Derivation Image Sequence referencing its source image (purpose of
 * reference: CID 7202 "Source image for image processing operation"), its Segment Identification
 * and Dimension Index Values (Referenced Segment Number, then the position index along the normal).
 * Pixel Measures and Plane Orientation are shared. Pixels are packed one bit per pixel, first pixel
 * in the least significant bit, frames one after another without padding (PS3.5 section 8.1.1).
 * Where stations overlap, an image at the same position as the previous one gets no frame of its own:
 * the frame at that position lists it as a further item of its Source Image Sequence (same plane,
 * same label pixels), so every source image with a segment pixel is referenced.
 *
 * <p>The instance joins the source study (Patient and Study copied), in a new series
 * ({@link #SERIES_NUMBER}, {@link #SERIES_DESCRIPTION}), in the source's Frame of Reference; its UIDs
 * come from the {@link ReportContext}. Stateless and thread-safe. Throws
 * {@link IllegalArgumentException} when no segment has a pixel.
 */
public final class SegmentationWriter {

    /** Series Number of the SEG series. */
    public static final int SERIES_NUMBER = 9901;
    /** Series Description of the SEG series. */
    public static final String SERIES_DESCRIPTION = "myoscreen SEG (research use)";
    /** Object kind in {@link ReportContext#uid}: the SEG instance. */
    public static final String KIND = "seg";

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationWriter.class);

    private SegmentationWriter() {}

    private record Frame(Segment segment, int image) {}

    /** The frames to write, in order, and the segments that have at least one of them. */
    private record Selection(List<Frame> frames, List<Segment> written) {}

    /** Builds the SEG. */
    public static Segmentation create(ReportContext context, SegmentationInput input) {
        SourceImages source = input.source();
        int[] positionIndex = positionIndices(source);
        Map<Integer, boolean[]> members = members(input.segments());
        Selection selection = select(input, positionIndex, members);
        List<Frame> frames = selection.frames();
        List<Segment> written = selection.written();
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no segment has a pixel: nothing to write");
        }

        String sopUid = context.uid(KIND, 0);
        String seriesUid = context.uid(KIND + "-series", 0);
        Attributes ds = CommonModules.start(
                source.patientStudy(),
                Uids.SEGMENTATION_STORAGE,
                sopUid,
                "SEG",
                seriesUid,
                SERIES_NUMBER,
                SERIES_DESCRIPTION,
                new String[] {context.manufacturer(), context.algorithmName(), context.algorithmVersion()},
                context.date(),
                context.time());
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, source.frameOfReferenceUid());
        ds.setString(Tag.PositionReferenceIndicator, VR.LO);
        segmentationImage(ds, context, input, written);
        dimensions(ds, context);
        sharedFunctionalGroups(ds, source, frames.size());
        List<Attributes> perFrame = ds.newSequence(Tag.PerFrameFunctionalGroupsSequence);
        for (Frame f : frames) {
            perFrame.add(perFrameItem(f, source, positionIndex));
        }
        commonInstanceReference(ds, frames, source, positionIndex);
        ds.setBytes(Tag.PixelData, VR.OB, pixelData(frames, input, members));
        LOG.debug("event=seg_created sop={} segments={} frames={}", sopUid, written.size(), frames.size());
        return new Segmentation(ds, sopUid, seriesUid, written, frames.size());
    }

    /** Per segment number, a lookup table over all 16-bit label values: true where the segment covers it. */
    private static Map<Integer, boolean[]> members(List<Segment> segments) {
        Map<Integer, boolean[]> members = new java.util.HashMap<>();
        for (Segment segment : segments) {
            boolean[] member = new boolean[65536];
            for (int v : segment.labelValues()) {
                member[v & 0xFFFF] = true;
            }
            members.put(segment.number(), member);
        }
        return members;
    }

    /**
     * The frames, by segment then source image: a segment without any pixel gets none, and an image
     * at the position of the one before it (a station overlap) gets none either, since that image
     * already has the frame.
     */
    private static Selection select(SegmentationInput input, int[] positionIndex, Map<Integer, boolean[]> members) {
        SourceImages source = input.source();
        List<Frame> frames = new ArrayList<>();
        List<Segment> written = new ArrayList<>();
        for (Segment segment : input.segments()) {
            List<Frame> own = new ArrayList<>();
            boolean any = false;
            for (int n = 0; n < source.images().size(); n++) {
                if (n > 0 && positionIndex[n] == positionIndex[n - 1]) {
                    continue; // a station overlap: the image at the same position already has the frame
                }
                boolean hit = hasPixel(input.planes()[n], members.get(segment.number()));
                any |= hit;
                if (hit || input.keepEmptyFrames()) {
                    own.add(new Frame(segment, n));
                }
            }
            if (any) {
                frames.addAll(own);
                written.add(segment);
            }
        }
        return new Selection(frames, written);
    }

    /** Segmentation Image module (C.8.20.2) with the Content Identification macro, and the Segment Sequence. */
    private static void segmentationImage(
            Attributes ds, ReportContext context, SegmentationInput input, List<Segment> written) {
        SourceImages source = input.source();
        ds.setString(Tag.ImageType, VR.CS, "DERIVED", "PRIMARY");
        ds.setInt(Tag.InstanceNumber, VR.IS, 1);
        ds.setString(Tag.ContentLabel, VR.CS, "MYOSCREEN_SEG");
        ds.setString(Tag.ContentDescription, VR.LO, "Paraspinal muscle segmentation, research use, not a diagnosis");
        ds.setString(Tag.ContentCreatorName, VR.PN);
        ds.setString(Tag.ContentDate, VR.DA, context.date());
        ds.setString(Tag.ContentTime, VR.TM, context.time());
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, source.rows());
        ds.setInt(Tag.Columns, VR.US, source.columns());
        ds.setInt(Tag.BitsAllocated, VR.US, 1);
        ds.setInt(Tag.BitsStored, VR.US, 1);
        ds.setInt(Tag.HighBit, VR.US, 0);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.LossyImageCompression, VR.CS, "00");
        ds.setString(Tag.SegmentationType, VR.CS, "BINARY");
        // Only the segments written can overlap in the frames: one left out (no pixel) must not make it UNDEFINED.
        ds.setString(Tag.SegmentsOverlap, VR.CS, overlapping(written) ? "UNDEFINED" : "NO");
        List<Attributes> segmentItems = ds.newSequence(Tag.SegmentSequence);
        for (Segment s : written) {
            segmentItems.add(segmentItem(context, s));
        }
    }

    /** Multi-frame Dimension module (C.7.6.17): segment number, then position along the normal. */
    private static void dimensions(Attributes ds, ReportContext context) {
        String dimensionUid = context.uid(KIND + "-dimension", 0);
        ds.newSequence(Tag.DimensionOrganizationSequence)
                .add(new Attributes().setString(Tag.DimensionOrganizationUID, VR.UI, dimensionUid));
        List<Attributes> dims = ds.newSequence(Tag.DimensionIndexSequence);
        dims.add(dimension(
                dimensionUid, Tag.ReferencedSegmentNumber, Tag.SegmentIdentificationSequence, "Segment Number"));
        dims.add(dimension(
                dimensionUid, Tag.ImagePositionPatient, Tag.PlanePositionSequence, "Image Position (Patient)"));
    }

    /** Multi-frame Functional Groups (C.7.6.16): the frame count and the groups all frames share. */
    private static void sharedFunctionalGroups(Attributes ds, SourceImages source, int frames) {
        ds.setInt(Tag.NumberOfFrames, VR.IS, frames);
        Attributes shared = new Attributes();
        ds.newSequence(Tag.SharedFunctionalGroupsSequence).add(shared);
        Attributes measures = new Attributes();
        measures.setDouble(Tag.PixelSpacing, VR.DS, source.pixelSpacingMm());
        measures.setDouble(Tag.SliceThickness, VR.DS, sliceThickness(source));
        shared.newSequence(Tag.PixelMeasuresSequence).add(measures);
        shared.newSequence(Tag.PlaneOrientationSequence)
                .add(new Attributes().setDouble(Tag.ImageOrientationPatient, VR.DS, source.orientation()));
    }

    /**
     * The source images frame {@code f} derives from: its own image first (viewers take the first
     * item), then any image of another station at the same position.
     */
    private static List<SourceImage> samePosition(Frame f, SourceImages source, int[] positionIndex) {
        List<SourceImage> same = new ArrayList<>();
        for (int n = f.image(); n < source.images().size() && positionIndex[n] == positionIndex[f.image()]; n++) {
            same.add(source.images().get(n));
        }
        return same;
    }

    /** The Per-Frame Functional Groups item of frame {@code f}. */
    private static Attributes perFrameItem(Frame f, SourceImages source, int[] positionIndex) {
        SourceImage image = source.images().get(f.image());
        Attributes item = new Attributes();
        Attributes derivation = new Attributes();
        List<Attributes> sourceItems = derivation.newSequence(Tag.SourceImageSequence);
        for (SourceImage same : samePosition(f, source, positionIndex)) {
            Attributes sourceImage = new Attributes();
            sourceImage.setString(Tag.ReferencedSOPClassUID, VR.UI, same.sopClassUid());
            sourceImage.setString(Tag.ReferencedSOPInstanceUID, VR.UI, same.sopInstanceUid());
            Codes.SOURCE_IMAGE_FOR_PROCESSING.addTo(sourceImage, Tag.PurposeOfReferenceCodeSequence);
            sourceItems.add(sourceImage);
        }
        Codes.SEGMENTATION.addTo(derivation, Tag.DerivationCodeSequence);
        item.newSequence(Tag.DerivationImageSequence).add(derivation);
        Attributes content = new Attributes();
        content.setLongs(Tag.DimensionIndexValues, VR.UL, f.segment().number(), positionIndex[f.image()]);
        item.newSequence(Tag.FrameContentSequence).add(content);
        item.newSequence(Tag.PlanePositionSequence)
                .add(new Attributes().setDouble(Tag.ImagePositionPatient, VR.DS, image.positionMm()));
        item.newSequence(Tag.SegmentIdentificationSequence)
                .add(new Attributes()
                        .setInt(Tag.ReferencedSegmentNumber, VR.US, f.segment().number()));
        return item;
    }

    /**
     * Common Instance Reference module (C.12.2): the source instances the frames derive from, per
     * series, each once, in the order the frames first reference them.
     */
    private static void commonInstanceReference(
            Attributes ds, List<Frame> frames, SourceImages source, int[] positionIndex) {
        Map<String, Map<String, String>> referenced = new LinkedHashMap<>();
        for (Frame f : frames) {
            for (SourceImage same : samePosition(f, source, positionIndex)) {
                referenced
                        .computeIfAbsent(same.seriesInstanceUid(), k -> new LinkedHashMap<>())
                        .put(same.sopInstanceUid(), same.sopClassUid());
            }
        }
        List<Attributes> series = ds.newSequence(Tag.ReferencedSeriesSequence);
        referenced.forEach((seriesInstanceUid, instances) -> {
            Attributes s = new Attributes();
            List<Attributes> refs = s.newSequence(Tag.ReferencedInstanceSequence);
            instances.forEach((sop, sopClass) -> refs.add(new Attributes()
                    .setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass)
                    .setString(Tag.ReferencedSOPInstanceUID, VR.UI, sop)));
            s.setString(Tag.SeriesInstanceUID, VR.UI, seriesInstanceUid);
            series.add(s);
        });
    }

    /**
     * The frames' pixels packed one bit per pixel, first pixel in the least significant bit, frames
     * one after another without padding (PS3.5 section 8.1.1), the whole padded to an even length.
     */
    private static byte[] pixelData(List<Frame> frames, SegmentationInput input, Map<Integer, boolean[]> members) {
        int pixels = input.source().rows() * input.source().columns();
        byte[] pixelData = new byte[(int) (((long) frames.size() * pixels + 7) / 8 + 1) & ~1];
        long bit = 0;
        for (Frame f : frames) {
            short[] plane = input.planes()[f.image()];
            boolean[] member = members.get(f.segment().number());
            for (int p = 0; p < pixels; p++, bit++) {
                if (member[plane[p] & 0xFFFF]) {
                    pixelData[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return pixelData;
    }

    private static boolean hasPixel(short[] plane, boolean[] member) {
        for (short v : plane) {
            if (member[v & 0xFFFF]) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlapping(List<Segment> segments) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Segment s : segments) {
            for (int v : s.labelValues()) {
                if (!seen.add(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Attributes segmentItem(ReportContext context, Segment s) {
        Attributes item = new Attributes();
        item.setInt(Tag.SegmentNumber, VR.US, s.number());
        item.setString(Tag.SegmentLabel, VR.LO, s.label());
        item.setString(Tag.SegmentDescription, VR.ST, s.description());
        item.setString(Tag.SegmentAlgorithmType, VR.CS, "AUTOMATIC");
        item.setString(Tag.SegmentAlgorithmName, VR.LO, context.algorithmName());
        Attributes algorithm = new Attributes();
        Codes.ARTIFICIAL_INTELLIGENCE.addTo(algorithm, Tag.AlgorithmFamilyCodeSequence);
        algorithm.setString(Tag.AlgorithmName, VR.LO, context.algorithmName());
        algorithm.setString(Tag.AlgorithmVersion, VR.LO, context.algorithmVersion());
        item.newSequence(Tag.SegmentationAlgorithmIdentificationSequence).add(algorithm);
        s.category().addTo(item, Tag.SegmentedPropertyCategoryCodeSequence);
        Attributes type = s.type().addTo(item, Tag.SegmentedPropertyTypeCodeSequence);
        s.lateralityCode().ifPresent(l -> l.addTo(type, Tag.SegmentedPropertyTypeModifierCodeSequence));
        s.anatomicRegion().ifPresent(region -> {
            Attributes r = region.addTo(item, Tag.AnatomicRegionSequence);
            s.lateralityCode().ifPresent(l -> l.addTo(r, Tag.AnatomicRegionModifierSequence));
        });
        item.setInt(Tag.RecommendedDisplayCIELabValue, VR.US, s.cieLab());
        item.setString(Tag.TrackingID, VR.UT, s.label());
        item.setString(Tag.TrackingUID, VR.UI, trackingUid(context, s));
        return item;
    }

    /** Tracking UID of a segment, shared by the SEG and the SR. */
    static String trackingUid(ReportContext context, Segment s) {
        return context.uid("tracking", s.number());
    }

    private static Attributes dimension(String organizationUid, int pointer, int group, String label) {
        Attributes item = new Attributes();
        item.setString(Tag.DimensionOrganizationUID, VR.UI, organizationUid);
        item.setInt(Tag.DimensionIndexPointer, VR.AT, pointer);
        item.setInt(Tag.FunctionalGroupPointer, VR.AT, group);
        item.setString(Tag.DimensionDescriptionLabel, VR.LO, label);
        return item;
    }

    /** 1-based index of each image's distinct position along the normal (images sorted already). */
    private static int[] positionIndices(SourceImages source) {
        double[] normal = source.normal();
        int[] index = new int[source.images().size()];
        double last = Double.NaN;
        int current = 0;
        for (int n = 0; n < index.length; n++) {
            double[] p = source.images().get(n).positionMm();
            double d = p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
            if (Double.isNaN(last) || Math.abs(d - last) > 1e-3) {
                current++;
                last = d;
            }
            index[n] = current;
        }
        return index;
    }

    private static double sliceThickness(SourceImages source) {
        if (source.sliceThicknessMm() > 0) {
            return source.sliceThicknessMm();
        }
        List<SourceImage> images = source.images();
        if (images.size() > 1) {
            double[] n = source.normal();
            double[] a = images.get(0).positionMm();
            double[] b = images.get(1).positionMm();
            double step = Math.abs((b[0] - a[0]) * n[0] + (b[1] - a[1]) * n[1] + (b[2] - a[2]) * n[2]);
            if (step > 0) {
                return step;
            }
        }
        return 1;
    }
}
