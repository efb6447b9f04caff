package org.myoscreen.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.testing.TestDatasets;

/**
 * {@code myoscreen run} (its own JVM) with {@code tls.keystore}: DCMTK tools associate and store
 * over TLS, plain TCP and TLS 1.1 are refused; with {@code tls.truststore} only a client with a
 * trusted certificate associates. Keys and self-signed certificates are made with {@code openssl}
 * and {@code keytool} once per class.
 */
class TlsIT {
    private static final String PASSWORD = "secret";

    @TempDir
    static Path pki;

    @TempDir
    Path work;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void makeKeysAndCertificates() {
        for (String name : List.of("server", "client", "stranger")) {
            tool(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    name + ".key",
                    "-out",
                    name + ".pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=" + name);
        }
        tool(
                "openssl",
                "pkcs12",
                "-export",
                "-in",
                "server.pem",
                "-inkey",
                "server.key",
                "-out",
                "server.p12",
                "-passout",
                "pass:" + PASSWORD);
        tool(
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                "client",
                "-file",
                "client.pem",
                "-keystore",
                "trust.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
    }

    private static void tool(String... command) {
        Dcmtk.Result r = Dcmtk.run(pki, List.of(command));
        assertThat(r.exitCode())
                .as(String.join(" ", command) + "\n" + r.output())
                .isZero();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeProcess::close);
    }

    private NodeProcess startNode(Path data, boolean clientAuth) {
        List<String> args = new ArrayList<>(
                List.of("--tls.keystore", pki.resolve("server.p12").toString(), "--tls.keystore-password", PASSWORD));
        if (clientAuth) {
            args.addAll(List.of(
                    "--tls.truststore", pki.resolve("trust.p12").toString(), "--tls.truststore-password", PASSWORD));
        }
        NodeProcess node = NodeProcess.start(work, data, args.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    /** TLS options of DCMTK: anonymous client, or the given key and certificate; server trusted. */
    private List<String> tls(String client) {
        List<String> o = new ArrayList<>();
        if (client == null) {
            o.add("+tla");
        } else {
            o.addAll(List.of(
                    "+tls",
                    pki.resolve(client + ".key").toString(),
                    pki.resolve(client + ".pem").toString()));
        }
        o.addAll(List.of("+cf", pki.resolve("server.pem").toString()));
        return o;
    }

    private Dcmtk.Result echo(NodeProcess node, List<String> tlsOptions) {
        List<String> cmd = new ArrayList<>(List.of("echoscu", "-v"));
        cmd.addAll(tlsOptions);
        cmd.addAll(List.of("-aet", "SCANNER", "-aec", NodeProcess.AE_TITLE, "127.0.0.1", String.valueOf(node.port())));
        return Dcmtk.run(work, cmd);
    }

    @Test
    void storesOverTlsAndRefusesPlainTcpAndTls11() throws Exception {
        Path data = work.resolve("data");
        NodeProcess node = startNode(data, false);
        Attributes mr = TestDatasets.mrImage(8, 8);
        Path file = Files.createDirectories(work.resolve("in")).resolve("mr.dcm");
        Part10Writer.write(file, mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        Dcmtk.Result stored = Dcmtk.storescu(
                work, "SCANNER", NodeProcess.AE_TITLE, node.port(), concat(List.of("-v"), tls(null)), file);
        Dcmtk.Result plain = Dcmtk.echoscu(work, "SCANNER", NodeProcess.AE_TITLE, node.port());
        Dcmtk.Result tls11 = Dcmtk.run(
                work,
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + node.port(),
                        "-tls1_1",
                        "-cipher",
                        "DEFAULT@SECLEVEL=0"));

        assertThat(stored.exitCode()).as(stored.output()).isZero();
        assertThat(stored.output()).contains("Received Store Response (Success)");
        assertThat(NodeData.spooledInstances(data))
                .containsOnlyKeys(mr.getString(Tag.SOPInstanceUID).orElseThrow());
        assertThat(plain.exitCode()).as(plain.output()).isNotZero();
        assertThat(tls11.exitCode()).as(tls11.output()).isNotZero();
        node.awaitLine(l -> l.contains("event=tls_handshake_failed") && l.contains("TLSv1.1"), Dcmtk.TIMEOUT);
        assertThat(echo(node, tls(null)).exitCode()).as("still serving").isZero();
    }

    @Test
    void withATrustStoreOnlyAClientWithATrustedCertificateAssociates() {
        NodeProcess node = startNode(work.resolve("data"), true);

        Dcmtk.Result trusted = echo(node, tls("client"));
        Dcmtk.Result anonymous = echo(node, tls(null));
        Dcmtk.Result stranger = echo(node, tls("stranger"));

        assertThat(trusted.exitCode()).as(trusted.output()).isZero();
        assertThat(trusted.output()).contains("Received Echo Response (Success)");
        assertThat(anonymous.exitCode()).as(anonymous.output()).isNotZero();
        assertThat(stranger.exitCode()).as(stranger.output()).isNotZero();
        node.awaitLines(l -> l.contains("event=tls_handshake_failed"), 2, Dcmtk.TIMEOUT);
        assertThat(echo(node, tls("client")).exitCode()).as("still serving").isZero();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
