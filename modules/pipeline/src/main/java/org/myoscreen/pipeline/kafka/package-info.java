/**
 * The distributed {@link org.myoscreen.pipeline.jobs.JobQueue}: intake nodes publish jobs to Kafka, workers in a
 * consumer group take them one at a time and report job states back.
 *
 * <p>Topics (names configurable, {@link org.myoscreen.pipeline.kafka.KafkaSettings}): jobs (a small JSON claim
 * check per job, keyed by job key, {@link org.myoscreen.pipeline.kafka.JobMessages}), results (job state
 * events, {@link org.myoscreen.pipeline.kafka.JobEvent}) and dead-letter (jobs that failed for good, with the
 * reason). Pixel data never travels through Kafka: workers read the spooled instances through a
 * {@link org.myoscreen.pipeline.kafka.ClaimCheckStore} and verify their SHA-256.
 *
 * <p>Node side: {@link org.myoscreen.pipeline.kafka.KafkaForwarder} moves jobs from the node's durable local
 * backlog to Kafka and removes them locally only once the broker acknowledged them.
 * Worker side: {@link org.myoscreen.pipeline.kafka.KafkaJobQueue}, a facade over package-private parts: the
 * poll thread and its mailbox ({@code PollLoop}), what becomes of a fetched record ({@code RecordAdmission}), the
 * start count kept in the committed offset ({@code StartCounter}) and the offered and in-flight job
 * ({@code HandOff}).
 *
 * <p>May use: {@code jobs} (it implements the {@code JobQueue}) and {@code ledger} ({@code JobState}; the
 * node's {@link org.myoscreen.pipeline.kafka.ResultsLedgerUpdater} writes the ledger). Nothing else in the
 * pipeline imports it; {@code app} wires it.
 */
package org.myoscreen.pipeline.kafka;
