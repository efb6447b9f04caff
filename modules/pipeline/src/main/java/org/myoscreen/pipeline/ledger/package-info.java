/**
 * The ledger: an SQLite record, for people, of associations, instances, series and jobs ({@link
 * org.myoscreen.pipeline.ledger.Ledger}, read by the admin page through {@link
 * org.myoscreen.pipeline.ledger.LedgerView}; job states are {@link org.myoscreen.pipeline.ledger.JobState}s).
 * Everything that writes it lives here and observes the flow from outside: {@link
 * org.myoscreen.pipeline.ledger.Ledger#asListener()} (intake and assembly events), {@link
 * org.myoscreen.pipeline.ledger.Ledger#asWorkerListener()} (a worker's job states), {@link
 * org.myoscreen.pipeline.ledger.RecordingJobQueue} (a queue's job states) and {@link
 * org.myoscreen.pipeline.ledger.AssociationRecorder} (dicom-net's associations). The spool and the queue stay the
 * source of truth; a ledger failure never stops the flow.
 *
 * <p>May use: the instance model in {@code org.myoscreen.pipeline}, {@code assembly} and {@code jobs} (the
 * events it records), and dicom-net. Never {@code intake} or {@code delivery}; used by {@code kafka}
 * ({@code JobState}, the node's results updater) and {@code app}.
 */
package org.myoscreen.pipeline.ledger;
