package org.myoscreen.pipeline.kafka;

import java.util.concurrent.atomic.AtomicLong;

/** The totals a Kafka worker reports in {@link KafkaJobQueue.Status}; thread-safe (atomic counters). */
final class WorkerCounts {
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong uncommitted = new AtomicLong();
    final AtomicLong requeued = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong restarted = new AtomicLong();
}
