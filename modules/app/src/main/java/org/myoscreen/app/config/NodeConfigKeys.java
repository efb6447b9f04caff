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

  private NodeConfigKeys() {
  }

  public static final ConfigKey<String> AE_TITLE_KEY = ConfigKey.of("ae-title", ConfigType.STRING,
      "MYOSCREEN", "Our AE title: the Called AE Title that associations must name.")
      .validatedBy(NodeConfigKeys::aeTitleProblem);

  public static final ConfigKey<Integer> PORT = ConfigKey.of("port", ConfigType.INT, 11112,
      "TCP port of the DICOM service (C-ECHO, C-STORE).")
      .validatedBy(v -> range(v, 1, 65535));

  public static final ConfigKey<String> BIND = ConfigKey.of("bind", ConfigType.STRING, "0.0.0.0",
      "Address the DICOM and HTTP services listen on.");

  public static final ConfigKey<String> DATA_DIR = ConfigKey.of("data-dir", ConfigType.STRING,
      "data", "Folder for the spool, the job backlog, the outbox, the ledger and results.");

  public static final ConfigKey<List<String>> DESTINATION = ConfigKey.of("destination",
      ConfigType.STRING_LIST, List.of(),
      "Where results are sent, as AE@HOST:PORT (repeatable; a YAML list in the file).")
      .validatedBy(NodeConfigKeys::remoteAeProblems);

  public static final ConfigKey<List<String>> ALLOWED_CALLING_AE = ConfigKey.of(
      "allowed-calling-ae", ConfigType.STRING_LIST, List.of(),
      "Calling AE titles allowed to associate (repeatable); empty allows any.")
      .validatedBy(l -> l.stream().map(NodeConfigKeys::aeTitleProblem)
          .flatMap(Optional::stream).findFirst());

  public static final ConfigKey<java.time.Duration> QUIET_PERIOD = ConfigKey.of("quiet-period",
      ConfigType.DURATION_TYPE, java.time.Duration.ofSeconds(30),
      "A series is complete after this long without a new instance (rules may override).")
      .validatedBy(d -> d.isNegative() || d.isZero()
          ? Optional.of("must be positive") : Optional.empty());

  public static final ConfigKey<java.time.Duration> STUDY_QUIET_PERIOD = ConfigKey.of(
      "study-quiet-period", ConfigType.DURATION_TYPE, java.time.Duration.ofSeconds(10),
      "Complete series of a study are grouped into jobs (stations, Dixon images) only once no "
          + "series of the study is open and no instance of it arrived for this long.")
      .validatedBy(d -> d.isNegative() || d.isZero()
          ? Optional.of("must be positive") : Optional.empty());

  public static final ConfigKey<String> KAFKA = ConfigKey.optional("kafka", ConfigType.STRING,
      "Kafka bootstrap servers (node and worker only), e.g. broker1:9092,broker2:9092.");

  public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("http-port", ConfigType.INT,
      8080, "Port of the HTTP health, metrics and admin page; 0 turns it off.")
      .validatedBy(v -> range(v, 0, 65535));

  public static final ConfigKey<Integer> MAX_ASSOCIATIONS = ConfigKey.of("max-associations",
      ConfigType.INT, 32, "Concurrent associations accepted; beyond it A-ASSOCIATE-RJ "
          + "(transient, local limit exceeded).")
      .validatedBy(v -> range(v, 1, 10_000));

  public static final ConfigKey<java.time.Duration> IDLE_TIMEOUT = ConfigKey.of(
      "association.idle-timeout", ConfigType.DURATION_TYPE, java.time.Duration.ofSeconds(60),
      "An association with no PDU for this long is aborted.");

  public static final ConfigKey<java.time.Duration> ARTIM_TIMEOUT = ConfigKey.of(
      "association.artim-timeout", ConfigType.DURATION_TYPE, java.time.Duration.ofSeconds(30),
      "ARTIM timer (PS3.8 9.1.5): how long to wait for an A-ASSOCIATE-RQ after connect and for "
          + "the transport to close after release or abort.");

  public static final ConfigKey<Integer> MAX_PDU_LENGTH = ConfigKey.of(
      "association.max-pdu-length", ConfigType.INT, 262_144,
      "Maximum length of a P-DATA-TF PDU we receive, in bytes (announced in A-ASSOCIATE-AC).")
      .validatedBy(v -> range(v, 4096, 16 * 1024 * 1024));

  public static final ConfigKey<Long> MIN_FREE_DISK = ConfigKey.of("spool.min-free-disk",
      ConfigType.SIZE_BYTES, 1L << 30,
      "Below this much free space in the data folder, C-STORE answers A700 (out of resources).")
      .validatedBy(v -> v < 0 ? Optional.of("must not be negative") : Optional.empty());

  public static final ConfigKey<String> DUPLICATES = ConfigKey.of("spool.duplicates",
      ConfigType.oneOf("keep", "overwrite"), "keep",
      "A second instance with a SOP Instance UID already spooled: keep the first (answered "
          + "Success, with a warning in the log) or overwrite it.");

  public static final ConfigKey<java.time.Duration> UNMATCHED_RETENTION = ConfigKey.of(
      "spool.unmatched-retention", ConfigType.DURATION_TYPE, java.time.Duration.ofDays(7),
      "How long series that match no routing rule are kept before they are removed.");

  public static final ConfigKey<String> TLS_KEYSTORE = ConfigKey.optional("tls.keystore",
      ConfigType.STRING, "PKCS#12 key store with our certificate and key; when set, the DICOM "
          + "port speaks TLS (DICOM TLS secure transport connection profile).");

  public static final ConfigKey<String> TLS_KEYSTORE_PASSWORD = ConfigKey.optional(
      "tls.keystore-password", ConfigType.STRING,
      "Password of tls.keystore (prefer the environment variable to the file).");

  public static final ConfigKey<String> TLS_TRUSTSTORE = ConfigKey.optional("tls.truststore",
      ConfigType.STRING, "PKCS#12 trust store of accepted client certificates; when set, "
          + "clients must present a certificate it trusts.");

  public static final ConfigKey<String> TLS_TRUSTSTORE_PASSWORD = ConfigKey.optional(
      "tls.truststore-password", ConfigType.STRING, "Password of tls.truststore.");

  /** All keys, in the order of the reference documentation. */
  public static final List<ConfigKey<?>> ALL = List.of(AE_TITLE_KEY, PORT, BIND, DATA_DIR,
      DESTINATION, ALLOWED_CALLING_AE, QUIET_PERIOD, STUDY_QUIET_PERIOD, KAFKA, HTTP_PORT, MAX_ASSOCIATIONS,
      IDLE_TIMEOUT, ARTIM_TIMEOUT, MAX_PDU_LENGTH, MIN_FREE_DISK, DUPLICATES, UNMATCHED_RETENTION,
      TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, TLS_TRUSTSTORE, TLS_TRUSTSTORE_PASSWORD);

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
        org.myoscreen.pipeline.Destination.parse(v);
      } catch (IllegalArgumentException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> range(int v, int min, int max) {
    return v < min || v > max
        ? Optional.of("must be between " + min + " and " + max + ", got " + v)
        : Optional.empty();
  }
}
