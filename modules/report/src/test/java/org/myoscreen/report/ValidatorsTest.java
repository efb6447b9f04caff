package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Orientation;

/**
 * The validators an IHE AI Results Connectathon uses, on the SR and SEG we write for each kind of study the
 * node takes (axial, oblique and multi-station T2, Dixon): PixelMed's {@code com.pixelmed.validate.DicomSRValidator}
 * (Debian {@code libpixelmed-java}: IOD and TID 1500 template checks) must find no error in the SR, and
 * dicom3tools' {@code dciodvfy} no error in the SR or the SEG. Warnings are counted and listed in the test
 * output (they are allowed). PixelMed runs once for all four SRs ({@link PixelMedBatch}): its start-up,
 * compiling the template stylesheets, is most of its cost.
 */
class ValidatorsTest {
    /** The Debian package's jar; its manifest names the jars it needs. */
    private static final String PIXELMED = "/usr/share/java/pixelmed.jar";

    @TempDir
    Path dir;

    private record Study(String name, Orientation orientation, int stations, EnumSet<Contrast> contrasts) {}

    private static final List<Study> STUDIES = List.of(
            new Study("axial T2", Orientation.AXIAL, 1, EnumSet.of(Contrast.T2_HASTE)),
            new Study("oblique T2", Orientation.OBLIQUE, 1, EnumSet.of(Contrast.T2_HASTE)),
            new Study("multi-station T2", Orientation.AXIAL, 3, EnumSet.of(Contrast.T2_HASTE)),
            new Study("Dixon", Orientation.AXIAL, 1, EnumSet.of(Contrast.DIXON_WATER, Contrast.DIXON_FAT)));

    @Test
    void pixelmedAndDciodvfyFindNoErrorInOurSrAndSegOfEachKindOfStudy() throws Exception {
        Map<String, Path> srFiles = new LinkedHashMap<>();
        for (Study study : STUDIES) {
            Path out = dir.resolve(study.name().replace(' ', '-'));
            Fixtures.Written w =
                    Fixtures.write(out.resolve("study"), study.orientation(), study.stations(), study.contrasts());
            SourceImages source = SourceImages.fromDatasets(w.datasets());
            Segmentation seg = SegmentationWriter.create(
                    Fixtures.CONTEXT,
                    SegmentationInput.of(
                            source,
                            w.study().labels(),
                            Segment.forStructures(
                                    Fixtures.structures(), study.contrasts().contains(Contrast.T2_HASTE))));
            Path segFile = out.resolve("seg.dcm");
            seg.write(segFile);
            AnalysisResult analysis = Analyses.analyze(w.study());
            Attributes sr = MeasurementReportWriter.create(
                    Fixtures.CONTEXT,
                    new MeasurementReportInput(
                            source,
                            seg,
                            analysis,
                            MeasurementReportInput.segmentVolumes(w.study().labels(), seg.segments())));
            Path srFile = out.resolve("sr.dcm");
            MeasurementReportWriter.write(sr, srFile);
            Samples.keep(srFile, "sr-" + study.name().replace(' ', '-') + ".dcm");
            srFiles.put(study.name(), srFile);

            for (Path file : List.of(srFile, segFile)) {
                Tools.Verification v = Tools.dciodvfy(file);
                System.out.printf(
                        "dciodvfy %s %s: %d errors, %d warnings%n%s%n",
                        study.name(),
                        file.getFileName(),
                        v.errors().size(),
                        v.warnings().size(),
                        String.join("\n", v.warnings()));
                assertThat(v.errors())
                        .as(study.name() + " " + file.getFileName() + "\n" + v.output())
                        .isEmpty();
            }
        }

        // PixelMed's template stylesheets exceed the JDK's default XPath operator limits (JAXP0801003)
        String classes = Path.of(PixelMedBatch.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.xml.xpathExprOpLimit=0",
                "-Djdk.xml.xpathExprGrpLimit=0",
                "-Djdk.xml.xpathTotalOpLimit=0",
                "-cp",
                classes + java.io.File.pathSeparator + PIXELMED,
                PixelMedBatch.class.getName()));
        srFiles.values().forEach(f -> command.add(f.toString()));
        Tools.Result pixelmed = Tools.run(command);
        assertThat(pixelmed.exitCode()).as(pixelmed.output()).isZero();

        String[] reports = pixelmed.output().split("(?m)^" + PixelMedBatch.SEPARATOR);
        assertThat(reports).as(pixelmed.output()).hasSize(srFiles.size() + 1);
        int i = 1;
        for (Map.Entry<String, Path> e : srFiles.entrySet()) {
            String report = reports[i++];
            assertThat(report).startsWith(e.getValue().toString());
            List<String> errors =
                    report.lines().filter(l -> l.startsWith("Error")).toList();
            List<String> warnings =
                    report.lines().filter(l -> l.startsWith("Warning")).toList();
            System.out.printf(
                    "PixelMed DicomSRValidator, %s: %d errors, %d warnings%n%s%n",
                    e.getKey(), errors.size(), warnings.size(), String.join("\n", warnings));
            assertThat(report)
                    .as(e.getKey() + ": PixelMed ran")
                    .contains("Found Root Template TID_1500", "IOD validation complete");
            assertThat(errors).as(e.getKey() + "\n" + report).isEmpty();
        }
    }
}
