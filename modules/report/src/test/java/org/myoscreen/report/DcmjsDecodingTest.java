package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.dicom.Uids;
import org.myoscreen.phantom.Orientation;

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
        check(Orientation.AXIAL, 1);
    }

    @Test
    void obliqueSegLandsOnTheReferencedSourceImagesInDcmjs() throws Exception {
        check(Orientation.OBLIQUE, 1);
    }

    @Test
    void multiStationSegFramesLandOnTheirOwnStationInDcmjs() throws Exception {
        check(Orientation.AXIAL, 3);
    }

    @Test
    void srAndSummaryImagesParseInDcmjs() throws Exception {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        ResultObjects.Written out = ResultObjects.write(
                Fixtures.CONTEXT,
                new ResultObjects.Input(
                        source,
                        w.study().labels(),
                        Fixtures.image(w.study()),
                        Fixtures.structures(),
                        false,
                        Analyses.analyze(w.study())),
                dir.resolve("out"));
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
        assertThat(library)
                .containsExactlyElementsOf(source.images().stream()
                        .map(SourceImage::sopInstanceUid)
                        .toList());
        for (int i = 1; i < parsed.size(); i++) {
            JsonNode sc = parsed.get(i);
            assertThat(sc.get("studyInstanceUid").asText()).isEqualTo(source.studyInstanceUid());
            assertThat(sc.get("samplesPerPixel").asInt()).isEqualTo(3);
            assertThat(sc.get("pixelDataBytes").asLong())
                    .isEqualTo(3L * sc.get("rows").asInt() * sc.get("columns").asInt());
        }
    }

    private void check(Orientation orientation, int stations) throws Exception {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), orientation, stations);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        assertThat(source.seriesInstanceUids()).hasSize(stations);
        List<Segment> segments = Segment.forStructures(Fixtures.structures(), true);
        SegmentationInput input = SegmentationInput.of(source, w.study().labels(), segments);
        Segmentation seg = SegmentationWriter.create(Fixtures.CONTEXT, input);
        Path file = dir.resolve("seg.dcm");
        seg.write(file);

        Map<String, SourceImage> bySop = new HashMap<>();
        source.images().forEach(s -> bySop.put(s.sopInstanceUid(), s));
        // Per segment, over all stations: the pixels the viewer painted on each source image, and their world sum.
        Map<Integer, Map<String, Long>> paintedBySop = new HashMap<>();
        Map<Integer, Map<String, double[]>> sumBySop = new HashMap<>();
        int framesLanded = 0;
        // A viewer shows a SEG on one series at a time (OHIF: the first referenced series); each station
        // in turn is that series here.
        for (String series : source.seriesInstanceUids()) {
            Tools.Result r =
                    Tools.dcmjs("seg", file.toString(), dir.resolve("study").toString(), series);
            assertThat(r.exitCode()).as(r.output()).isZero();
            JsonNode decoded = JSON.readTree(json(r.output()));
            assertThat(decoded.get("sourceImages").asInt())
                    .isEqualTo(source.images().stream()
                            .filter(i -> i.seriesInstanceUid().equals(series))
                            .count());
            assertThat(decoded.get("frames").asInt()).isEqualTo(seg.frames());
            assertThat(decoded.get("segments")).hasSize(seg.segments().size());
            for (JsonNode d : decoded.get("segments")) {
                int number = d.get("number").asInt();
                Segment s = seg.segments().stream()
                        .filter(x -> x.number() == number)
                        .findFirst()
                        .orElseThrow();
                assertThat(d.get("label").asText()).isEqualTo(s.label());
                for (JsonNode im : d.get("paintedImages")) {
                    String uid = im.get("sopInstanceUid").asText();
                    assertThat(bySop.get(uid).seriesInstanceUid()).isEqualTo(series);
                    paintedBySop
                            .computeIfAbsent(number, k -> new HashMap<>())
                            .put(uid, im.get("pixelCount").asLong());
                    sumBySop.computeIfAbsent(number, k -> new HashMap<>()).put(uid, doubles(im.get("sumLps")));
                }
                // Each frame lands on the instance it references, which has the frame's position and orientation.
                for (JsonNode f : d.get("frames")) {
                    String uid = f.get("referencedSopInstanceUid").asText();
                    assertThat(bySop)
                            .as(
                                    "frame %d of %s references a source image",
                                    f.get("frame").asInt(), s.label())
                            .containsKey(uid);
                    boolean here = bySop.get(uid).seriesInstanceUid().equals(series);
                    assertThat(f.get("sourceFound").asBoolean()).isEqualTo(here);
                    if (!here) {
                        continue;
                    }
                    framesLanded++;
                    assertClose(f.get("segImagePositionPatient"), bySop.get(uid).positionMm(), 1e-3);
                    assertClose(f.get("segImagePositionPatient"), doubles(f.get("sourceImagePositionPatient")), 1e-3);
                    assertClose(f.get("segImageOrientationPatient"), source.orientation(), 1e-5);
                    assertClose(
                            f.get("segImageOrientationPatient"), doubles(f.get("sourceImageOrientationPatient")), 1e-5);
                    assertThat(f.get("paintedPixelCount").asInt())
                            .as(
                                    "frame %d painted on its source image",
                                    f.get("frame").asInt())
                            .isEqualTo(f.get("pixelCount").asInt())
                            .isPositive();
                    assertThat(doubles(f.get("segmentsOnSourceImage"))).contains((double) number);
                }
            }
        }
        assertThat(framesLanded).as("every frame lands on its own station").isEqualTo(seg.frames());

        double voxel =
                Math.max(Math.max(source.pixelSpacingMm()[0], source.pixelSpacingMm()[1]), source.sliceThicknessMm());
        boolean[] overlap = overlapImages(source);
        Map<String, Integer> indexOf = new HashMap<>();
        for (int n = 0; n < source.images().size(); n++) {
            indexOf.put(source.images().get(n).sopInstanceUid(), n);
        }
        Map<Segment, double[]> centroids = new HashMap<>();
        for (Segment s : seg.segments()) {
            Map<String, Long> painted = paintedBySop.getOrDefault(s.number(), Map.of());
            // What the viewer paints on an image is that image's label plane: same pixel count.
            for (Map.Entry<String, Long> e : painted.entrySet()) {
                assertThat(e.getValue())
                        .as("%s pixels on %s", s.label(), e.getKey())
                        .isEqualTo(count(input.planes()[indexOf.get(e.getKey())], s));
            }
            // Every image with pixels of the segment shows them (where stations overlap, the second image at a
            // position has no frame of its own: it may or may not be painted, by position).
            long expected = 0;
            double[] sum = new double[3];
            int images = 0;
            for (int n = 0; n < input.planes().length; n++) {
                long want = count(input.planes()[n], s);
                String uid = source.images().get(n).sopInstanceUid();
                if (want == 0 || overlap[n]) {
                    continue;
                }
                assertThat(painted).as("%s painted on %s", s.label(), uid).containsKey(uid);
                expected += want;
                images++;
                double[] add = sumBySop.get(s.number()).get(uid);
                for (int a = 0; a < 3; a++) {
                    sum[a] += add[a];
                }
            }

            // Geometry: the decoded centroid in LPS is the label's centroid in the source volume.
            double[] truth = Fixtures.centroid(w.study().labels(), s);
            double[] c = {sum[0] / expected, sum[1] / expected, sum[2] / expected};
            double distance = Math.sqrt(sq(truth[0] - c[0]) + sq(truth[1] - c[1]) + sq(truth[2] - c[2]));
            System.out.printf(
                    "dcmjs %s x%d %s: %d pixels on %d source images, centroid off by %.2f mm (voxel %.1f mm)%n",
                    orientation, stations, s.label(), expected, images, distance, voxel);
            assertThat(distance)
                    .as(
                            "%s %s: truth %s, dcmjs %s",
                            orientation, s.label(), java.util.Arrays.toString(truth), java.util.Arrays.toString(c))
                    .isLessThanOrEqualTo(voxel);
            centroids.put(s, c);
        }

        // Left is the patient's left: +x in LPS, for each paired structure.
        for (StructureKind kind : List.of(StructureKind.PARASPINAL, StructureKind.PSOAS)) {
            double[] left = centroidOf(centroids, kind, Laterality.LEFT);
            double[] right = centroidOf(centroids, kind, Laterality.RIGHT);
            assertThat(left[0]).as("%s %s left x vs right x", orientation, kind).isGreaterThan(right[0]);
        }
    }

    private static long count(short[] plane, Segment s) {
        long n = 0;
        for (short v : plane) {
            if (s.covers(v)) {
                n++;
            }
        }
        return n;
    }

    /** Images at the same position along the normal as the previous one (a station overlap). */
    private static boolean[] overlapImages(SourceImages source) {
        double[] normal = source.normal();
        boolean[] overlap = new boolean[source.images().size()];
        for (int n = 1; n < overlap.length; n++) {
            double[] a = source.images().get(n - 1).positionMm();
            double[] b = source.images().get(n).positionMm();
            overlap[n] =
                    Math.abs((b[0] - a[0]) * normal[0] + (b[1] - a[1]) * normal[1] + (b[2] - a[2]) * normal[2]) <= 1e-3;
        }
        return overlap;
    }

    private static double[] centroidOf(Map<Segment, double[]> centroids, StructureKind kind, Laterality side) {
        return centroids.entrySet().stream()
                .filter(e -> e.getKey().kind() == kind && e.getKey().laterality() == side)
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + side));
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

    private static double sq(double v) {
        return v * v;
    }
}
