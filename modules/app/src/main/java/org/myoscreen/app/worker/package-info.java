/**
 * The node's analysis half, wired from configuration: the {@code JobProcessor} that runs a job's
 * spooled files through the same {@code StudyProcessor} as {@code analyze}, and the service that
 * holds the loaded model, the outbox, the worker threads and the delivery loop. Independent of
 * where jobs come from (the in-process backlog for {@code run}, Kafka for {@code worker}).
 */
package org.myoscreen.app.worker;
