package org.myoscreen.app.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every configuration key of {@code run}, {@code node} and {@code worker}, defined once. The
 * reference documentation ({@code docs/configuration.md}) is generated from this list by
 * {@link ConfigDocs}; a test keeps the two in step.
 */
public final class NodeConfigKeys {
    private static final Pattern AE_TITLE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");

    private NodeConfigKeys() {}

    public static final ConfigKey<String> AE_TITLE_KEY = ConfigKey.of(
                    "ae-title",
                    ConfigType.STRING,
                    "MYOSCREEN",
                    "Our AE title: the Called AE Title that associations must name.")
            .validatedBy(NodeConfigKeys::aeTitleProblem);

    public static final ConfigKey<Integer> PORT = ConfigKey.of(
                    "port", ConfigType.INT, 11112, "TCP port of the DICOM service (C-ECHO, C-STORE).")
            .validatedBy(v -> range(v, 1, 65535));

    public static final ConfigKey<String> BIND = ConfigKey.of(
            "bind",
            ConfigType.STRING,
            "0.0.0.0",
            "Address the DICOM service listens on (the HTTP service has its own, http.bind).");

    public static final ConfigKey<String> DATA_DIR = ConfigKey.of(
            "data-dir",
            ConfigType.STRING,
            "data",
            "Folder for the spool, the job backlog, the outbox, the ledger and results.");

    public static final ConfigKey<List<String>> DESTINATION = ConfigKey.of(
                    "destination",
                    ConfigType.STRING_LIST,
                    List.of(),
                    "Where results are sent (repeatable; a YAML list in the file): AE@HOST:PORT for C-STORE, or "
                            + "stow+http://HOST:PORT/PATH or stow+https://... for DICOMweb STOW-RS to the service base PATH "
                            + "(credentials and trust: dicomweb.*). A worker sends a job's results to the job's destinations, "
                            + "else to these.")
            .validatedBy(NodeConfigKeys::remoteAeProblems);

    public static final ConfigKey<List<String>> ALLOWED_CALLING_AE = ConfigKey.of(
                    "allowed-calling-ae",
                    ConfigType.STRING_LIST,
                    List.of(),
                    "Calling AE titles allowed to associate (repeatable); empty allows any.")
            .validatedBy(l -> l.stream()
                    .map(NodeConfigKeys::aeTitleProblem)
                    .flatMap(Optional::stream)
                    .findFirst());

    public static final ConfigKey<java.time.Duration> QUIET_PERIOD = ConfigKey.of(
                    "quiet-period",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofSeconds(30),
                    "A series is complete after this long without a new instance (rules may override).")
            .validatedBy(d -> d.isNegative() || d.isZero() ? Optional.of("must be positive") : Optional.empty());

    public static final ConfigKey<java.time.Duration> STUDY_QUIET_PERIOD = ConfigKey.of(
                    "study-quiet-period",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofSeconds(10),
                    "Complete series of a study are grouped into jobs (stations, Dixon images) only once no "
                            + "series of the study is open and no instance of it arrived for this long.")
            .validatedBy(d -> d.isNegative() || d.isZero() ? Optional.of("must be positive") : Optional.empty());

    public static final ConfigKey<String> KAFKA = ConfigKey.optional(
            "kafka",
            ConfigType.STRING,
            "Kafka bootstrap servers (node and worker only), e.g. broker1:9092,broker2:9092.");

    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of(
                    "http-port",
                    ConfigType.INT,
                    8080,
                    "Port of the HTTP health, metrics and admin page; 0 turns it off.")
            .validatedBy(v -> range(v, 0, 65535));

    public static final ConfigKey<String> HTTP_BIND = ConfigKey.of(
            "http.bind",
            ConfigType.STRING,
            "127.0.0.1",
            "Address the HTTP service (admin page, /api/, /health, /metrics) listens on. Any "
                    + "address other than a loopback one needs a credential: http.token, or http.user with "
                    + "http.password-hash; without one the node refuses to start.");

    public static final ConfigKey<String> HTTP_TOKEN = ConfigKey.optional(
                    "http.token",
                    ConfigType.STRING,
                    "Secret token for the admin page and /api/: sent as 'Authorization: Bearer TOKEN', or as the "
                            + "password of HTTP basic auth (any user name). Prefer the environment variable "
                            + "MYOSCREEN_HTTP_TOKEN to the file; at least 16 characters.")
            .validatedBy(t -> t.length() < 16 ? Optional.of("must be at least 16 characters") : Optional.empty());

    public static final ConfigKey<String> HTTP_USER = ConfigKey.optional(
            "http.user",
            ConfigType.STRING,
            "User name for HTTP basic auth on the admin page and /api/ (with http.password-hash).");

    public static final ConfigKey<String> HTTP_PASSWORD_HASH = ConfigKey.optional(
                    "http.password-hash",
                    ConfigType.STRING,
                    "Hash of http.user's password: pbkdf2-sha256$ITERATIONS$SALT$HASH (salt and "
                            + "hash in base64), as docs/admin-api.md shows how to make. There is no default password.")
            .validatedBy(h -> org.myoscreen.app.http.PasswordHash.problem(h));

