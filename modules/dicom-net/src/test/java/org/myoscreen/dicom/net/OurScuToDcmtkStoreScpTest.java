package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.testing.Dcmtk;
import org.myoscreen.dicom.net.testing.Instances;

/** Our requestor against DCMTK storescp, including acceptors restricted so that we must convert. */
class OurScuToDcmtkStoreScpTest {
    @TempDir
    Path dir;

    static Stream<Arguments> acceptors() {
        return Stream.of(
                // +xi: implicit only, so our explicit VR file is converted EVR -> IVR
                Arguments.of("+xi", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                // +xe: prefers explicit, so our implicit VR file is converted IVR -> EVR
                Arguments.of("+xe", TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of(
                        "+xe", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @ParameterizedTest(name = "storescp {0}: file {1} arrives as {2}")
    @MethodSource("acceptors")
    void storedFilesHaveTheSentContent(String option, TransferSyntax fileTs, TransferSyntax expectedTs)
            throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<Path> files = new ArrayList<>();
        List<Attributes> datasets = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path f = in.resolve("mr" + i + ".dcm");
            datasets.add(Instances.writeMr(f, fileTs, i));
            files.add(f);
        }
        // one context per SOP class offering only EVR and IVR, so the acceptor's choice decides
        List<PresentationContext> proposals =
                List.of(PresentationContext.uncompressed(PresentationContextPolicy.MR_IMAGE_STORAGE));

        try (Dcmtk.StoreScp scp = new Dcmtk.StoreScp(out, "STORESCP", option)) {
            try (Association a = DicomConnector.open(
                    AssociationRequest.builder(AeTitle.of("MYSCU"), AeTitle.of("STORESCP"), "127.0.0.1", scp.port())
                            .propose(proposals)
                            .build())) {
                assertThat(a.acceptedTransferSyntax(PresentationContextPolicy.MR_IMAGE_STORAGE))
                        .contains(expectedTs.uid());
                for (Path f : files) {
                    StoreResult result = a.store(f);
                    assertThat(result.status()).as(result.toString()).isEqualTo(DimseStatus.SUCCESS);
                }
            }
        }

        for (Attributes sent : datasets) {
            String uid = sent.getString(Tag.SOPInstanceUID).orElseThrow();
            Path stored = out.resolve("MR." + uid);
            assertThat(stored).exists();
            DicomFile df = Part10Reader.read(stored);
            assertThat(df.transferSyntax().uid()).isEqualTo(expectedTs.uid());
            Instances.assertSameContent(df.dataset(), sent);
            Dcmtk.Result dump = Dcmtk.run(java.time.Duration.ofSeconds(30), "dcmdump", "-q", stored.toString());
            assertThat(dump.exitCode()).as(dump.output()).isZero();
            assertThat(dump.output()).contains(uid);
        }
    }

    @Test
    void echoAgainstStoreScpSucceeds() throws Exception {
        try (Dcmtk.StoreScp scp = new Dcmtk.StoreScp(dir, "STORESCP");
                Association a = DicomConnector.open(
                        AssociationRequest.builder(AeTitle.of("MYSCU"), AeTitle.of("STORESCP"), "127.0.0.1", scp.port())
                                .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                                .build())) {
            assertThat(a.echo()).isEqualTo(DimseStatus.SUCCESS);
        }
    }
}
