package org.myoscreen.pipeline.kafka;

import java.util.Locale;

/**
 * The Kafka side's numbers as Prometheus text exposition lines (for {@code /metrics}) and as a JSON object (for
 * {@code /health}): one place for the intake node's forwarder and results consumer and for a worker's consumer,
 * so that {@code node} and {@code worker} name the same things the same way.
 */
public final class KafkaMetrics {

    private KafkaMetrics() {}

    /**
     * The intake node's Kafka metrics.
     *
     * @param forwarder publishes the backlog's jobs
     * @param eventsApplied job events from the results topic applied to the ledger
     * @return exposition lines, each ending in a newline
     */
    public static String node(KafkaForwarder forwarder, long eventsApplied) {
        StringBuilder b = new StringBuilder();
        metric(
                b,
                "myoscreen_kafka_jobs_forwarded_total",
                "counter",
                "Jobs published to Kafka and removed from the backlog.",
                forwarder.forwarded());
        metric(
                b,
                "myoscreen_kafka_publish_failures_total",
                "counter",
                "Tries to publish a job to Kafka that failed (each is retried with backoff).",
                forwarder.publishFailures());
        metric(
                b,
                "myoscreen_kafka_reachable",
                "gauge",
                "1 when the last publish to Kafka succeeded, else 0.",
                forwarder.brokerReachable() ? 1 : 0);
        metric(
                b,
                "myoscreen_kafka_job_events_total",
                "counter",
                "Job state events from the workers applied to the ledger.",
                eventsApplied);
        return b.toString();
    }

    /**
     * A worker's Kafka metrics.
     *
     * @param s the worker's consumer status
     * @return exposition lines, each ending in a newline
     */
    public static String worker(KafkaJobQueue.Status s) {
        StringBuilder b = new StringBuilder();
        metric(
                b,
                "myoscreen_kafka_reachable",
                "gauge",
                "1 when the worker's consumer is connected to a broker.",
                s.brokerReachable() ? 1 : 0);
        metric(
                b,
                "myoscreen_kafka_group_joined",
                "gauge",
                "1 when the worker is a member of the workers' group.",
                s.groupJoined() ? 1 : 0);
        metric(
                b,
                "myoscreen_kafka_assigned_partitions",
                "gauge",
                "Partitions of the jobs topic assigned here.",
                s.assignedPartitions());
        metric(
                b,
                "myoscreen_kafka_job_in_hand",
                "gauge",
                "1 while a job taken from Kafka runs here.",
                s.jobInHand().isPresent() ? 1 : 0);
        b.append("# HELP myoscreen_kafka_jobs_total Jobs taken from Kafka and finished here, by outcome "
                + "(uncommitted: outputs stored but the partition was revoked, another worker runs it again).\n"
                + "# TYPE myoscreen_kafka_jobs_total counter\n");
        labelled(b, "myoscreen_kafka_jobs_total", "outcome", "committed", s.acknowledged());
        labelled(b, "myoscreen_kafka_jobs_total", "outcome", "uncommitted", s.uncommitted());
        labelled(b, "myoscreen_kafka_jobs_total", "outcome", "requeued", s.requeued());
        labelled(b, "myoscreen_kafka_jobs_total", "outcome", "dead_lettered", s.deadLettered());
        metric(
                b,
                "myoscreen_kafka_jobs_restarted_total",
                "counter",
                "Jobs taken that an earlier worker had started without finishing (it stopped or died).",
                s.restarted());
        return b.toString();
    }

    /**
     * A worker's consumer status as a JSON object, for {@code /health}.
     *
     * @param s the status
     * @return a JSON object
     */
    public static String workerJson(KafkaJobQueue.Status s) {
        return String.format(
                Locale.ROOT,
                "{\"reachable\":%b,\"group_joined\":%b,\"assigned_partitions\":%d,"
                        + "\"job_in_hand\":%s,\"committed\":%d,\"uncommitted\":%d,\"requeued\":%d,\"dead_lettered\":%d,"
                        + "\"restarted\":%d}",
                s.brokerReachable(),
                s.groupJoined(),
                s.assignedPartitions(),
                s.jobInHand().map(KafkaMetrics::jsonString).orElse("null"),
                s.acknowledged(),
                s.uncommitted(),
                s.requeued(),
                s.deadLettered(),
                s.restarted());
    }

    private static String jsonString(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help, long value) {
        b.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(' ')
                .append(type)
                .append('\n')
                .append(name)
                .append(' ')
                .append(value)
                .append('\n');
    }

    private static void labelled(StringBuilder b, String name, String label, String value, long n) {
        b.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(value)
                .append("\"} ")
                .append(n)
                .append('\n');
    }
}