    public static final ConfigKey<Integer> MAX_ASSOCIATIONS = ConfigKey.of(
                    "max-associations",
                    ConfigType.INT,
                    32,
                    "Concurrent associations accepted; beyond it A-ASSOCIATE-RJ "
                            + "(transient, local limit exceeded).")
            .validatedBy(v -> range(v, 1, 10_000));

    public static final ConfigKey<java.time.Duration> IDLE_TIMEOUT = ConfigKey.of(
            "association.idle-timeout",
            ConfigType.DURATION_TYPE,
            java.time.Duration.ofSeconds(60),
            "An association with no PDU for this long is aborted.");

    public static final ConfigKey<java.time.Duration> ARTIM_TIMEOUT = ConfigKey.of(
            "association.artim-timeout",
            ConfigType.DURATION_TYPE,
            java.time.Duration.ofSeconds(30),
            "ARTIM timer (PS3.8 9.1.5): how long to wait for an A-ASSOCIATE-RQ after connect and for "
                    + "the transport to close after release or abort.");

    public static final ConfigKey<Integer> MAX_PDU_LENGTH = ConfigKey.of(
                    "association.max-pdu-length",
                    ConfigType.INT,
                    262_144,
                    "Maximum length of a P-DATA-TF PDU we receive, in bytes (announced in A-ASSOCIATE-AC).")
            .validatedBy(v -> range(v, 4096, 16 * 1024 * 1024));

    public static final ConfigKey<Long> MIN_FREE_DISK = ConfigKey.of(
                    "spool.min-free-disk",
                    ConfigType.SIZE_BYTES,
                    1L << 30,
                    "Below this much free space in the data folder, C-STORE answers A700 (out of resources).")
            .validatedBy(v -> v < 0 ? Optional.of("must not be negative") : Optional.empty());

    public static final ConfigKey<String> DUPLICATES = ConfigKey.of(
            "spool.duplicates",
            ConfigType.oneOf("keep", "overwrite"),
            "keep",
            "A second instance with a SOP Instance UID already spooled: keep the first (answered "
                    + "Success, with a warning in the log) or overwrite it.");

    public static final ConfigKey<java.time.Duration> UNMATCHED_RETENTION = ConfigKey.of(
            "spool.unmatched-retention",
            ConfigType.DURATION_TYPE,
            java.time.Duration.ofDays(7),
            "How long series that match no routing rule are kept before they are removed.");

    public static final ConfigKey<String> TLS_KEYSTORE = ConfigKey.optional(
            "tls.keystore",
            ConfigType.STRING,
            "PKCS#12 key store with our certificate and key; when set, the DICOM "
                    + "port speaks TLS (DICOM TLS secure transport connection profile).");

    public static final ConfigKey<String> TLS_KEYSTORE_PASSWORD = ConfigKey.optional(
            "tls.keystore-password",
            ConfigType.STRING,
            "Password of tls.keystore (prefer the environment variable to the file).");

    public static final ConfigKey<String> TLS_TRUSTSTORE = ConfigKey.optional(
            "tls.truststore",
            ConfigType.STRING,
            "PKCS#12 trust store of accepted client certificates; when set, "
                    + "clients must present a certificate it trusts.");

    public static final ConfigKey<String> TLS_TRUSTSTORE_PASSWORD =
            ConfigKey.optional("tls.truststore-password", ConfigType.STRING, "Password of tls.truststore.");

    public static final ConfigKey<Integer> WORKER_THREADS = ConfigKey.of(
                    "worker.threads",
                    ConfigType.INT,
                    1,
                    "Jobs analysed at once (run and worker); 0 runs intake only and jobs wait in the backlog "
                            + "(DATA_DIR/queue) until a node with threads starts. The threads share one loaded "
                            + "model, which segments one study at a time.")
            .validatedBy(v -> range(v, 0, 64));

    public static final ConfigKey<Integer> WORKER_MAX_ATTEMPTS = ConfigKey.of(
                    "worker.max-attempts",
                    ConfigType.INT,
                    3,
                    "Attempts of a job whose failure may pass (disk, resources) before it is "
                            + "failed for good; a failure retrying cannot fix (an input file missing or changed, an "
                            + "unreadable study) fails it at once. Failed jobs stay in DATA_DIR/queue/failed. Applies to run; "
                            + "worker uses kafka-max-attempts instead (one limit, counted by the queue across workers).")
            .validatedBy(v -> range(v, 1, 100));

    public static final ConfigKey<String> MODEL = ConfigKey.of(
            "model",
            ConfigType.STRING,
            "models/reference",
            "Model package folder (model.onnx + model.json) the worker loads once at "
                    + "start; relative paths are looked up in the working directory, then the installation.");

    public static final ConfigKey<String> REFERENCE = ConfigKey.of(
            "reference",
            ConfigType.STRING,
            "conf/reference/provisional.yml",
            "Reference population table for the z-scores the worker " + "reports (looked up like model).");

