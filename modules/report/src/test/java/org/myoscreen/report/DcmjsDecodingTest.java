package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.dicom.Uids;
import org.myoscreen.phantom.Orientation;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;

/**
 * Our objects as the OHIF viewer reads them: the SEG through dcmjs's Cornerstone segmentation adapter
 * ({@code generateToolState}, OHIF's SEG loader), the SR and summary images through dcmjs's parser
 * ({@code tools/dcmjs/decode.js}, Node.js).
 */
class DcmjsDecodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void axialSegLandsOnTheReferencedSourceImagesInDcmjs() throws Exception {
        check(Orientation.AXIAL);
    }

    @Test
    void obliqueSegLandsOnTheReferencedSourceImagesInDcmjs() throws Exception {
        check(Orientation.OBLIQUE);
    }

    @Test
    void srAndSummaryImagesParseInDcmjs() throws Exception {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        ResultObjects.Written out = ResultObjects.write(Fixtures.CONTEXT, new ResultObjects.Input(source,
                w.study().labels(), Fixtures.image(w.study()), Fixtures.structures(), false,
                Analyses.analyze(w.study())), dir.resolve("out"));
        List<String> files = new ArrayList<>(List.of(out.sr().toString()));
        out.sc().forEach(f -> files.add(f.toString()));
        Tools.Result r = Tools.dcmjs(prepend("parse", files));
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode parsed = JSON.readTree(json(r.output()));
        assertThat(parsed).hasSize(files.size());

        JsonNode sr = parsed.get(0);
        assertThat(sr.get("sopClassUid").asText()).isEqualTo(Uids.COMPREHENSIVE_3D_SR_STORAGE);
        assertThat(sr.get("studyInstanceUid").asText()).isEqualTo(source.studyInstanceUid());
        assertThat(sr.get("templateIdentifier").asText()).isEqualTo("1500");
        assertThat(sr.get("conceptName").asText()).isEqualTo("Imaging Measurement Report");
        assertThat(sr.get("contentItems").asInt()).isGreaterThan(20);
        List<String> library = new ArrayList<>();
        sr.get("imageLibrarySopInstanceUids").forEach(n -> library.add(n.asText()));
        assertThat(library).containsExactlyElementsOf(source.images().stream().map(SourceImage::sopInstanceUid).toList());
        for (int i = 1; i < parsed.size(); i++) {
            JsonNode sc = parsed.get(i);
            assertThat(sc.get("studyInstanceUid").asText()).isEqualTo(source.studyInstanceUid());
            assertThat(sc.get("samplesPerPixel").asInt()).isEqualTo(3);
            assertThat(sc.get("pixelDataBytes").asLong())
                    .isEqualTo(3L * sc.get("rows").asInt() * sc.get("columns").asInt());
        }
    }

    private void check(Orientation orientation) throws Exception {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), orientation, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        List<Segment> segments = Segment.forStructures(Fixtures.structures(), true);
        SegmentationInput input = SegmentationInput.of(source, w.study().labels(), segments);
        Segmentation seg = SegmentationWriter.create(Fixtures.CONTEXT, input);
        Path file = dir.resolve("seg.dcm");
        seg.write(file);

        Tools.Result r = Tools.dcmjs("seg", file.toString(), dir.resolve("study").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode decoded = JSON.readTree(json(r.output()));
        assertThat(decoded.get("sourceImages").asInt()).isEqualTo(source.images().size());
        assertThat(decoded.get("frames").asInt()).isEqualTo(seg.frames());

        Map<String, SourceImage> bySop = new HashMap<>();
        source.images().forEach(s -> bySop.put(s.sopInstanceUid(), s));
        Map<Integer, JsonNode> byNumber = new HashMap<>();
        decoded.get("segments").forEach(s -> byNumber.put(s.get("number").asInt(), s));
        assertThat(byNumber.keySet()).hasSize(seg.segments().size());
        double voxel = Math.max(Math.max(source.pixelSpacingMm()[0], source.pixelSpacingMm()[1]),
                source.sliceThicknessMm());
        Map<Segment, double[]> centroids = new HashMap<>();
        for (Segment s : seg.segments()) {
            JsonNode d = byNumber.get(s.number());
            assertThat(d).as("segment %s decoded", s.label()).isNotNull();
            assertThat(d.get("label").asText()).isEqualTo(s.label());

            // Pixel counts: what the viewer paints equals our label planes.
            long expected = 0;
            Set<String> expectedSources = new HashSet<>();
            for (int n = 0; n < input.planes().length; n++) {
                for (short v : input.planes()[n]) {
                    if (s.covers(v)) {
                        expected++;
                        expectedSources.add(source.images().get(n).sopInstanceUid());
                    }
                }
            }
            assertThat(d.get("pixelCount").asLong()).as("pixels of %s", s.label()).isEqualTo(expected);

            // Each frame lands on the instance it references, which has the frame's position and orientation.
            Set<String> referenced = new HashSet<>();
            for (JsonNode f : d.get("frames")) {
                String uid = f.get("referencedSopInstanceUid").asText();
                assertThat(bySop).as("frame %d of %s references a source image", f.get("frame").asInt(), s.label())
                        .containsKey(uid);
                assertThat(f.get("sourceFound").asBoolean()).isTrue();
                assertClose(f.get("segImagePositionPatient"), bySop.get(uid).positionMm(), 1e-3);
                assertClose(f.get("segImagePositionPatient"), doubles(f.get("sourceImagePositionPatient")), 1e-3);
                assertClose(f.get("segImageOrientationPatient"), source.orientation(), 1e-5);
                assertClose(f.get("segImageOrientationPatient"), doubles(f.get("sourceImageOrientationPatient")), 1e-5);
                assertThat(f.get("paintedPixelCount").asInt()).as("frame %d painted on its source image",
                        f.get("frame").asInt()).isEqualTo(f.get("pixelCount").asInt()).isPositive();
                assertThat(doubles(f.get("segmentsOnSourceImage"))).contains((double) s.number());
                referenced.add(uid);
            }
            assertThat(referenced).as("source images of %s", s.label()).isEqualTo(expectedSources);

            // Geometry: the decoded centroid in LPS is the label's centroid in the source volume.
            double[] truth = centroid(w.study().labels(), s);
            double[] got = doubles(d.get("centroidLps"));
            double distance = Math.sqrt(sq(truth[0] - got[0]) + sq(truth[1] - got[1]) + sq(truth[2] - got[2]));
            assertThat(distance).as("%s %s: truth %s, dcmjs %s", orientation, s.label(),
                    java.util.Arrays.toString(truth), java.util.Arrays.toString(got)).isLessThanOrEqualTo(voxel);
            System.out.printf("dcmjs %s %s: %d pixels, %d frames, centroid off by %.2f mm (voxel %.1f mm)%n",
                    orientation, s.label(), expected, d.get("frames").size(), distance, voxel);
            centroids.put(s, got);
        }

        // Left is the patient's left: +x in LPS, for each paired structure.
        for (StructureKind kind : List.of(StructureKind.PARASPINAL, StructureKind.PSOAS)) {
            double[] left = centroidOf(centroids, kind, Laterality.LEFT);
            double[] right = centroidOf(centroids, kind, Laterality.RIGHT);
            assertThat(left[0]).as("%s %s left x vs right x", orientation, kind).isGreaterThan(right[0]);
        }
    }

    private static double[] centroidOf(Map<Segment, double[]> centroids, StructureKind kind, Laterality side) {
        return centroids.entrySet().stream()
                .filter(e -> e.getKey().kind() == kind && e.getKey().laterality() == side)
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(kind + " " + side));
    }

    /** The JSON document in the tool's output (Node may print warnings before it). */
    private static String json(String output) {
        int start = output.indexOf(output.contains("\n[") ? "\n[" : "{");
        return output.startsWith("[") ? output : output.substring(Math.max(start, 0));
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    private static void assertClose(JsonNode actual, double[] expected, double tolerance) {
        double[] a = doubles(actual);
        assertThat(a).hasSize(expected.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(expected[i], within(tolerance));
        }
    }

    private static double[] centroid(LabelMap labels, Segment s) {
        Grid g = labels.grid();
        double[] sum = new double[3];
        long n = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (s.covers(labels.get(i, j, k))) {
                        double[] p = g.worldOf(i, j, k);
                        sum[0] += p[0];
                        sum[1] += p[1];
                        sum[2] += p[2];
                        n++;
                    }
                }
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static double sq(double v) {
        return v * v;
    }
}
