package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;

/**
 * The admin page in a real browser (Debian's headless {@code chromium}): DCMTK {@code storescu} sends a
 * phantom study to {@code myoscreen run}, which analyses it and tries to deliver to a "PACS" that refuses
 * every association ({@code storescp --refuse}), so the delivery fails for good. The page then shows what a
 * person would see: the study row with its state, the values table, a summary image that loaded (natural
 * width above 0), the failed delivery with its Resend button; Resend (the page's POST with its CSRF token)
 * makes it pending. Screenshots at 1366×768 go to {@code target/admin-page/}.
 */
class AdminPageIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    @Test
    void pageShowsTheStudyItsValuesAndImageAndAFailedDeliveryThatResendMakesPending() throws Exception {
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
        int pacsPort = NodeProcess.freePort();
        Process pacs = new ProcessBuilder("storescp", "--refuse", "-aet", "PACS", String.valueOf(pacsPort))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.log").toFile())
                .start();
        int httpPort = NodeProcess.freePort();
        // a delivery interval of an hour: after Resend the delivery stays pending long enough to be seen
        try (NodeProcess node = NodeProcess.start(
                work,
                work.resolve("data"),
                "--worker.threads",
                "1",
                "--http-port",
                String.valueOf(httpPort),
                "--quiet-period",
                "1s",
                "--study-quiet-period",
                "1s",
                "--destination",
                "PACS@127.0.0.1:" + pacsPort,
                "--delivery.interval",
                "1h")) {
            Dcmtk.Result sent =
                    Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of(), phantom.outputDir());
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            node.awaitLine(l -> l.contains("event=delivery_failed"), JOB_TIMEOUT);

            String base = "http://127.0.0.1:" + httpPort + "/";
            HttpClient http = HttpClient.newHttpClient();
            String study = phantom.studyInstanceUid();
            Chromium chromium = new Chromium(work);
            Path shots = Files.createDirectories(Path.of("target", "admin-page"));

            String studies = chromium.dumpDom(base + "#studies");
            Matcher row = Pattern.compile("<tr data-study=\"" + Pattern.quote(study) + "\">(.*?)</tr>")
                    .matcher(studies);
            assertThat(row.find()).as(studies).isTrue();
            assertThat(row.group(1)).containsAnyOf(">delivery failed<", ">QC refused<");

            String page = chromium.dumpDom(base + "#study/" + study);
            assertThat(page)
                    .contains("<table class=\"values\">")
                    .contains("IMAT")
                    .contains("LMM index")
                    .contains("PMI");
            Matcher width =
                    Pattern.compile("<img [^>]*data-natural-width=\"(\\d+)\"").matcher(page);
            assertThat(width.find()).as("a summary image that loaded: " + page).isTrue();
            assertThat(Integer.parseInt(width.group(1))).isGreaterThan(0);

            String deliveries = chromium.dumpDom(base + "#deliveries");
            assertThat(deliveries)
                    .contains("PACS@127.0.0.1:" + pacsPort)
                    .contains(">FAILED<")
                    .contains("class=\"resend\"")
                    .contains(">Resend<");
            String jobKey = firstMatch(deliveries, "<button type=\"button\" class=\"resend\" data-job=\"([^\"]+)\"");

            chromium.screenshot(base + "#now", shots.resolve("now.png"));
            chromium.screenshot(base + "#studies", shots.resolve("studies.png"));
            chromium.screenshot(base + "#study/" + study, shots.resolve("results.png"));
            chromium.screenshot(base + "#deliveries", shots.resolve("deliveries.png"));
            chromium.screenshot(base + "#config", shots.resolve("configuration.png"));

            // after a whole job: the histograms of analysis and delivery have samples, and no patient data
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(base + "metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String health = http.send(
                            HttpRequest.newBuilder(URI.create(base + "health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Files.writeString(shots.resolve("metrics.txt"), metrics);
            assertThat(metrics)
                    .contains("myoscreen_analysis_seconds_bucket{outcome=")
                    .contains("myoscreen_delivery_seconds_count{destination=\"PACS@127.0.0.1:" + pacsPort
                            + "\",outcome=\"error\"}");
            for (String open : List.of(metrics, health)) {
                assertThat(open).doesNotContain("PHANTOM^").doesNotContain(study);
            }

            // Resend as the page sends it: POST with the session's CSRF token from our own origin
            String session = http.send(
                            HttpRequest.newBuilder(URI.create(base + "api/session"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String csrf = firstMatch(session, "\"csrf_token\":\"([0-9a-f]+)\"");
            HttpResponse<String> resend = http.send(
                    HttpRequest.newBuilder(URI.create(base + "api/deliveries/resend"))
                            .header("X-CSRF-Token", csrf)
                            .header("Origin", "http://127.0.0.1:" + httpPort)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"job_key\":\"" + jobKey + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resend.statusCode()).as(resend.body()).isEqualTo(200);

            String after = chromium.dumpDom(base + "#deliveries");
            assertThat(after).contains(">PENDING<").doesNotContain(">FAILED<");
        } finally {
            pacs.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return m.group(1);
    }
}
