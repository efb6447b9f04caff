package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;

/**
 * Eight DCMTK {@code storescu} processes send 100 small MR instances each (each sender its own
 * study and series) to one {@code myoscreen run} JVM at the same time: every C-STORE is answered
 * Success, and every instance is in the spool and in the ledger.
 */
class ConcurrentSendersIT {
    private static final int SENDERS = 8;
    private static final int PER_SENDER = 100;

    @TempDir
    static Path shared;

    private static final List<Path> folders = new ArrayList<>();
    /** SOP Instance UID → Series Instance UID of every instance written. */
    private static final Map<String, String> seriesBySop = new HashMap<>();

    @TempDir
    Path work;

    private NodeProcess node;

    @BeforeAll
    static void writeInstances() throws Exception {
        for (int s = 0; s < SENDERS; s++) {
            Path folder = Files.createDirectories(shared.resolve("sender-" + s));
            folders.add(folder);
            Attributes template = TestDatasets.mrImage(16, 16); // fresh study and series UIDs
            template.setInt(Tag.SeriesNumber, VR.IS, s + 1);
            String series = template.getString(Tag.SeriesInstanceUID).orElseThrow();
            for (int i = 1; i <= PER_SENDER; i++) {
                Attributes ds = template.copy();
                String sop = Uids.newUid();
                ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
                ds.setInt(Tag.InstanceNumber, VR.IS, i);
                ds.setDouble(Tag.ImagePositionPatient, VR.DS, -100.0, -120.5, 3.0 * i);
                Part10Writer.write(
                        folder.resolve(String.format("IM%04d.dcm", i)), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                seriesBySop.put(sop, series);
            }
        }
    }

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void eightConcurrentStorescuProcessesOfHundredInstancesAllSucceedAndAreSpooledAndRecorded() throws Exception {
        Path data = work.resolve("data");
        node = NodeProcess.start(work, data);
        List<Dcmtk.Result> results = new ArrayList<>();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<Dcmtk.Result>> running = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                Path folder = folders.get(s);
                String callingAe = "SENDER" + s;
                running.add(senders.submit(() ->
                        Dcmtk.storescu(work, callingAe, NodeProcess.AE_TITLE, node.port(), List.of("-v"), folder)));
            }
            for (Future<Dcmtk.Result> f : running) {
                results.add(f.get());
            }
        } finally {
            senders.shutdownNow();
        }

        for (Dcmtk.Result r : results) {
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output().lines().filter(l -> l.startsWith("I: Received Store Response")))
                    .as(r.output())
                    .hasSize(PER_SENDER)
                    .allMatch(l -> l.equals("I: Received Store Response (Success)"));
        }
        Map<String, Path> spooled = NodeData.spooledInstances(data);
        assertThat(spooled.keySet())
                .hasSize(SENDERS * PER_SENDER)
                .containsExactlyInAnyOrderElementsOf(seriesBySop.keySet());
        spooled.forEach((sop, file) ->
                assertThat(file.getParent().getFileName().toString()).as(sop).isEqualTo(seriesBySop.get(sop)));
        assertThat(NodeData.ledgerInstancesOnceCommitted(data, SENDERS * PER_SENDER))
                .hasSize(SENDERS * PER_SENDER)
                .containsExactlyInAnyOrderElementsOf(seriesBySop.keySet());
        assertThat(node.isAlive()).isTrue();
    }
}