    public static final ConfigKey<String> RISK_MODELS = ConfigKey.of(
            "risk-models",
            ConfigType.STRING,
            "conf/risk-models.yml",
            "Risk markers the worker evaluates (looked up like model).");

    public static final ConfigKey<String> LEVEL_RANGE = ConfigKey.of(
            "level-range",
            ConfigType.STRING,
            "L1-L5",
            "Vertebral levels the headline LMM and IMAT values are summed over, CRANIAL-CAUDAL "
                    + "(e.g. L1-L5, T12-L5) or whole (the whole labelled compartment). The default is an "
                    + "assumption: the publications do not state their range (docs/reference-population.md); a "
                    + "reference table only fits results measured over the range it was built on.");

    public static final ConfigKey<java.time.Duration> DELIVERY_INTERVAL = ConfigKey.of(
                    "delivery.interval",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofSeconds(5),
                    "How often the outbox sends what is due (also right after a job's results are stored).")
            .validatedBy(NodeConfigKeys::positive);

    public static final ConfigKey<java.time.Duration> DELIVERY_INITIAL_BACKOFF = ConfigKey.of(
                    "delivery.initial-backoff",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofSeconds(30),
                    "Wait before the first retry of a delivery that failed transiently (association refused "
                            + "or broken, A7xx out of resources).")
            .validatedBy(NodeConfigKeys::positive);

    public static final ConfigKey<java.time.Duration> DELIVERY_DIMSE_TIMEOUT = ConfigKey.of(
                    "delivery.dimse-timeout",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofSeconds(30),
                    "Connect and response timeout of the C-STORE associations that deliver results: a destination "
                            + "that does not answer within it is a transient failure, retried later.")
            .validatedBy(NodeConfigKeys::positive);

    public static final ConfigKey<Double> DELIVERY_MULTIPLIER = ConfigKey.of(
                    "delivery.multiplier",
                    ConfigType.DECIMAL,
                    2.0,
                    "Each further retry waits this many times longer (at least 1).")
            .validatedBy(v -> v < 1.0 ? Optional.of("must be at least 1, got " + v) : Optional.empty());

    public static final ConfigKey<java.time.Duration> DELIVERY_MAX_BACKOFF = ConfigKey.of(
                    "delivery.max-backoff",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofMinutes(30),
                    "The longest wait between retries of a delivery (at least delivery.initial-backoff).")
            .validatedBy(NodeConfigKeys::positive);

    public static final ConfigKey<java.time.Duration> DELIVERY_HORIZON = ConfigKey.of(
                    "delivery.horizon",
                    ConfigType.DURATION_TYPE,
                    java.time.Duration.ofHours(24),
                    "How long after its first attempt a delivery is still retried; then it is dead (listed by "
                            + "deliveries, sent again by resend). A9xx/Cxxx refusals fail at once.")
            .validatedBy(NodeConfigKeys::positive);

    /** All keys, in the order of the reference documentation. */
    public static final List<ConfigKey<?>> ALL = List.of(
            AE_TITLE_KEY,
            PORT,
            BIND,
            DATA_DIR,
            DESTINATION,
            ALLOWED_CALLING_AE,
            QUIET_PERIOD,
            STUDY_QUIET_PERIOD,
            KAFKA,
            HTTP_PORT,
            HTTP_BIND,
            HTTP_TOKEN,
            HTTP_USER,
            HTTP_PASSWORD_HASH,
            MAX_ASSOCIATIONS,
            IDLE_TIMEOUT,
            ARTIM_TIMEOUT,
            MAX_PDU_LENGTH,
            MIN_FREE_DISK,
            DUPLICATES,
            UNMATCHED_RETENTION,
            TLS_KEYSTORE,
            TLS_KEYSTORE_PASSWORD,
            TLS_TRUSTSTORE,
            TLS_TRUSTSTORE_PASSWORD,
            WORKER_THREADS,
            WORKER_MAX_ATTEMPTS,
            MODEL,
            REFERENCE,
            RISK_MODELS,
            LEVEL_RANGE,
            DELIVERY_INTERVAL,
            DELIVERY_INITIAL_BACKOFF,
            DELIVERY_MULTIPLIER,
            DELIVERY_MAX_BACKOFF,
            DELIVERY_HORIZON,
            DELIVERY_DIMSE_TIMEOUT);

    static Optional<String> aeTitleProblem(String ae) {
        if (!AE_TITLE.matcher(ae).matches() || ae.isBlank()) {
            return Optional.of("'" + ae + "' is not an AE title (1 to 16 characters, no backslash "
                    + "or control characters, not all spaces)");
        }
        return Optional.empty();
    }

    static Optional<String> remoteAeProblems(List<String> values) {
        for (String v : values) {
            try {
                org.myoscreen.pipeline.delivery.Destination.parse(v);
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> positive(java.time.Duration d) {
        return d.isNegative() || d.isZero() ? Optional.of("must be positive") : Optional.empty();
    }

    private static Optional<String> range(int v, int min, int max) {
        return v < min || v > max
                ? Optional.of("must be between " + min + " and " + max + ", got " + v)
                : Optional.empty();
    }
}
