package org.myoscreen.app.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.myoscreen.pipeline.kafka.KafkaSettings;

/**
 * The configuration keys of the Kafka scale-out ({@code node --kafka}, {@code worker --kafka}), defined once
 * beside {@link NodeConfigKeys} (whose {@code kafka} key holds the bootstrap servers). Listed in the generated
 * reference by {@link ConfigDocs}.
 */
public final class KafkaConfigKeys {

    private KafkaConfigKeys() {}

    public static final ConfigKey<String> JOBS_TOPIC = ConfigKey.of(
            "kafka-jobs-topic",
            ConfigType.STRING,
            KafkaSettings.DEFAULT_JOBS_TOPIC,
            "Kafka topic of the jobs (node publishes, workers consume).");

    public static final ConfigKey<String> RESULTS_TOPIC = ConfigKey.of(
            "kafka-results-topic",
            ConfigType.STRING,
            KafkaSettings.DEFAULT_RESULTS_TOPIC,
            "Kafka topic of the job state events (workers publish, nodes update their ledger).");

    public static final ConfigKey<String> DEAD_LETTER_TOPIC = ConfigKey.of(
            "kafka-dead-letter-topic",
            ConfigType.STRING,
            KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC,
            "Kafka topic of the jobs that failed for good, with the reason in a header.");

    public static final ConfigKey<Integer> PARTITIONS = ConfigKey.of(
                    "kafka-partitions",
                    ConfigType.INT,
                    6,
                    "Partitions of the topics myoscreen creates when absent; at most this many workers share the jobs.")
            .validatedBy(v -> v < 1 || v > 10_000 ? Optional.of("must be between 1 and 10000") : Optional.empty());

    public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigKey.of(
                    "kafka-replication-factor",
                    ConfigType.INT,
                    1,
                    "Replication factor of the topics myoscreen creates when absent (3 on a real cluster).")
            .validatedBy(v -> v < 1 || v > 32 ? Optional.of("must be between 1 and 32") : Optional.empty());

    public static final ConfigKey<String> GROUP = ConfigKey.of(
            "kafka-group",
            ConfigType.STRING,
            KafkaSettings.DEFAULT_GROUP_ID,
            "Consumer group of the workers (workers sharing jobs use the same).");

    public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.of(
                    "kafka-max-attempts",
                    ConfigType.INT,
                    3,
                    "Deliveries of a failing job before it goes to the dead-letter topic; the worker's one retry limit "
                            + "(it ignores worker.max-attempts).")
            .validatedBy(v -> v < 1 || v > 100 ? Optional.of("must be between 1 and 100") : Optional.empty());

    public static final ConfigKey<Duration> SESSION_TIMEOUT = ConfigKey.of(
                    "kafka-session-timeout",
                    ConfigType.DURATION_TYPE,
                    Duration.ofSeconds(15),
                    "How long the group waits for a silent (crashed) worker before its job goes to another worker.")
            .validatedBy(d ->
                    d.toMillis() < 6000 ? Optional.of("must be at least 6s (the broker's minimum)") : Optional.empty());

    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.of(
                    "kafka-request-timeout",
                    ConfigType.DURATION_TYPE,
                    Duration.ofSeconds(30),
                    "How long one publish waits for the broker before it counts as failed (and is retried).")
            .validatedBy(d -> d.toMillis() < 1000 ? Optional.of("must be at least 1s") : Optional.empty());

    public static final ConfigKey<String> CLAIM_CHECK_ROOT = ConfigKey.optional(
            "claim-check-root",
            ConfigType.STRING,
            "Worker: the node's spool directory as the node names it in job messages; set with "
                    + "claim-check-mount when the shared volume is mounted elsewhere on the worker.");

    public static final ConfigKey<String> CLAIM_CHECK_MOUNT = ConfigKey.optional(
            "claim-check-mount",
            ConfigType.STRING,
            "Worker: where the shared spool volume named by claim-check-root is mounted here.");

    /** All Kafka keys, in the order of the reference documentation. */
    public static final List<ConfigKey<?>> ALL = List.of(
            JOBS_TOPIC,
            RESULTS_TOPIC,
            DEAD_LETTER_TOPIC,
            PARTITIONS,
            REPLICATION_FACTOR,
            GROUP,
            MAX_ATTEMPTS,
            SESSION_TIMEOUT,
            REQUEST_TIMEOUT,
            CLAIM_CHECK_ROOT,
            CLAIM_CHECK_MOUNT);

    /**
     * The Kafka settings from resolved configuration.
     *
     * @param settings resolved configuration with {@code kafka} set
     * @return the settings
     * @throws org.myoscreen.app.cli.UsageException when {@code kafka} is not set
     */
    public static KafkaSettings kafkaSettings(Settings settings) {
        String bootstrap = settings.find(NodeConfigKeys.KAFKA)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new org.myoscreen.app.cli.UsageException(
                        "configuration: kafka is not set (give --kafka HOST:PORT)"));
        return new KafkaSettings(
                bootstrap,
                settings.get(JOBS_TOPIC),
                settings.get(RESULTS_TOPIC),
                settings.get(DEAD_LETTER_TOPIC),
                settings.get(PARTITIONS),
                (short) (int) settings.get(REPLICATION_FACTOR),
                settings.get(GROUP),
                settings.get(MAX_ATTEMPTS),
                settings.get(SESSION_TIMEOUT),
                settings.get(REQUEST_TIMEOUT));
    }
}
