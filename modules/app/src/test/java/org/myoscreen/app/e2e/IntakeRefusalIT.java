package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;

/**
 * What DCMTK tools see when {@code myoscreen run} (its own JVM) refuses: the free-disk watermark
 * (C-STORE status A700, nothing left in the spool) and association rejection for a wrong called
 * AE title or a calling AE title outside the allow-list, after which the node keeps serving.
 */
class IntakeRefusalIT {
    @TempDir
    static Path shared;

    private static PhantomSummary phantom;

    @TempDir
    Path work;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void writePhantom() {
        phantom = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(11)
                        .stations(1)
                        .matrix(16)
                        .sliceThicknessMm(20)
                        .build(),
                shared.resolve("phantom"));
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeProcess::close);
    }

    private NodeProcess startNode(Path dataDir, String... args) {
        NodeProcess node = NodeProcess.start(work, dataDir, args);
        nodes.add(node);
        return node;
    }

    @Test
    void freeDiskBelowWatermarkIsAnsweredA700AndLeavesNothingInTheSpool() {
        Path data = work.resolve("data");
        NodeProcess node = startNode(data, "--spool.min-free-disk", "1000TB");

        Dcmtk.Result sent =
                Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of("-d"), phantom.outputDir());

        assertThat(sent.exitCode()).as(sent.output()).isNotZero();
        assertThat(sent.output())
                .containsIgnoringCase("DIMSE Status                  : 0xa700")
                .contains("Refused: Out of resources")
                .contains("Spool disk below free-space watermark")
                .doesNotContain("Received Store Response (Success)");
        assertThat(NodeData.allSpoolFiles(data)).isEmpty();
        assertThat(NodeData.pendingJobs(data)).isEmpty();
        assertThat(node.isAlive()).isTrue();
    }

    @Test
    void wrongCalledAeTitleIsRejectedAndTheNodeKeepsServing() {
        NodeProcess node = startNode(work.resolve("data"));

        Dcmtk.Result echo = Dcmtk.echoscu(work, "SCANNER", "NOT_US", node.port());
        Dcmtk.Result store = Dcmtk.storescu(work, "SCANNER", "NOT_US", node.port(), List.of("-v"), phantom.outputDir());

        assertThat(echo.exitCode()).as(echo.output()).isNotZero();
        assertThat(echo.output()).contains("Association Rejected").contains("Called AE Title Not Recognized");
        assertThat(store.exitCode()).as(store.output()).isNotZero();
        assertThat(store.output()).contains("Association Rejected").doesNotContain("Received Store Response");
        assertThat(NodeData.spooledInstances(work.resolve("data"))).isEmpty();
        Dcmtk.Result ok = Dcmtk.echoscu(work, "SCANNER", NodeProcess.AE_TITLE, node.port());
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Received Echo Response (Success)");
    }

    @Test
    void callingAeTitleOutsideTheAllowListIsRejectedAndTheNodeKeepsServing() {
        NodeProcess node =
                startNode(work.resolve("data"), "--allowed-calling-ae", "SCANNER", "--allowed-calling-ae", "PACS");

        Dcmtk.Result echo = Dcmtk.echoscu(work, "INTRUDER", NodeProcess.AE_TITLE, node.port());
        Dcmtk.Result store =
                Dcmtk.storescu(work, "INTRUDER", NodeProcess.AE_TITLE, node.port(), List.of("-v"), phantom.outputDir());

        assertThat(echo.exitCode()).as(echo.output()).isNotZero();
        assertThat(echo.output()).contains("Association Rejected").contains("Calling AE Title Not Recognized");
        assertThat(store.exitCode()).as(store.output()).isNotZero();
        assertThat(store.output()).contains("Association Rejected").doesNotContain("Received Store Response");
        assertThat(NodeData.spooledInstances(work.resolve("data"))).isEmpty();
        for (String allowed : List.of("SCANNER", "PACS")) {
            Dcmtk.Result ok = Dcmtk.echoscu(work, allowed, NodeProcess.AE_TITLE, node.port());
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("Received Echo Response (Success)");
        }
    }
}
