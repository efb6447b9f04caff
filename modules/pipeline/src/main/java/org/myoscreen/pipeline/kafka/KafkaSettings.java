package org.myoscreen.pipeline.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how myoscreen talks to Kafka. Immutable.
 *
 * @param bootstrapServers {@code HOST:PORT[,HOST:PORT…]}
 * @param jobsTopic the topic jobs are published to
 * @param resultsTopic the topic job state events are published to
 * @param deadLetterTopic the topic jobs that failed for good are published to, with the reason
 * @param partitions partitions of each topic when myoscreen creates it (more partitions: more workers can share jobs)
 * @param replicationFactor replication factor of each topic when myoscreen creates it
 * @param groupId the workers' consumer group
 * @param maxAttempts deliveries of a failing job before it goes to the dead-letter topic
 * @param sessionTimeout how long the group waits for a silent (crashed) worker before its job goes to another
 * @param requestTimeout how long one publish may wait for the broker before it counts as failed
 */
public record KafkaSettings(
        String bootstrapServers,
        String jobsTopic,
        String resultsTopic,
        String deadLetterTopic,
        int partitions,
        short replicationFactor,
        String groupId,
        int maxAttempts,
        Duration sessionTimeout,
        Duration requestTimeout) {

    /** Default jobs topic. */
    public static final String DEFAULT_JOBS_TOPIC = "myoscreen.jobs";
    /** Default results topic. */
    public static final String DEFAULT_RESULTS_TOPIC = "myoscreen.results";
    /** Default dead-letter topic. */
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "myoscreen.dead-letter";
    /** Default consumer group of the workers. */
    public static final String DEFAULT_GROUP_ID = "myoscreen-workers";

    /**
     * Validates the values.
     *
     * @param bootstrapServers {@code HOST:PORT[,HOST:PORT…]}
     * @param jobsTopic the topic jobs are published to
     * @param resultsTopic the topic job state events are published to
     * @param deadLetterTopic the topic jobs that failed for good are published to, with the reason
     * @param partitions partitions of each topic when myoscreen creates it
     * @param replicationFactor replication factor of each topic when myoscreen creates it
     * @param groupId the workers' consumer group
     * @param maxAttempts deliveries of a failing job before it goes to the dead-letter topic
     * @param sessionTimeout how long the group waits for a silent (crashed) worker
     * @param requestTimeout how long one publish may wait for the broker
     */
    public KafkaSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(jobsTopic, "jobsTopic");
        requireText(resultsTopic, "resultsTopic");
        requireText(deadLetterTopic, "deadLetterTopic");
        requireText(groupId, "groupId");
        if (partitions < 1) {
            throw new IllegalArgumentException("kafka partitions " + partitions + " < 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("kafka replication factor " + replicationFactor + " < 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("kafka max attempts " + maxAttempts + " < 1");
        }
        Objects.requireNonNull(sessionTimeout, "sessionTimeout is null");
        Objects.requireNonNull(requestTimeout, "requestTimeout is null");
        if (sessionTimeout.toMillis() < 6000) {
            throw new IllegalArgumentException(
                    "kafka session timeout " + sessionTimeout + " is below the broker's minimum of 6 s");
        }
        if (requestTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("kafka request timeout " + requestTimeout + " < 1 s");
        }
    }

    private static void requireText(String s, String name) {
        Objects.requireNonNull(s, name + " is null");
        if (s.isBlank()) {
            throw new IllegalArgumentException("kafka " + name + " is blank");
        }
    }

    /**
     * The defaults for a bootstrap address: default topic names, 6 partitions, replication 1, group
     * {@value #DEFAULT_GROUP_ID}, 3 attempts, session timeout 15 s, request timeout 30 s.
     *
     * @param bootstrapServers {@code HOST:PORT[,HOST:PORT…]}
     * @return the settings
     */
    public static KafkaSettings defaults(String bootstrapServers) {
        return new KafkaSettings(
                bootstrapServers,
                DEFAULT_JOBS_TOPIC,
                DEFAULT_RESULTS_TOPIC,
                DEFAULT_DEAD_LETTER_TOPIC,
                6,
                (short) 1,
                DEFAULT_GROUP_ID,
                3,
                Duration.ofSeconds(15),
                Duration.ofSeconds(30));
    }

    /**
     * The same settings with other topic names (tests use fresh names).
     *
     * @param jobs jobs topic
     * @param results results topic
     * @param deadLetter dead-letter topic
     * @return the settings
     */
    public KafkaSettings withTopics(String jobs, String results, String deadLetter) {
        return new KafkaSettings(
                bootstrapServers,
                jobs,
                results,
                deadLetter,
                partitions,
                replicationFactor,
                groupId,
                maxAttempts,
                sessionTimeout,
                requestTimeout);
    }

    /**
     * The same settings with another consumer group.
     *
     * @param group the group id
     * @return the settings
     */
    public KafkaSettings withGroupId(String group) {
        return new KafkaSettings(
                bootstrapServers,
                jobsTopic,
                resultsTopic,
                deadLetterTopic,
                partitions,
                replicationFactor,
                group,
                maxAttempts,
                sessionTimeout,
                requestTimeout);
    }

    /**
     * The same settings with another attempt count.
     *
     * @param attempts deliveries before the dead-letter topic
     * @return the settings
     */
    public KafkaSettings withMaxAttempts(int attempts) {
        return new KafkaSettings(
                bootstrapServers,
                jobsTopic,
                resultsTopic,
                deadLetterTopic,
                partitions,
                replicationFactor,
                groupId,
                attempts,
                sessionTimeout,
                requestTimeout);
    }

    /**
     * The same settings with other partition count.
     *
     * @param count partitions of created topics
     * @return the settings
     */
    public KafkaSettings withPartitions(int count) {
        return new KafkaSettings(
                bootstrapServers,
                jobsTopic,
                resultsTopic,
                deadLetterTopic,
                count,
                replicationFactor,
                groupId,
                maxAttempts,
                sessionTimeout,
                requestTimeout);
    }

    /**
     * The same settings with another publish timeout.
     *
     * @param timeout request timeout
     * @return the settings
     */
    public KafkaSettings withRequestTimeout(Duration timeout) {
        return new KafkaSettings(
                bootstrapServers,
                jobsTopic,
                resultsTopic,
                deadLetterTopic,
                partitions,
                replicationFactor,
                groupId,
                maxAttempts,
                sessionTimeout,
                timeout);
    }
}
