package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Uids;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.report.MeasurementReportWriter;
import org.myoscreen.report.SegmentationWriter;
import org.myoscreen.report.SummaryImageWriter;

/**
 * {@code run} end to end with Orthanc as the PACS: the "scanner" (DCMTK {@code storescu}) stores a
 * small T2 phantom study in Orthanc and sends it to {@code myoscreen run} (its own JVM, the
 * repository's reference model), whose destination is that Orthanc. The node's SEG, SR and summary
 * images must appear in Orthanc's copy of the study, each in its own series (checked through
 * Orthanc's REST API).
 *
 * <p>Waiting is bounded by hang detectors only: series and study quiet periods 1 s, delivery
 * interval 1 s.
 */
class OrthancRunIT {
    private static final String SCANNER = "SCANNER";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void resultsOfARunJobJoinTheStudyInOrthanc() {
        // one station, T2 only, coarse pixels: enough for the 2D reference model, quick to send and run
        PhantomSummary phantom = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(11)
                        .matrix(96)
                        .spacingMm(4)
                        .sliceThicknessMm(8)
                        .stations(1)
                        .contrasts(EnumSet.of(Contrast.T2_HASTE))
                        .build(),
                work.resolve("phantom"));
        try (Orthanc orthanc = Orthanc.start(work.resolve("orthanc"));
                NodeProcess node = NodeProcess.start(
                        work,
                        work.resolve("data"),
                        "--worker.threads",
                        "1",
                        "--quiet-period",
                        "1s",
                        "--study-quiet-period",
                        "1s",
                        "--destination",
                        orthanc.peer(),
                        "--delivery.interval",
                        "1s",
                        "--delivery.initial-backoff",
                        "1s",
                        "--delivery.max-backoff",
                        "2s")) {
            Dcmtk.Result toPacs = Dcmtk.storescu(
                    work, SCANNER, Orthanc.AE_TITLE, orthanc.dicomPort(), List.of(), phantom.outputDir());
            assertThat(toPacs.exitCode()).as(toPacs.output()).isZero();
            Dcmtk.Result toNode =
                    Dcmtk.storescu(work, SCANNER, NodeProcess.AE_TITLE, node.port(), List.of(), phantom.outputDir());
            assertThat(toNode.exitCode()).as(toNode.output()).isZero();

            node.awaitLine(l -> l.contains("event=job_delivered"), JOB_TIMEOUT);
            String done = node.linesMatching(l -> l.contains("event=job_done")).get(0);

            List<String> studies = orthanc.ids("/studies");
            assertThat(studies).as("one study in Orthanc").hasSize(1);
            JsonNode study = orthanc.get("/studies/" + studies.get(0));
            assertThat(study.get("MainDicomTags").get("StudyInstanceUID").asText())
                    .isEqualTo(phantom.studyInstanceUid());
            Map<String, JsonNode> byNumber = new HashMap<>();
            Map<String, List<String>> sopClassesByNumber = new HashMap<>();
            for (JsonNode id : study.get("Series")) {
                JsonNode series = orthanc.get("/series/" + id.asText());
                String number = series.get("MainDicomTags").path("SeriesNumber").asText();
                byNumber.put(number, series);
                List<String> classes = new ArrayList<>();
                for (JsonNode instance : series.get("Instances")) {
                    JsonNode tags = orthanc.get("/instances/" + instance.asText() + "/tags?simplify");
                    assertThat(tags.get("StudyInstanceUID").asText()).isEqualTo(phantom.studyInstanceUid());
                    classes.add(tags.get("SOPClassUID").asText());
                }
                sopClassesByNumber.put(number, classes);
            }
            assertThat(byNumber)
                    .as("series in Orthanc's study")
                    .hasSize(phantom.series().size() + 3);
            check(
                    byNumber,
                    sopClassesByNumber,
                    SegmentationWriter.SERIES_NUMBER,
                    SegmentationWriter.SERIES_DESCRIPTION,
                    "SEG",
                    Uids.SEGMENTATION_STORAGE);
            check(
                    byNumber,
                    sopClassesByNumber,
                    MeasurementReportWriter.SERIES_NUMBER,
                    MeasurementReportWriter.SERIES_DESCRIPTION,
                    "SR",
                    Uids.COMPREHENSIVE_3D_SR_STORAGE);
            check(
                    byNumber,
                    sopClassesByNumber,
                    SummaryImageWriter.SERIES_NUMBER,
                    SummaryImageWriter.SERIES_DESCRIPTION,
                    "OT",
                    Uids.SECONDARY_CAPTURE_IMAGE_STORAGE);
            System.out.println("run with Orthanc as the PACS: " + done + "; series " + byNumber.keySet());
        }
    }

    private static void check(
            Map<String, JsonNode> byNumber,
            Map<String, List<String>> sopClassesByNumber,
            int number,
            String description,
            String modality,
            String sopClass) {
        JsonNode series = byNumber.get(String.valueOf(number));
        assertThat(series).as("series %d in Orthanc", number).isNotNull();
        assertThat(series.get("MainDicomTags").get("SeriesDescription").asText())
                .isEqualTo(description);
        assertThat(series.get("MainDicomTags").get("Modality").asText()).isEqualTo(modality);
        assertThat(sopClassesByNumber.get(String.valueOf(number))).isNotEmpty().containsOnly(sopClass);
    }
}
