package org.myoscreen.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.delivery.Delivery;
import org.myoscreen.pipeline.delivery.DeliveryPolicy;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.delivery.DicomSender;
import org.myoscreen.pipeline.delivery.Outbox;

class OutboxCommandsTest {
    private static final String JOB = "2.25.7/0123456789abcdef/v2";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("MYOSCREEN_DATA_DIR", "node-data"),
                dir);
        return new org.myoscreen.app.MainAccess().run(List.of(args), context);
    }

    @Test
    void listsDeadDeliveriesAndResendMakesThemPending() throws Exception {
        Path file = dir.resolve("sr.dcm");
        Files.write(file, TestDatasets.part10(TestDatasets.mrImage(4, 4), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        Outbox outbox = outboxAt(start);
        outbox.add(JOB, List.of(file), List.of(new Destination("PACS", "127.0.0.1", closedPort)));
        outbox.deliverDue();
        outbox = outboxAt(start.plusSeconds(2));
        outbox.deliverDue();
        assertThat(outbox.failed()).singleElement().extracting(Delivery::state).isEqualTo(Delivery.State.DEAD);

        assertThat(run("deliveries")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("DEAD job=" + JOB + " file=sr.dcm destination=PACS@127.0.0.1:" + closedPort + " attempts=2");

        assertThat(run("resend", JOB)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("resend " + JOB + ": 1 deliveries pending again");
        assertThat(outbox.deliveries(JOB))
                .singleElement()
                .extracting(Delivery::state)
                .isEqualTo(Delivery.State.PENDING);

        assertThat(run("resend", JOB)).as("nothing left to resend").isEqualTo(1);
    }

    /** An outbox on the node's data folder whose clock stands at {@code now}; retries give up after 1 s. */
    private Outbox outboxAt(Instant now) {
        DeliveryPolicy tiny =
                new DeliveryPolicy(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), Duration.ofSeconds(1));
        return new Outbox(
                dir.resolve("node-data/outbox"),
                tiny,
                Clock.fixed(now, ZoneOffset.UTC),
                new DicomSender(AeTitle.of("MYOSCREEN"), Duration.ofSeconds(5))::send);
    }

    @Test
    void resendOfUnknownJobExitsOne() throws IOException {
        assertThat(run("resend", "2.25.1/none/v1")).isEqualTo(1);
    }
}
