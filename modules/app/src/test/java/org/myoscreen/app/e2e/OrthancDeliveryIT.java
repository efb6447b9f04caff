package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.AnalysisInput;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.analysis.testing.PhantomStructures;
import org.myoscreen.analysis.testing.ShippedConf;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.Uids;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.report.MeasurementReportWriter;
import org.myoscreen.report.ReportContext;
import org.myoscreen.report.ResultObjects;
import org.myoscreen.report.SegmentationWriter;
import org.myoscreen.report.SourceImages;
import org.myoscreen.report.SummaryImageWriter;

/**
 * Orthanc (Debian package) as the PACS: a phantom MR study and our SEG, SR and summary images for it,
 * sent with {@code myoscreen send} (our C-STORE SCU, a separate JVM), are checked through Orthanc's
 * REST API: one study, the source series and three result series with our numbers, descriptions and
 * SOP classes.
 */
class OrthancDeliveryIT {

    @TempDir
    Path dir;

    @Test
    void resultObjectsJoinTheSourceStudyInOrthancInTheirOwnSeries() throws Exception {
        PhantomStudy study = Phantom.generate(PhantomOptions.builder()
                .seed(5)
                .matrix(64)
                .spacingMm(7)
                .sliceThicknessMm(10)
                .stations(1)
                .contrasts(EnumSet.of(Contrast.T2_HASTE))
                .build());
        Path studyDir = dir.resolve("study");
        PhantomWriter.write(study, studyDir);
        List<Path> sourceFiles = dicomFiles(studyDir);
        List<Attributes> datasets = new ArrayList<>();
        for (Path f : sourceFiles) {
            datasets.add(Part10Reader.readUntilPixelData(f).dataset());
        }
        SourceImages source = SourceImages.fromDatasets(datasets);
        ReportContext context = new ReportContext(
                "orthanc-it", "myoscreen-phantom-truth", "0.1.0", "myoscreen", LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        ResultObjects.Written written = ResultObjects.write(
                context,
                new ResultObjects.Input(
                        source,
                        study.labels(),
                        study.seriesOf(Contrast.T2_HASTE).get(0).volume(),
                        structures(),
                        true,
                        analyze(study)),
                dir.resolve("results"));

        try (Orthanc orthanc = Orthanc.start(dir.resolve("orthanc"))) {
            // The source images first, as the modality would have stored them; then our results.
            for (Path what : List.of(studyDir, dir.resolve("results"))) {
                NodeProcess.Exit sent =
                        NodeProcess.runToExit(dir.resolve("work"), "send", orthanc.peer(), what.toString());
                assertThat(sent.code())
                        .as("send %s:\n%s\n%s\nOrthanc log:\n%s", what, sent.stdout(), sent.stderr(), orthanc.logText())
                        .isZero();
                assertThat(sent.stdout()).contains("0 failure");
            }

            List<String> studies = orthanc.ids("/studies");
            assertThat(studies).as("one study in Orthanc").hasSize(1);
            JsonNode stored = orthanc.get("/studies/" + studies.get(0));
            assertThat(stored.get("MainDicomTags").get("StudyInstanceUID").asText())
                    .isEqualTo(source.studyInstanceUid());
            assertThat(orthanc.ids("/patients")).hasSize(1);

            Map<String, JsonNode> seriesByUid = new HashMap<>();
            Map<String, List<JsonNode>> instancesBySeries = new HashMap<>();
            for (JsonNode id : stored.get("Series")) {
                JsonNode series = orthanc.get("/series/" + id.asText());
                String uid =
                        series.get("MainDicomTags").get("SeriesInstanceUID").asText();
                seriesByUid.put(uid, series);
                List<JsonNode> tags = new ArrayList<>();
                for (JsonNode instance : series.get("Instances")) {
                    tags.add(orthanc.get("/instances/" + instance.asText() + "/tags?simplify"));
                }
                instancesBySeries.put(uid, tags);
            }
            String sourceSeries = source.seriesInstanceUids().get(0);
            assertThat(seriesByUid)
                    .as("source series and SEG, SR, SC series")
                    .hasSize(4)
                    .containsKey(sourceSeries);
            assertThat(instancesBySeries.get(sourceSeries)).hasSize(sourceFiles.size());

            List<String> seenSops = new ArrayList<>();
            checkResultSeries(
                    written.seg(),
                    seriesByUid,
                    instancesBySeries,
                    SegmentationWriter.SERIES_NUMBER,
                    SegmentationWriter.SERIES_DESCRIPTION,
                    "SEG",
                    Uids.SEGMENTATION_STORAGE,
                    1,
                    source,
                    seenSops);
            checkResultSeries(
                    written.sr(),
                    seriesByUid,
                    instancesBySeries,
                    MeasurementReportWriter.SERIES_NUMBER,
                    MeasurementReportWriter.SERIES_DESCRIPTION,
                    "SR",
                    Uids.COMPREHENSIVE_3D_SR_STORAGE,
                    1,
                    source,
                    seenSops);
            checkResultSeries(
                    written.sc().get(0),
                    seriesByUid,
                    instancesBySeries,
                    SummaryImageWriter.SERIES_NUMBER,
                    SummaryImageWriter.SERIES_DESCRIPTION,
                    "OT",
                    Uids.SECONDARY_CAPTURE_IMAGE_STORAGE,
                    written.sc().size(),
                    source,
                    seenSops);
            assertThat(seenSops).containsExactlyInAnyOrderElementsOf(written.sopInstanceUids());

            // What a viewer retrieves from the PACS is what we wrote: every result dataset comes back unchanged.
            List<Path> ours = new ArrayList<>(List.of(written.seg(), written.sr()));
            ours.addAll(written.sc());
            for (Path file : ours) {
                Attributes wrote = Part10Reader.read(file).dataset();
                String sop = wrote.getString(Tag.SOPInstanceUID, "");
                Path back = dir.resolve("back-" + file.getFileName());
                Files.write(back, orthanc.getBytes("/instances/" + instanceId(orthanc, sop) + "/file"));
                assertThat(Part10Reader.read(back).dataset())
                        .as("%s as Orthanc returns it", file.getFileName())
                        .isEqualTo(wrote);
            }
        }
    }

    private static void checkResultSeries(
            Path file,
            Map<String, JsonNode> seriesByUid,
            Map<String, List<JsonNode>> instancesBySeries,
            int number,
            String description,
            String modality,
            String sopClass,
            int instances,
            SourceImages source,
            List<String> seenSops) {
        Attributes ds = Part10Reader.readUntilPixelData(file).dataset();
        String seriesUid = ds.getString(Tag.SeriesInstanceUID, "");
        JsonNode series = seriesByUid.get(seriesUid);
        assertThat(series).as("series of %s in Orthanc", file.getFileName()).isNotNull();
        JsonNode tags = series.get("MainDicomTags");
        assertThat(tags.get("SeriesNumber").asText()).isEqualTo(String.valueOf(number));
        assertThat(tags.get("SeriesDescription").asText()).isEqualTo(description);
        assertThat(tags.get("Modality").asText()).isEqualTo(modality);
        List<JsonNode> stored = instancesBySeries.get(seriesUid);
        assertThat(stored).as("instances of %s", description).hasSize(instances);
        for (JsonNode instance : stored) {
            assertThat(instance.get("SOPClassUID").asText()).isEqualTo(sopClass);
            assertThat(instance.get("StudyInstanceUID").asText()).isEqualTo(source.studyInstanceUid());
            assertThat(instance.get("PatientID").asText())
                    .isEqualTo(source.patientStudy().getString(Tag.PatientID, ""));
            seenSops.add(instance.get("SOPInstanceUID").asText());
        }
    }

    /** Orthanc's identifier of the instance with this SOP Instance UID (POST-free: /instances?expand). */
    private static String instanceId(Orthanc orthanc, String sopInstanceUid) {
        for (JsonNode instance : orthanc.get("/instances?expand")) {
            if (instance.get("MainDicomTags").get("SOPInstanceUID").asText().equals(sopInstanceUid)) {
                return instance.get("ID").asText();
            }
        }
        throw new AssertionError("no instance " + sopInstanceUid + " in Orthanc");
    }

    static List<Path> dicomFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The phantom's label convention (TissueLabel), as the reference model writes it. */
    static StructureMap structures() {
        return PhantomStructures.withImatLabels();
    }

    /** The real analysis (the repository's reference table and risk models) on the phantom's exact labels. */
    static AnalysisResult analyze(PhantomStudy study) {
        return ShippedConf.analyzer()
                .analyze(AnalysisInput.singleContrast(
                        study.seriesOf(Contrast.T2_HASTE).get(0).volume(),
                        "T2 HASTE",
                        study.labels(),
                        structures(),
                        PhantomStructures.facts(study)));
    }
}
