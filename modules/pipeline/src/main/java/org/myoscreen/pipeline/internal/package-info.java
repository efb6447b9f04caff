/**
 * Helpers shared by the pipeline's packages and by no other module: durable small-file writes ({@link
 * org.myoscreen.pipeline.internal.AtomicFiles}), the spool's intake slots and their completeness marker, the
 * exception-isolating listener fan-out ({@link org.myoscreen.pipeline.internal.ListenerFanOut}) and the background
 * thread that ends when idle ({@link org.myoscreen.pipeline.internal.IdleEndingExecutor}). Imports nothing of the
 * pipeline.
 */
package org.myoscreen.pipeline.internal;
