/**
 * Helpers shared by the pipeline's packages and by no other module: durable small-file writes ({@link
 * org.myoscreen.pipeline.internal.AtomicFiles}) and the exception-isolating listener fan-out ({@link
 * org.myoscreen.pipeline.internal.ListenerFanOut}). Imports nothing of the pipeline.
 */
package org.myoscreen.pipeline.internal;
