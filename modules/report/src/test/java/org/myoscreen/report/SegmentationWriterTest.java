package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.phantom.Orientation;

class SegmentationWriterTest {

    @TempDir
    Path dir;

    @Test
    void axialSegIsValidAndLandsOnTheLabels() {
        check(Orientation.AXIAL, 1);
    }

    @Test
    void obliqueSegIsValidAndLandsOnTheLabels() {
        check(Orientation.OBLIQUE, 1);
    }

    @Test
    void multiStationSegIsValidAndLandsOnTheLabels() {
        check(Orientation.AXIAL, 3);
    }

    private void check(Orientation orientation, int stations) {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), orientation, stations);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        assertThat(source.seriesInstanceUids()).hasSize(stations);
        List<Segment> segments = Segment.forStructures(Fixtures.structures(), true);
        assertThat(segments)
                .extracting(Segment::label)
                .containsExactly(
                        "Paraspinal muscle left",
                        "Paraspinal muscle right",
                        "IMAT left",
                        "IMAT right",
                        "Psoas muscle left",
                        "Psoas muscle right",
                        "Vertebral bodies",
                        "Paraspinal muscles, both sides");
        Segmentation seg = SegmentationWriter.create(
                Fixtures.CONTEXT, SegmentationInput.of(source, w.study().labels(), segments));
        assertThat(seg.segments()).hasSize(8);
        Path file = dir.resolve("seg.dcm");
        seg.write(file);
        Samples.keep(file, "seg-" + orientation.name().toLowerCase(java.util.Locale.ROOT) + "-" + stations + ".dcm");

        Tools.Verification v = Tools.dciodvfy(file);
        System.out.println("dciodvfy SEG " + orientation + " x" + stations + ":\n" + v.output());
        assertThat(v.errors()).as(v.output()).isEmpty();

        Tools.Result py = Tools.python("seg_centroids.py", dir, file.toString());
        assertThat(py.exitCode()).as(py.output()).isZero();
        Map<Integer, double[]> decoded = new HashMap<>();
        for (String line : py.output().split("\n")) {
            String[] f = line.trim().split(" ");
            if (f[0].equals("shape")) {
                assertThat(new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])})
                        .containsExactly(seg.frames(), source.rows(), source.columns());
            } else if (f[0].equals("segment")) {
                decoded.put(
                        Integer.parseInt(f[1]),
                        new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
            }
        }
        assertThat(decoded).hasSize(8);
        double voxel =
                Math.max(Math.max(source.pixelSpacingMm()[0], source.pixelSpacingMm()[1]), source.sliceThicknessMm());
        for (Segment s : seg.segments()) {
            double[] truth = Fixtures.centroid(w.study().labels(), s);
            double[] got = decoded.get(s.number());
            double distance = Math.sqrt(sq(truth[0] - got[0]) + sq(truth[1] - got[1]) + sq(truth[2] - got[2]));
            assertThat(distance)
                    .as(
                            "segment %s: truth %s decoded %s",
                            s.label(), java.util.Arrays.toString(truth), java.util.Arrays.toString(got))
                    .isLessThanOrEqualTo(voxel);
        }
        // Left is the patient's left: +x in LPS.
        assertThat(decoded.get(1)[0]).isGreaterThan(decoded.get(7)[0]);
        assertThat(decoded.get(2)[0]).isLessThan(decoded.get(7)[0]);
        assertThat(decoded.get(5)[0]).isGreaterThan(decoded.get(6)[0]);

        // The read-back header: source study, new series, frame of reference, references.
        Attributes back = Part10Reader.read(file).dataset();
        assertThat(back.getString(Tag.StudyInstanceUID)).hasValue(source.studyInstanceUid());
        assertThat(back.getString(Tag.FrameOfReferenceUID)).hasValue(source.frameOfReferenceUid());
        assertThat(back.getInt(Tag.SeriesNumber, 0)).isEqualTo(9901);
        assertThat(back.getSequence(Tag.ReferencedSeriesSequence)).hasSize(stations);
    }

    @Test
    void everySourceImageWithAPixelIsReferencedAlsoWhereStationsOverlap() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 3);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        SegmentationInput input =
                SegmentationInput.of(source, w.study().labels(), Segment.forStructures(Fixtures.structures(), true));
        Segmentation seg = SegmentationWriter.create(Fixtures.CONTEXT, input);
        Map<Integer, java.util.Set<String>> referenced = new HashMap<>();
        int frameWithTwoSources = 0;
        for (Attributes frame : seg.dataset().getSequence(Tag.PerFrameFunctionalGroupsSequence)) {
            int number =
                    frame.getSequence(Tag.SegmentIdentificationSequence).get(0).getInt(Tag.ReferencedSegmentNumber, 0);
            List<Attributes> sources =
                    frame.getSequence(Tag.DerivationImageSequence).get(0).getSequence(Tag.SourceImageSequence);
            frameWithTwoSources += sources.size() > 1 ? 1 : 0;
            sources.forEach(i -> referenced
                    .computeIfAbsent(number, k -> new java.util.HashSet<>())
                    .add(i.getString(Tag.ReferencedSOPInstanceUID, "")));
        }
        assertThat(frameWithTwoSources).as("frames at a station overlap").isPositive();
        java.util.Set<String> all = new java.util.HashSet<>();
        for (Segment s : seg.segments()) {
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (int n = 0; n < input.planes().length; n++) {
                for (short v : input.planes()[n]) {
                    if (s.covers(v)) {
                        expected.add(source.images().get(n).sopInstanceUid());
                        break;
                    }
                }
            }
            assertThat(referenced.get(s.number()))
                    .as("source images of %s", s.label())
                    .isEqualTo(expected);
            all.addAll(expected);
        }
        // The Common Instance Reference lists them all.
        java.util.Set<String> listed = new java.util.HashSet<>();
        seg.dataset()
                .getSequence(Tag.ReferencedSeriesSequence)
                .forEach(series -> series.getSequence(Tag.ReferencedInstanceSequence)
                        .forEach(i -> listed.add(i.getString(Tag.ReferencedSOPInstanceUID, ""))));
        assertThat(listed).isEqualTo(all);
    }

    @Test
    void emptyFramesAreLeftOutUnlessKept() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        List<Segment> segments = Segment.forStructures(Fixtures.structures(), false);
        SegmentationInput input = SegmentationInput.of(source, w.study().labels(), segments);
        Segmentation omitted = SegmentationWriter.create(Fixtures.CONTEXT, input);
        Segmentation kept = SegmentationWriter.create(Fixtures.CONTEXT, input.withKeepEmptyFrames(true));
        assertThat(kept.frames()).isEqualTo(segments.size() * source.images().size());
        assertThat(omitted.frames()).isLessThan(kept.frames());
        int pixels = source.rows() * source.columns();
        byte[] data = omitted.dataset().getBytes(Tag.PixelData).orElseThrow();
        for (int f = 0; f < omitted.frames(); f++) {
            boolean any = false;
            for (long b = (long) f * pixels; b < (long) (f + 1) * pixels && !any; b++) {
                any = (data[(int) (b >>> 3)] & (1 << (b & 7))) != 0;
            }
            assertThat(any).as("frame %d has a pixel", f + 1).isTrue();
        }
    }

    @Test
    void segmentsOverlapIsDecidedOnTheWrittenSegmentsOnly() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        List<Segment> segments = new ArrayList<>(Segment.forStructures(Fixtures.structures(), false));
        segments.removeIf(s -> s.label().equals(Segment.WHOLE_COMPARTMENT_LABEL)); // it overlaps by design
        // The first segment also claims a label value no voxel carries; a last segment claims only that value, so
        // it has no pixel, is not written, and cannot overlap anything that is.
        int absent = 32000;
        Segment first = segments.get(0);
        int[] firstValues = Arrays.copyOf(first.labelValues(), first.labelValues().length + 1);
        firstValues[firstValues.length - 1] = absent;
        segments.set(
                0,
                new Segment(
                        first.number(),
                        first.label(),
                        first.description(),
                        first.kind(),
                        first.laterality(),
                        first.category(),
                        first.type(),
                        first.anatomicRegion(),
                        firstValues,
                        first.rgb()));
        Segment last = segments.get(segments.size() - 1);
        segments.add(new Segment(
                last.number() + 1,
                "Unseen",
                "No voxel carries it",
                last.kind(),
                last.laterality(),
                last.category(),
                last.type(),
                last.anatomicRegion(),
                new int[] {absent},
                last.rgb()));
        Segmentation seg = SegmentationWriter.create(
                Fixtures.CONTEXT, SegmentationInput.of(source, w.study().labels(), segments));
        assertThat(seg.dataset().getSequence(Tag.SegmentSequence)).hasSize(segments.size() - 1);
        assertThat(seg.dataset().getString(Tag.SegmentsOverlap, "")).isEqualTo("NO");
    }

    @Test
    void sameJobGivesSameUidsAndBytes() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        SegmentationInput input =
                SegmentationInput.of(source, w.study().labels(), Segment.forStructures(Fixtures.structures(), false));
        Segmentation a = SegmentationWriter.create(Fixtures.CONTEXT, input);
        Segmentation b = SegmentationWriter.create(Fixtures.CONTEXT, input);
        assertThat(a.sopInstanceUid()).isEqualTo(b.sopInstanceUid());
        assertThat(a.dataset()).isEqualTo(b.dataset());
        ReportContext other = new ReportContext(
                "job-1", Fixtures.CONTEXT.algorithmName(), "0.2.0", "myoscreen", Fixtures.CONTEXT.created());
        assertThat(SegmentationWriter.create(other, input).sopInstanceUid()).isNotEqualTo(a.sopInstanceUid());
    }

    private static double sq(double v) {
        return v * v;
    }
}
