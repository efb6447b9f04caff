package org.myoscreen.app.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The configuration keys of STOW-RS delivery (destinations written {@code stow+http(s)://HOST:PORT/PATH}),
 * defined once beside {@link NodeConfigKeys}. They apply to every STOW-RS destination. Secrets belong in the
 * environment ({@code MYOSCREEN_DICOMWEB_BEARER_TOKEN}, {@code MYOSCREEN_DICOMWEB_PASSWORD}) rather than in the
 * file; no key's value is ever logged. Listed in the generated reference by {@link ConfigDocs}.
 */
public final class DicomWebConfigKeys {

    private DicomWebConfigKeys() {}

    public static final ConfigKey<String> BEARER_TOKEN = ConfigKey.optional(
            "dicomweb.bearer-token",
            ConfigType.STRING,
            "Bearer token (RFC 6750) sent to STOW-RS destinations; not together with "
                    + "dicomweb.username. Prefer the environment variable to the file.");

    public static final ConfigKey<String> USERNAME = ConfigKey.optional(
            "dicomweb.username",
            ConfigType.STRING,
            "User name for HTTP basic authentication at STOW-RS destinations (with dicomweb.password).");

    public static final ConfigKey<String> PASSWORD = ConfigKey.optional(
            "dicomweb.password",
            ConfigType.STRING,
            "Password for dicomweb.username. Prefer the environment variable to the file.");

    public static final ConfigKey<String> TRUSTSTORE = ConfigKey.optional(
            "dicomweb.truststore",
            ConfigType.STRING,
            "PKCS#12 trust store of the certificates https STOW-RS destinations may present; "
                    + "when absent, the Java runtime's system trust store.");

    public static final ConfigKey<String> TRUSTSTORE_PASSWORD =
            ConfigKey.optional("dicomweb.truststore-password", ConfigType.STRING, "Password of dicomweb.truststore.");

    public static final ConfigKey<Duration> TIMEOUT = ConfigKey.of(
                    "dicomweb.timeout",
                    ConfigType.DURATION_TYPE,
                    Duration.ofSeconds(60),
                    "Connect timeout, and the time one STOW-RS request may take until its "
                            + "response; a timeout is retried like a refused connection.")
            .validatedBy(d -> d.isNegative() || d.isZero() ? Optional.of("must be positive") : Optional.empty());

    /** All keys, in the order of the reference documentation. */
    public static final List<ConfigKey<?>> ALL =
            List.of(BEARER_TOKEN, USERNAME, PASSWORD, TRUSTSTORE, TRUSTSTORE_PASSWORD, TIMEOUT);
}
