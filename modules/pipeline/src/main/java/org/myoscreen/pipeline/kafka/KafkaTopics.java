package org.myoscreen.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates myoscreen's topics when they are absent, with the configured partitions and replication. */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {}

    /**
     * Makes sure the jobs, results and dead-letter topics exist; existing topics are left as they are.
     *
     * @param settings where and which topics
     * @throws KafkaUnavailableException when the broker cannot be reached or refuses, naming the topics
     */
    public static void ensure(KafkaSettings settings) {
        List<String> names = List.of(settings.jobsTopic(), settings.resultsTopic(), settings.deadLetterTopic());
        long timeoutMs = settings.requestTimeout().toMillis();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeoutMs))) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String n : names) {
                if (!existing.contains(n)) {
                    missing.add(new NewTopic(n, settings.partitions(), settings.replicationFactor()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            var result = admin.createTopics(missing);
            for (NewTopic t : missing) {
                try {
                    result.values().get(t.name()).get(timeoutMs, TimeUnit.MILLISECONDS);
                    LOG.info(
                            "event=kafka_topic_created topic={} partitions={} replication={}",
                            t.name(),
                            t.numPartitions(),
                            t.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnavailableException(
                    "cannot create Kafka topics " + names + " on " + settings.bootstrapServers() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating Kafka topics " + names, e);
        }
    }
}
