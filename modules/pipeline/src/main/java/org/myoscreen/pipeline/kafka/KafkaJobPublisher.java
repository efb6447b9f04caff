package org.myoscreen.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.myoscreen.pipeline.jobs.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to myoscreen's topics through one idempotent producer ({@code acks=all}): jobs and dead-lettered
 * jobs synchronously (a call returns once every in-sync replica has the record), job events asynchronously.
 * Thread-safe.
 */
public final class KafkaJobPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobPublisher.class);

    private final KafkaSettings settings;
    private final Producer<String, byte[]> producer;
    private final long timeoutMs;

    /**
     * Creates the producer; it connects lazily, so this succeeds while the broker is down.
     *
     * @param settings where to publish
     * @param clientId names this process in the broker's logs and metrics
     */
    public KafkaJobPublisher(KafkaSettings settings, String clientId) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.timeoutMs = settings.requestTimeout().toMillis();
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A publish that cannot complete within the request timeout fails, and the caller retries it later.
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(c);
    }

    /** Publishes through {@code producer} (tests pass one that needs no broker). */
    KafkaJobPublisher(KafkaSettings settings, Producer<String, byte[]> producer) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.timeoutMs = settings.requestTimeout().toMillis();
        this.producer = Objects.requireNonNull(producer, "producer is null");
    }

    /**
     * The settings this publisher was made with.
     *
     * @return the settings
     */
    public KafkaSettings settings() {
        return settings;
    }

    /**
     * Publishes a job to the jobs topic and waits for the broker's acknowledgement.
     *
     * @param job the job
     * @param attempt the delivery attempt the consumer will see (1 for a new job)
     * @return where the record landed
     * @throws KafkaUnavailableException when the broker did not acknowledge within the request timeout
     */
    public RecordMetadata publishJob(Job job, int attempt) {
        ProducerRecord<String, byte[]> r =
                new ProducerRecord<>(settings.jobsTopic(), job.jobKey(), JobMessages.toBytes(job));
        r.headers().add(JobMessages.ATTEMPT_HEADER, JobMessages.utf8(Integer.toString(attempt)));
        return send(r, "publish job " + job.jobKey());
    }

    /**
     * Publishes a job that failed for good to the dead-letter topic, with the reason, and waits for the
     * broker's acknowledgement.
     *
     * @param jobKey the record key
     * @param value the original record value (may not be a readable job)
     * @param reason why it failed
     * @param source where the record came from ({@code topic/partition/offset})
     * @param attempt the last delivery attempt
     * @return where the record landed
     * @throws KafkaUnavailableException when the broker did not acknowledge within the request timeout
     */
    public RecordMetadata deadLetter(String jobKey, byte[] value, String reason, String source, int attempt) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(settings.deadLetterTopic(), jobKey, value);
        r.headers().add(JobMessages.REASON_HEADER, JobMessages.utf8(reason));
        r.headers().add(JobMessages.SOURCE_HEADER, JobMessages.utf8(source));
        r.headers().add(JobMessages.ATTEMPT_HEADER, JobMessages.utf8(Integer.toString(attempt)));
        return send(r, "dead-letter job " + jobKey);
    }

    /**
     * Publishes a job event to the results topic without waiting; a failure is logged at WARN (the queue
     * state does not depend on it).
     *
     * @param event the event
     */
    public void event(JobEvent event) {
        try {
            producer.send(new ProducerRecord<>(settings.resultsTopic(), event.jobKey(), event.toBytes()), (m, e) -> {
                if (e != null) {
                    LOG.warn(
                            "event=job_event_publish_failed job={} state={} error=\"{}\"",
                            event.jobKey(),
                            event.state(),
                            e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn(
                    "event=job_event_publish_failed job={} state={} error=\"{}\"",
                    event.jobKey(),
                    event.state(),
                    e.toString());
        }
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> r, String what) {
        try {
            return producer.send(r).get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException(
                    "cannot " + what + " to " + r.topic() + " on " + settings.bootstrapServers() + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new KafkaUnavailableException(
                    "cannot " + what + " to " + r.topic() + " on " + settings.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while trying to " + what, e);
        }
    }

    /** Sends what is buffered (waiting up to the request timeout) and closes the producer. */
    @Override
    public void close() {
        producer.close(settings.requestTimeout());
    }
}
