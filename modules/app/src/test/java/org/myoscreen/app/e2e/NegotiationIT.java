package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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
 * The presentation contexts {@code myoscreen run} (its own JVM) accepts, as DCMTK {@code storescu}
 * sees them: MR (in Explicit and Implicit VR Little Endian) and Enhanced MR are stored; another
 * SOP class is refused at negotiation, so nothing of it is sent and nothing is spooled. (Transfer
 * syntaxes other than the two little-endian ones cannot be forced with storescu alone; dicom-net's
 * negotiation tests cover them.)
 */
class NegotiationIT {
    @TempDir
    Path work;

    private NodeProcess node;

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private Path write(String name, Attributes ds) throws Exception {
        Path file = Files.createDirectories(work.resolve("in")).resolve(name);
        Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    @Test
    void mrAndEnhancedMrAreStoredInBothLittleEndianSyntaxesWhileAnotherSopClassIsRefused() throws Exception {
        Path data = work.resolve("data");
        node = NodeProcess.start(work, data);
        Attributes mr = TestDatasets.mrImage(8, 8);
        Attributes mr2 = TestDatasets.mrImage(8, 8);
        Attributes ct = TestDatasets.mrImage(8, 8);
        ct.setString(Tag.SOPClassUID, VR.UI, Uids.CT_IMAGE_STORAGE);
        ct.setString(Tag.Modality, VR.CS, "CT");
        Path mrFile = write("mr.dcm", mr);
        Path mr2File = write("mr2.dcm", mr2);
        Path ctFile = write("ct.dcm", ct);
        Attributes enhanced = TestDatasets.mrImage(8, 8);
        enhanced.setString(Tag.SOPClassUID, VR.UI, Uids.ENHANCED_MR_IMAGE_STORAGE);
        enhanced.setInt(Tag.NumberOfFrames, VR.IS, 1);
        Path enhancedFile = write("enhanced.dcm", enhanced);

        Dcmtk.Result explicit =
                Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of("-v", "-xe"), mrFile);
        Dcmtk.Result implicit =
                Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of("-v", "-xi"), mr2File);
        Dcmtk.Result enhancedMr =
                Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of("-v"), enhancedFile);
        Dcmtk.Result otherClass =
                Dcmtk.storescu(work, "SCANNER", NodeProcess.AE_TITLE, node.port(), List.of("-v"), ctFile);

        assertThat(explicit.exitCode()).as(explicit.output()).isZero();
        assertThat(explicit.output()).contains("Received Store Response (Success)");
        assertThat(implicit.exitCode()).as(implicit.output()).isZero();
        assertThat(implicit.output())
                .contains("Little Endian Explicit -> Little Endian Implicit")
                .contains("Received Store Response (Success)");
        assertThat(enhancedMr.exitCode()).as(enhancedMr.output()).isZero();
        assertThat(enhancedMr.output()).contains("Received Store Response (Success)");
        assertThat(otherClass.exitCode()).as(otherClass.output()).isNotZero();
        assertThat(otherClass.output())
                .contains("No presentation context for: (CT)")
                .doesNotContain("Received Store Response");
        assertThat(NodeData.spooledInstances(data).keySet())
                .containsExactlyInAnyOrder(
                        mr.getString(Tag.SOPInstanceUID).orElseThrow(),
                        mr2.getString(Tag.SOPInstanceUID).orElseThrow(),
                        enhanced.getString(Tag.SOPInstanceUID).orElseThrow());
    }
}
