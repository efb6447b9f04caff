package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.testing.Dcmtk;
import org.myoscreen.dicom.net.testing.Instances;
import org.myoscreen.dicom.net.testing.RecordingHandler;
import org.myoscreen.dicom.net.testing.Tls;

/** The DICOM TLS profile with a self-signed certificate, against DCMTK storescu/echoscu +tls. */
class TlsTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final RecordingHandler handler = new RecordingHandler();
    private Tls tls;
    private DicomAcceptor acceptor;

    @BeforeEach
    void start() throws Exception {
        tls = Tls.selfSigned(dir);
        acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .artimTimeout(Duration.ofSeconds(5))
                                .tls(tls.context(), true)
                                .build(),
                        handler,
                        AssociationListener.NONE)
                .start();
    }

    @AfterEach
    void stop() {
        acceptor.close();
    }

    private String[] tlsOptions() {
        return new String[] {
            "+tls",
            tls.keyPem().toString(),
            tls.certPem().toString(),
            "+cf",
            tls.certPem().toString()
        };
    }

    @Test
    void storescuOverTlsStoresTheInstance() {
        Path mr = dir.resolve("mr.dcm");
        Attributes sent = Instances.writeMr(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);
        List<String> cmd = new java.util.ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", "MYOSCREEN"));
        cmd.addAll(List.of(tlsOptions()));
        cmd.addAll(List.of("127.0.0.1", Integer.toString(acceptor.port()), mr.toString()));

        Dcmtk.Result r = Dcmtk.run(TOOL_TIMEOUT, cmd.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(handler.received()).hasSize(1);
        RecordingHandler.Received rec = handler.received().get(0);
        assertThat(rec.request().association().tls()).isTrue();
        Instances.assertSameContent(Instances.parse(rec.dataset(), rec.request().transferSyntaxUid()), sent);
    }

    @Test
    void plainTcpPeerOnTheTlsPortFailsAndTheAcceptorKeepsServing() {
        Dcmtk.Result plain = Dcmtk.run(
                TOOL_TIMEOUT,
                "echoscu",
                "-aec",
                "MYOSCREEN",
                "-to",
                "5",
                "127.0.0.1",
                Integer.toString(acceptor.port()));
        assertThat(plain.exitCode()).isNotZero();

        List<String> cmd = new java.util.ArrayList<>(List.of("echoscu", "-aec", "MYOSCREEN"));
        cmd.addAll(List.of(tlsOptions()));
        cmd.addAll(List.of("127.0.0.1", Integer.toString(acceptor.port())));
        Dcmtk.Result r = Dcmtk.run(TOOL_TIMEOUT, cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void ourRequestorOverTlsEchoes() {
        try (Association a = DicomConnector.open(
                AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("MYOSCREEN"), "127.0.0.1", acceptor.port())
                        .tls(tls.context())
                        .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                        .build())) {
            assertThat(a.info().tls()).isTrue();
            assertThat(a.echo()).isEqualTo(DimseStatus.SUCCESS);
        }
    }

    @Test
    void ourRequestorStoresOverTlsIntoDcmtkStorescp() throws Exception {
        Path out = java.nio.file.Files.createDirectories(dir.resolve("out"));
        Path mr = dir.resolve("tls-mr.dcm");
        Attributes sent = Instances.writeMr(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1);
        try (Dcmtk.StoreScp scp = new Dcmtk.StoreScp(out, "STORESCP", tlsOptions());
                Association a = DicomConnector.open(
                        AssociationRequest.builder(AeTitle.of("ME"), AeTitle.of("STORESCP"), "127.0.0.1", scp.port())
                                .tls(tls.context())
                                .propose(DicomConnector.proposalsFor(List.of(mr)))
                                .build())) {
            assertThat(a.store(mr).status()).isEqualTo(DimseStatus.SUCCESS);
        }
        String uid = sent.getString(org.myoscreen.dicom.Tag.SOPInstanceUID).orElseThrow();
        Instances.assertSameContent(
                org.myoscreen.dicom.Part10Reader.read(out.resolve("MR." + uid)).dataset(), sent);
    }
}
