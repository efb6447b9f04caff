package org.myoscreen.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.MainAccess;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.testing.TestDatasets;

/** {@code echo} and {@code send} against DCMTK storescp (accepting Implicit VR only, so send converts). */
class EchoSendCommandsTest {
    @TempDir
    Path dir;

    private Process storescp;
    private int port;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startStoreScp() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("received"));
        ProcessBuilder pb = new ProcessBuilder(
                        "storescp",
                        "-aet",
                        "PACS",
                        "+xi",
                        "-od",
                        dir.resolve("received").toString(),
                        String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        storescp = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("storescp did not listen on " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stopStoreScp() throws InterruptedException {
        storescp.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private int run(String... args) {
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                dir);
        return new MainAccess().run(List.of(args), context);
    }

    @Test
    void echoReportsSuccessAndWrongAeIsAFailure() {
        assertThat(run("echo", "PACS@127.0.0.1:" + port)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("status 0000 (SUCCESS)");
        assertThat(run("echo", "PACS@127.0.0.1:notaport")).isEqualTo(2);
    }

    @Test
    void sendStoresAFolderConvertingToImplicitAndSkipsWhatIsNotDicom() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("study/series"));
        for (int i = 0; i < 3; i++) {
            Attributes ds = TestDatasets.mrImage(8, 8);
            Files.write(
                    folder.resolve("im" + i + ".dcm"),
                    TestDatasets.part10(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        }
        Files.writeString(folder.resolve("notes.txt"), "not DICOM");

        assertThat(run("send", "PACS@127.0.0.1:" + port, "study")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("sent 3 instances to PACS@127.0.0.1:" + port + ": 3 success, 0 warning, 0 failure");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("skipped").contains("notes.txt");
        try (Stream<Path> received = Files.list(dir.resolve("received"))) {
            List<Path> files = received.toList();
            assertThat(files).hasSize(3);
            for (Path f : files) {
                assertThat(org.myoscreen.dicom.Part10Reader.readUntilPixelData(f)
                                .transferSyntax())
                        .isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
                assertThat(org.myoscreen.dicom.Part10Reader.readUntilPixelData(f)
                                .dataset()
                                .getString(Tag.Modality))
                        .contains("MR");
            }
        }
    }
}
