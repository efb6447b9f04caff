package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Orientation;

/**
 * The validators an IHE AI Results Connectathon uses, on the SR and SEG we write for each kind of study the
 * node takes: PixelMed's {@code com.pixelmed.validate.DicomSRValidator} (Debian {@code libpixelmed-java}:
 * IOD and TID 1500 template checks) must find no error in the SR beyond one known limitation of the validator
 * (below), and dicom3tools' {@code dciodvfy} no error in the SR or the SEG. Warnings are counted and listed in
 * the test output (they are allowed).
 */
class ValidatorsTest {
    /** The Debian package's jar; its manifest names the jars it needs. */
    private static final String PIXELMED = "/usr/share/java/pixelmed.jar";

    @TempDir Path dir;

    static Stream<Arguments> studies() {
        return Stream.of(
                Arguments.of("axial T2", Orientation.AXIAL, 1, EnumSet.of(Contrast.T2_HASTE)),
                Arguments.of("oblique T2", Orientation.OBLIQUE, 1, EnumSet.of(Contrast.T2_HASTE)),
                Arguments.of("multi-station T2", Orientation.AXIAL, 3, EnumSet.of(Contrast.T2_HASTE)),
                Arguments.of("Dixon", Orientation.AXIAL, 1, EnumSet.of(Contrast.DIXON_WATER, Contrast.DIXON_FAT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("studies")
    void pixelmedAndDciodvfyFindNoErrorInOurSrAndSeg(String name, Orientation orientation, int stations,
            EnumSet<Contrast> contrasts) {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), orientation, stations, contrasts);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        Segmentation seg = SegmentationWriter.create(Fixtures.CONTEXT, SegmentationInput.of(source, w.study().labels(),
                Segment.forStructures(Fixtures.structures(), contrasts.contains(Contrast.T2_HASTE))));
        Path segFile = dir.resolve("seg.dcm");
        seg.write(segFile);
        AnalysisResult analysis = Analyses.analyze(w.study());
        Attributes sr = MeasurementReportWriter.create(Fixtures.CONTEXT, new MeasurementReportInput(source, seg,
                analysis, MeasurementReportInput.segmentVolumes(w.study().labels(), seg.segments())));
        Path srFile = dir.resolve("sr.dcm");
        MeasurementReportWriter.write(sr, srFile);
        Samples.keep(srFile, "sr-" + name.replace(' ', '-') + ".dcm");

        // PixelMed's template stylesheets exceed the JDK's default XPath operator limits (JAXP0801003)
        Tools.Result pixelmed = Tools.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.xml.xpathExprOpLimit=0", "-Djdk.xml.xpathExprGrpLimit=0", "-Djdk.xml.xpathTotalOpLimit=0",
                "-cp", PIXELMED, "com.pixelmed.validate.DicomSRValidator", srFile.toString()));
        List<String> errors = pixelmed.output().lines().filter(l -> l.startsWith("Error")).toList();
        List<String> srWarnings = pixelmed.output().lines().filter(l -> l.startsWith("Warning")).toList();
        // Known limitation of PixelMed 20220618, not of the SR: once any group of Imaging Measurements references
        // a segment, its stylesheet checks every Measurement Group against TID 1411, including our TID 1501
        // whole-compartment group (the last one), which TID 1500 row 6 allows beside them. Those "missing
        // conditional content item" lines are counted and listed, and nothing else may be an error.
        Pattern pixelmedOn1501 = Pattern.compile("^Error: Template 1411 VolumetricROIMeasurements/\\[Row 1\\] CONTAINER "
                + "\\(125007,DCM,\"Measurement Group\"\\)/\\[Row (5|7|10)\\] .*: within (1\\.[0-9.]+): .*"
                + "Missing conditional content item$");
        List<String> known = errors.stream().filter(l -> pixelmedOn1501.matcher(l).matches()).toList();
        List<String> srErrors = errors.stream().filter(l -> !pixelmedOn1501.matcher(l).matches()).toList();
        System.out.printf("PixelMed DicomSRValidator, %s: %d errors (%d of them TID 1411 applied to the TID 1501 "
                + "group), %d warnings%n%s%n%s%n", name, errors.size(), known.size(), srWarnings.size(),
                String.join("\n", known), String.join("\n", srWarnings));
        assertThat(pixelmed.output()).as("PixelMed ran").contains("Found Root Template TID_1500", "IOD validation complete");
        assertThat(srErrors).as(pixelmed.output()).isEmpty();
        assertThat(known).as("at most the three alternatives of TID 1411 rows 5, 7 and 10").hasSizeLessThanOrEqualTo(3);
        assertThat(known.stream().map(l -> pixelmedOn1501.matcher(l).replaceAll("$2")).distinct())
                .as("all on one group: the TID 1501 one").hasSizeLessThanOrEqualTo(1);

        for (Path file : List.of(srFile, segFile)) {
            Tools.Verification v = Tools.dciodvfy(file);
            System.out.printf("dciodvfy %s %s: %d errors, %d warnings%n%s%n", name, file.getFileName(),
                    v.errors().size(), v.warnings().size(), String.join("\n", v.warnings()));
            assertThat(v.errors()).as(v.output()).isEmpty();
        }
    }
}
