package org.myoscreen.pipeline.assembly;

/** Why the series assembler considered a series complete. */
public enum CompletionReason {
    /** No new instance arrived for the quiet period. */
    QUIET_PERIOD,
    /** The frames received reached Images in Acquisition (0020,1002). */
    IMAGES_IN_ACQUISITION,
    /** The instances received reached the matching rule's instance count. */
    INSTANCE_COUNT
}
