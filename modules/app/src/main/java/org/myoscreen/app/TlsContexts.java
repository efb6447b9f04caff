package org.myoscreen.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.myoscreen.app.cli.UsageException;

/**
 * Builds {@link SSLContext}s for the DICOM TLS profile from PKCS#12 key and trust stores. Problems
 * are {@link UsageException}s naming the setting and file, since they are configuration errors.
 */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * @param keyStore our certificate and key (required for a server, optional for a client)
     * @param trustStore certificates we trust; empty means the JDK's default trust
     * @param settingPrefix the option or key prefix to name in errors, e.g. {@code tls.}
     */
    public static SSLContext create(
            Optional<Path> keyStore,
            char[] keyStorePassword,
            Optional<Path> trustStore,
            char[] trustStorePassword,
            String settingPrefix) {
        try {
            KeyManagerFactory kmf = null;
            if (keyStore.isPresent()) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore.get(), keyStorePassword, settingPrefix + "keystore"), keyStorePassword);
            }
            TrustManagerFactory tmf = null;
            if (trustStore.isPresent()) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(trustStore.get(), trustStorePassword, settingPrefix + "truststore"));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new UsageException("configuration: " + settingPrefix + "keystore: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password, String setting) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("configuration: " + setting + ": no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException(
                    "configuration: " + setting + ": cannot load PKCS#12 store " + file + ": " + e.getMessage(), e);
        }
    }
}
