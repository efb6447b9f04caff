package org.myoscreen.pipeline.ledger;

/**
 * A job's state as the ledger records it, and as workers report it on the Kafka results topic.
 */
public enum JobState {
    /** In the queue, waiting for a consumer. */
    QUEUED,
    /** Delivered to a consumer. */
    RUNNING,
    /** Acknowledged. */
    DONE,
    /** Failed without retry. */
    FAILED,
    /** Processed and acknowledged, but the input failed quality control (the detail says why). */
    QC_REFUSED,
    /** Processed and acknowledged, but the study is not one the model may analyse (the detail says why). */
    NOT_ELIGIBLE
}
