/**
 * Intake: a C-STORE becomes a durable file in the spool before it is answered. {@link
 * org.myoscreen.pipeline.intake.CStoreAdapter} plugs into dicom-net's acceptor and hands each request's
 * {@link org.myoscreen.pipeline.intake.StoreFacts} and dataset to the {@link
 * org.myoscreen.pipeline.intake.IntakeChain}, which has the {@link org.myoscreen.pipeline.intake.Spool}
 * validate and persist the instance ({@link org.myoscreen.pipeline.intake.SpoolConfig}, {@link
 * org.myoscreen.pipeline.intake.SpoolPaths}; headers read by {@link
 * org.myoscreen.pipeline.intake.InstanceHeaders}), answers with the {@link
 * org.myoscreen.pipeline.intake.StoreOutcome}, and passes the stored instance on to the series assembler and the
 * pipeline listener.
 *
 * <p>May use: the instance model in {@code org.myoscreen.pipeline}, {@code assembly} (the next stage),
 * {@code internal}, and dicom / dicom-net. Nothing in the pipeline imports intake; {@code app} wires it.
 */
package org.myoscreen.pipeline.intake;
