package org.myoscreen.dicom.net.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throw-away self-signed key pair made with openssl, as PEM for DCMTK and an SSLContext for us. */
public record Tls(Path keyPem, Path certPem, SSLContext context) {
    private static final char[] PASSWORD = "changeit".toCharArray();

    public static Tls selfSigned(Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path p12 = dir.resolve("keystore.p12");
        Dcmtk.Result gen = Dcmtk.run(
                Duration.ofSeconds(60),
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost");
        assertThat(gen.exitCode()).as(gen.output()).isZero();
        Dcmtk.Result export = Dcmtk.run(
                Duration.ofSeconds(60),
                "openssl",
                "pkcs12",
                "-export",
                "-inkey",
                key.toString(),
                "-in",
                cert.toString(),
                "-out",
                p12.toString(),
                "-passout",
                "pass:changeit",
                "-name",
                "node");
        assertThat(export.exitCode()).as(export.output()).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("peer", c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new Tls(key, cert, ctx);
    }
}
