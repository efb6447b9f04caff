/**
 * The pipeline: the durable spool that C-STORE writes into, series assembly (quiet period, late
 * arrivals, multi-station grouping), routing rules, the {@code JobQueue} (in-process with an
 * on-disk backlog; Kafka later), the {@code Worker} that runs jobs through a {@code JobProcessor} into the
 * durable {@code Outbox} (acknowledging a job only once its outputs are stored), the {@code DeliveryLoop}
 * that sends what the outbox holds (C-STORE through {@code DicomSender}, DICOMweb STOW-RS through
 * {@code StowRsSender}), and the ledger of associations, instances, series and jobs.
 *
 * <p>Knows nothing of the command line or of serving HTTP.
 */
package org.myoscreen.pipeline;
