package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.app.worker.ResultSenders;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.delivery.Delivery;
import org.myoscreen.pipeline.delivery.DeliveryPolicy;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.delivery.DicomSender;
import org.myoscreen.pipeline.delivery.Outbox;
import org.myoscreen.report.MeasurementReportWriter;
import org.myoscreen.report.ReportContext;
import org.myoscreen.report.ResultObjects;
import org.myoscreen.report.SegmentationWriter;
import org.myoscreen.report.SourceImages;
import org.myoscreen.report.SummaryImageWriter;

/**
 * STOW-RS delivery against a real DICOMweb server: Orthanc with its DICOMweb plugin (Debian packages
 * {@code orthanc}, {@code orthanc-dicomweb}) and HTTP basic authentication. The outbox and its sender are
 * built from configuration as {@code run} builds them ({@code --destination stow+http://...}, credentials
 * from the environment). The source study arrives over C-STORE; our SEG, SR and summary images over
 * STOW-RS must join it, be found by QIDO-RS by their series descriptions and come back unchanged through
 * WADO-RS. A server that is down is retried until it answers; wrong credentials fail at once with the
 * server's reason.
 */
class StowRsDeliveryIT {
    private static final String USER = "myoscreen";
    private static final String PASSWORD = "stow-secret-42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConfigLoader LOADER = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));
    private static final String JOB = "stow-it/job/v1";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void resultsJoinTheSourceStudyOnceTheServerIsUpAndComeBackUnchangedThroughWadoRs() throws Exception {
        PhantomStudy study = Phantom.generate(PhantomOptions.builder()
                .seed(6)
                .matrix(64)
                .spacingMm(7)
                .sliceThicknessMm(10)
                .stations(1)
                .contrasts(EnumSet.of(Contrast.T2_HASTE))
                .build());
        Path studyDir = dir.resolve("study");
        PhantomWriter.write(study, studyDir);
        List<Path> sourceFiles = OrthancDeliveryIT.dicomFiles(studyDir);
        ResultObjects.Written written = results(study, sourceFiles);
        String studyUid =
                Part10Reader.readUntilPixelData(written.sr()).dataset().getString(Tag.StudyInstanceUID, "");
        List<Path> ours = new ArrayList<>(List.of(written.seg(), written.sr()));
        ours.addAll(written.sc());

        int httpPort = NodeProcess.freePort();
        Outbox outbox = outbox(httpPort, PASSWORD);
        outbox.add(JOB, ours, destinations(httpPort, PASSWORD));

        // the server is not up yet: every instance waits for a retry
        assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, ours.size(), 0, 0));
        assertThat(outbox.deliveries(JOB)).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
            assertThat(d.lastError().orElseThrow()).contains("ConnectException");
        });

        try (Orthanc orthanc = Orthanc.startWithDicomWeb(dir.resolve("orthanc"), httpPort, USER, PASSWORD)) {
            // the modality's images first, over C-STORE
            new DicomSender(AeTitle.of("SCANNER"), Duration.ofSeconds(30))
                    .send(Destination.parse(orthanc.peer()), sourceFiles)
                    .forEach(r ->
                            assertThat(r.status().isSuccess()).as(r.toString()).isTrue());

            clock.advance(Duration.ofMinutes(1));
            Outbox.Round round = outbox.deliverDue();
            assertThat(round)
                    .as("Orthanc log:\n%s", orthanc.logText())
                    .isEqualTo(new Outbox.Round(ours.size(), 0, 0, 0));
            assertThat(outbox.deliveries(JOB))
                    .as("a delivered job leaves the outbox")
                    .isEmpty();

            // QIDO-RS: the study holds the source series and our three series, each found by its description
            JsonNode series =
                    json(orthanc.get("/dicom-web/studies/" + studyUid + "/series", "Accept", "application/dicom+json"));
            assertThat(series).hasSize(4);
            for (Path file : List.of(written.seg(), written.sr(), written.sc().get(0))) {
                Attributes ds = Part10Reader.readUntilPixelData(file).dataset();
                String description = ds.getString(Tag.SeriesDescription, "");
                // Debian's orthanc-dicomweb 1.7 does not percent-decode query values (a %20 or + never matches a
                // space),
                // so each space is sent as '?' (any one character, PS3.4 C.2.2.2.4) and nothing is encoded; the one
                // answer must carry the whole description
                String pattern = description.replace(' ', '?');
                JsonNode found = json(orthanc.get(
                        "/dicom-web/studies/" + studyUid + "/series?SeriesDescription=" + pattern,
                        "Accept",
                        "application/dicom+json"));
                assertThat(found)
                        .as("QIDO-RS by SeriesDescription '%s'", pattern)
                        .hasSize(1);
                assertThat(found.get(0).get("0008103E").get("Value").get(0).asText())
                        .isEqualTo(description);
                assertThat(found.get(0).get("0020000E").get("Value").get(0).asText())
                        .isEqualTo(ds.getString(Tag.SeriesInstanceUID, ""));
            }
            assertThat(json(orthanc.get(
                            "/dicom-web/studies?StudyInstanceUID=" + studyUid, "Accept", "application/dicom+json")))
                    .as("one study")
                    .hasSize(1);

            // WADO-RS: each instance comes back as we wrote it
            for (Path file : ours) {
                Attributes wrote = Part10Reader.read(file).dataset();
                HttpResponse<byte[]> r = orthanc.get(
                        "/dicom-web/studies/" + studyUid + "/series/" + wrote.getString(Tag.SeriesInstanceUID, "")
                                + "/instances/" + wrote.getString(Tag.SOPInstanceUID, ""),
                        "Accept",
                        "multipart/related; type=\"application/dicom\"");
                assertThat(r.statusCode()).isEqualTo(200);
                Path back = dir.resolve("wado-" + file.getFileName());
                Files.write(back, onlyPart(r));
                assertThat(Part10Reader.read(back).dataset())
                        .as("%s through WADO-RS", file.getFileName())
                        .isEqualTo(wrote);
            }
        }
    }

    @Test
    void wrongCredentialsFailEveryInstanceAtOnceWithTheServersReason() throws Exception {
        PhantomStudy study = Phantom.generate(PhantomOptions.builder()
                .seed(8)
                .matrix(48)
                .spacingMm(9)
                .sliceThicknessMm(12)
                .stations(1)
                .contrasts(EnumSet.of(Contrast.T2_HASTE))
                .build());
        Path studyDir = dir.resolve("study");
        PhantomWriter.write(study, studyDir);
        ResultObjects.Written written = results(study, OrthancDeliveryIT.dicomFiles(studyDir));
        int httpPort = NodeProcess.freePort();
        try (Orthanc orthanc = Orthanc.startWithDicomWeb(dir.resolve("orthanc"), httpPort, USER, PASSWORD)) {
            Outbox outbox = outbox(httpPort, "not-" + PASSWORD);
            outbox.add(JOB, List.of(written.seg(), written.sr()), destinations(httpPort, "not-" + PASSWORD));

            assertThat(outbox.deliverDue()).isEqualTo(new Outbox.Round(0, 0, 2, 0));
            assertThat(outbox.failed()).hasSize(2).allSatisfy(d -> {
                assertThat(d.state()).isEqualTo(Delivery.State.FAILED);
                assertThat(d.lastError().orElseThrow()).contains("HTTP 401").doesNotContain(PASSWORD);
            });
            assertThat(orthanc.ids("/studies")).as("nothing stored").isEmpty();
        }
    }

    private Outbox outbox(int httpPort, String password) {
        Settings settings = settings(httpPort, password);
        return new Outbox(
                dir.resolve("outbox"),
                DeliveryPolicy.defaults(),
                clock,
                ResultSenders.create(settings, dir, Duration.ofSeconds(30)));
    }

    private List<Destination> destinations(int httpPort, String password) {
        return settings(httpPort, password).get(NodeConfigKeys.DESTINATION).stream()
                .map(Destination::parse)
                .toList();
    }

    /** As {@code run} reads them: the destination from a flag, the credentials from the environment. */
    private Settings settings(int httpPort, String password) {
        return LOADER.load(
                ParsedArgs.parse(
                        "run",
                        List.of("--destination", "stow+http://127.0.0.1:" + httpPort + "/dicom-web/"),
                        LOADER.optionSpecs()),
                Map.of("MYOSCREEN_DICOMWEB_USERNAME", USER, "MYOSCREEN_DICOMWEB_PASSWORD", password),
                dir);
    }

    private ResultObjects.Written results(PhantomStudy study, List<Path> sourceFiles) {
        List<Attributes> datasets = new ArrayList<>();
        for (Path f : sourceFiles) {
            datasets.add(Part10Reader.readUntilPixelData(f).dataset());
        }
        SourceImages source = SourceImages.fromDatasets(datasets);
        ReportContext context = new ReportContext(
                "stow-it", "myoscreen-phantom-truth", "0.1.0", "myoscreen", LocalDateTime.of(2026, 12, 1, 10, 0, 0));
        ResultObjects.Written written = ResultObjects.write(
                context,
                new ResultObjects.Input(
                        source,
                        study.labels(),
                        study.seriesOf(Contrast.T2_HASTE).get(0).volume(),
                        OrthancDeliveryIT.structures(),
                        true,
                        OrthancDeliveryIT.analyze(study)),
                dir.resolve("results"));
        assertThat(Part10Reader.readUntilPixelData(written.seg()).dataset().getString(Tag.SeriesDescription, ""))
                .isEqualTo(SegmentationWriter.SERIES_DESCRIPTION);
        assertThat(Part10Reader.readUntilPixelData(written.sr()).dataset().getString(Tag.SeriesDescription, ""))
                .isEqualTo(MeasurementReportWriter.SERIES_DESCRIPTION);
        assertThat(Part10Reader.readUntilPixelData(written.sc().get(0))
                        .dataset()
                        .getString(Tag.SeriesDescription, ""))
                .isEqualTo(SummaryImageWriter.SERIES_DESCRIPTION);
        return written;
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /**
     * The body of the single part of a WADO-RS multipart/related response (PS3.18 8.7.3): between the first
     * boundary's blank line and the closing boundary.
     */
    private static byte[] onlyPart(HttpResponse<byte[]> r) {
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        String boundary = type.replaceAll("(?i).*boundary=\"?([^\";]+)\"?.*", "$1");
        byte[] body = r.body();
        byte[] open = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), indexOf(body, open, 0)) + 4;
        int end = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), start);
        assertThat(start).as("part header in %s", type).isGreaterThan(3);
        assertThat(end).as("closing boundary").isGreaterThan(start);
        return java.util.Arrays.copyOfRange(body, start, end);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
