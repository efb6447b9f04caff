package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.phantom.Orientation;

class MeasurementReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void measurementReportIsValidAndReadable() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        List<Segment> segments = Segment.forStructures(Fixtures.structures(), true);
        Segmentation seg = SegmentationWriter.create(
                Fixtures.CONTEXT, SegmentationInput.of(source, w.study().labels(), segments));
        AnalysisResult analysis = Analyses.analyze(w.study());
        Attributes sr = MeasurementReportWriter.create(
                Fixtures.CONTEXT,
                new MeasurementReportInput(
                        source,
                        seg,
                        analysis,
                        MeasurementReportInput.segmentVolumes(w.study().labels(), seg.segments())));
        Path file = dir.resolve("sr.dcm");
        MeasurementReportWriter.write(sr, file);
        Samples.keep(file, "sr.dcm");

        Tools.Verification v = Tools.dciodvfy(file);
        System.out.println("dciodvfy SR:\n" + v.output());
        assertThat(v.errors()).as(v.output()).isEmpty();

        Tools.Result dump = Tools.run(List.of("dsrdump", "+Pl", file.toString()));
        System.out.println("dsrdump SR:\n" + dump.output());
        assertThat(dump.exitCode()).as(dump.output()).isZero();
        assertThat(dump.output())
                .contains(
                        "Imaging Measurement Report",
                        "Referenced Segment",
                        "Tracking Unique Identifier",
                        "Research markers, not a diagnosis",
                        "values cover",
                        "; method: ")
                .doesNotContainPattern("(?m)^[EW]: "); // dsrdump errors and warnings start a line

        Tools.Result py = Tools.python("read_sr.py", dir, file.toString());
        assertThat(py.exitCode()).as(py.output()).isZero();
        // one group per segment, the whole-compartment segment's holding the compartment measurements
        int groups = seg.segments().size();
        assertThat(py.output())
                .contains(
                        "title Imaging Measurement Report",
                        "groups " + groups,
                        "text Research markers, not a diagnosis.");
        if (analysis.qc().passed() && analysis.zScores().imatReference().isPresent()) {
            assertThat(py.output()).contains("text Reference population: ");
        }

        Attributes back = Part10Reader.read(file).dataset();
        assertThat(back.getString(Tag.StudyInstanceUID)).hasValue(source.studyInstanceUid());
        assertThat(back.getInt(Tag.SeriesNumber, 0)).isEqualTo(9902);
        // TID 1600: the Image Library lists every source image, after Procedure reported.
        assertThat(dump.output())
                .contains(
                        "CONTAINER:(,,\"Image Library\")",
                        "\"Image Library Group\"",
                        "CODE:(,,\"Modality\")=(MR,DCM,\"Magnetic Resonance\")");
        Attributes library = back.getSequence(Tag.ContentSequence).stream()
                .filter(i -> i.getSequence(Tag.ConceptNameCodeSequence)
                        .get(0)
                        .getString(Tag.CodeValue, "")
                        .equals(Codes.IMAGE_LIBRARY.value()))
                .findFirst()
                .orElseThrow();
        List<String> listed = library.getSequence(Tag.ContentSequence).stream()
                .flatMap(g -> g.getSequence(Tag.ContentSequence).stream())
                .filter(i -> i.getString(Tag.ValueType, "").equals("IMAGE"))
                .map(i -> i.getSequence(Tag.ReferencedSOPSequence).get(0).getString(Tag.ReferencedSOPInstanceUID, ""))
                .toList();
        assertThat(listed)
                .containsExactlyElementsOf(source.images().stream()
                        .map(SourceImage::sopInstanceUid)
                        .toList());
        List<Attributes> evidence = back.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence)
                .get(0)
                .getSequence(Tag.ReferencedSeriesSequence);
        int referenced = evidence.stream()
                .mapToInt(s -> s.getSequence(Tag.ReferencedSOPSequence).size())
                .sum();
        assertThat(referenced).isEqualTo(source.images().size() + 1);
        assertThat(MeasurementReportWriter.create(
                        Fixtures.CONTEXT,
                        new MeasurementReportInput(
                                source,
                                seg,
                                analysis,
                                MeasurementReportInput.segmentVolumes(w.study().labels(), seg.segments()))))
                .isEqualTo(sr);
    }

    @Test
    void failedQcReportsNoValuesButTheReasons() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        Segmentation seg = SegmentationWriter.create(
                Fixtures.CONTEXT,
                SegmentationInput.of(source, w.study().labels(), Segment.forStructures(Fixtures.structures(), false)));
        AnalysisResult passed = Analyses.analyze(w.study());
        AnalysisResult failed = new AnalysisResult(
                passed.measurements(),
                passed.levels(),
                org.myoscreen.analysis.ZScores.none("QC failed"),
                List.of(),
                new org.myoscreen.analysis.QcResult(false, List.of("motion artefact")));
        Attributes sr = MeasurementReportWriter.create(
                Fixtures.CONTEXT,
                new MeasurementReportInput(
                        source,
                        seg,
                        failed,
                        MeasurementReportInput.segmentVolumes(w.study().labels(), seg.segments())));
        Path file = dir.resolve("sr-failed.dcm");
        MeasurementReportWriter.write(sr, file);
        assertThat(Tools.dciodvfy(file).errors()).isEmpty();
        Tools.Result dump = Tools.run(List.of("dsrdump", "+Pl", file.toString()));
        assertThat(dump.exitCode()).isZero();
        assertThat(dump.output())
                .contains("QC: motion artefact", "Quality control did not pass", "Research markers, not a diagnosis")
                .doesNotContain("NUM:", "Research risk marker");
    }

    @Test
    void dixonReportCarriesTheFatFraction() {
        Fixtures.Written w = Fixtures.write(
                dir.resolve("study"),
                Orientation.AXIAL,
                1,
                java.util.EnumSet.of(
                        org.myoscreen.phantom.Contrast.DIXON_WATER, org.myoscreen.phantom.Contrast.DIXON_FAT));
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        assertThat(source.seriesInstanceUids()).hasSize(1);
        Segmentation seg = SegmentationWriter.create(
                Fixtures.CONTEXT,
                SegmentationInput.of(source, w.study().labels(), Segment.forStructures(Fixtures.structures(), false)));
        AnalysisResult analysis = Analyses.analyze(w.study());
        assertThat(analysis.measurements().fatFractionPercent()).isPresent();
        Attributes sr = MeasurementReportWriter.create(
                Fixtures.CONTEXT,
                new MeasurementReportInput(
                        source,
                        seg,
                        analysis,
                        MeasurementReportInput.segmentVolumes(w.study().labels(), seg.segments())));
        Path file = dir.resolve("sr-dixon.dcm");
        MeasurementReportWriter.write(sr, file);
        assertThat(Tools.dciodvfy(file).errors()).isEmpty();
        Tools.Result dump = Tools.run(List.of("dsrdump", "+Pl", file.toString()));
        assertThat(dump.exitCode()).isZero();
        assertThat(dump.output()).contains("NUM:(,,\"Fat fraction\")=").contains("(%,UCUM,\"Percent\")");
    }
}
