/**
 * The pipeline, from a C-STORE to results at the PACS. The flow lives in sub-packages, each depending only
 * on those after it in this list: {@link org.myoscreen.pipeline.intake} (C-STORE into the durable spool) →
 * {@link org.myoscreen.pipeline.assembly} (complete series, routing, station grouping; publishes jobs) →
 * {@link org.myoscreen.pipeline.jobs} (the {@code JobQueue} and the {@code Worker}) →
 * {@link org.myoscreen.pipeline.delivery} (the durable outbox and its senders). Beside the flow,
 * {@link org.myoscreen.pipeline.ledger} records what happened (it observes intake, assembly and jobs, which
 * never call it), and {@link org.myoscreen.pipeline.kafka} implements the job queue across machines.
 * {@code internal} holds helpers (durable file writes, listener fan-out) that no other module may use.
 *
 * <p>This package holds only the instance model that crosses stages: {@link
 * org.myoscreen.pipeline.SpooledInstance} (an instance durably in the spool), its {@link
 * org.myoscreen.pipeline.InstanceHeader} (with {@link org.myoscreen.pipeline.Orientation} and {@link
 * org.myoscreen.pipeline.PatientPosition}) and the {@link org.myoscreen.pipeline.StoreStatus} it was stored
 * with. Intake makes them, assembly groups them, the ledger records them; so they sit below all three and
 * import nothing of the sub-packages.
 *
 * <p>Knows nothing of the command line or of serving HTTP.
 */
package org.myoscreen.pipeline;
