/**
 * Jobs: the claim check between assembly and the workers. A {@link org.myoscreen.pipeline.jobs.Job} names the
 * spooled {@link org.myoscreen.pipeline.jobs.JobFile}s of one acquisition ({@link
 * org.myoscreen.pipeline.jobs.JobJson} is its wire and disk form, {@link org.myoscreen.pipeline.jobs.JobFileCheck}
 * proves a file unchanged). The {@link org.myoscreen.pipeline.jobs.JobQueue} holds jobs until acknowledged
 * ({@link org.myoscreen.pipeline.jobs.InProcessJobQueue} here, Kafka in {@code kafka}) and hands them out as
 * {@link org.myoscreen.pipeline.jobs.JobDelivery}s; the {@link org.myoscreen.pipeline.jobs.Worker} ({@link
 * org.myoscreen.pipeline.jobs.WorkerConfig}) runs each through a {@link org.myoscreen.pipeline.jobs.JobProcessor}
 * into a {@link org.myoscreen.pipeline.jobs.JobOutcome} (or a {@link
 * org.myoscreen.pipeline.jobs.JobProcessingException}), stores the outputs in the outbox and only then
 * acknowledges, telling a {@link org.myoscreen.pipeline.jobs.WorkerListener}.
 *
 * <p>May use: {@code delivery} (the worker fills the {@code Outbox}) and {@code internal}. Never intake,
 * assembly, the ledger or Kafka: those use jobs.
 */
package org.myoscreen.pipeline.jobs;
