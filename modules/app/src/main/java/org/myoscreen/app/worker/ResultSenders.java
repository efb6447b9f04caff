package org.myoscreen.app.worker;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.myoscreen.app.TlsContexts;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.DicomWebConfigKeys;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.pipeline.delivery.DicomSender;
import org.myoscreen.pipeline.delivery.ResultSender;
import org.myoscreen.pipeline.delivery.StowRsAuth;
import org.myoscreen.pipeline.delivery.StowRsSender;

/**
 * Builds the outbox's sender from the settings: C-STORE with our {@code ae-title} for DICOM peers, STOW-RS
 * with the {@code dicomweb.*} credentials and trust for DICOMweb destinations. Stateless.
 */
public final class ResultSenders {

    private ResultSenders() {}

    /**
     * @param settings the node's settings
     * @param workingDirectory against which a relative {@code dicomweb.truststore} resolves
     * @param dimseTimeout connect and response timeout of C-STORE associations
     * @return the sender for every kind of destination
     * @throws UsageException when the dicomweb settings do not fit together or the trust store cannot be
     *     loaded (exit code 2); the message never holds a secret
     */
    public static ResultSender create(Settings settings, Path workingDirectory, Duration dimseTimeout) {
        DicomSender dicom = new DicomSender(AeTitle.of(settings.get(NodeConfigKeys.AE_TITLE_KEY)), dimseTimeout);
        return new ResultSender(
                dicom,
                new StowRsSender(
                        auth(settings),
                        sslContext(settings, workingDirectory),
                        settings.get(DicomWebConfigKeys.TIMEOUT)));
    }

    /** The STOW-RS authentication the settings ask for. */
    static StowRsAuth auth(Settings settings) {
        Optional<String> token = settings.find(DicomWebConfigKeys.BEARER_TOKEN);
        Optional<String> user = settings.find(DicomWebConfigKeys.USERNAME);
        Optional<String> password = settings.find(DicomWebConfigKeys.PASSWORD);
        if (token.isPresent() && user.isPresent()) {
            throw new UsageException("configuration: dicomweb.bearer-token (from "
                    + settings.origin(DicomWebConfigKeys.BEARER_TOKEN) + ") and dicomweb.username (from "
                    + settings.origin(DicomWebConfigKeys.USERNAME) + "): set one, not both");
        }
        if (password.isPresent() && user.isEmpty()) {
            throw new UsageException("configuration: dicomweb.password (from "
                    + settings.origin(DicomWebConfigKeys.PASSWORD) + ") is set without dicomweb.username");
        }
        try {
            if (token.isPresent()) {
                return StowRsAuth.bearer(token.get());
            }
            if (user.isPresent()) {
                return StowRsAuth.basic(user.get(), password.orElse(""));
            }
        } catch (IllegalArgumentException e) {
            // the message describes the rule, never the value
            throw new UsageException("configuration: dicomweb credentials: " + e.getMessage());
        }
        return StowRsAuth.none();
    }

    private static SSLContext sslContext(Settings settings, Path workingDirectory) {
        Optional<String> trustStore = settings.find(DicomWebConfigKeys.TRUSTSTORE);
        if (trustStore.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the Java runtime has no default TLS context", e);
            }
        }
        return TlsContexts.create(
                Optional.empty(),
                new char[0],
                Optional.of(workingDirectory.resolve(trustStore.get())),
                settings.find(DicomWebConfigKeys.TRUSTSTORE_PASSWORD).orElse("").toCharArray(),
                "dicomweb.");
    }
}
