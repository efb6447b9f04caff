package org.myoscreen.pipeline.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link JobProcessor} made of a job. Immutable.
 *
 * @param status how the job ended
 * @param reason why (the QC refusal or ineligibility reason; "" for a plain result)
 * @param outputs the DICOM files to deliver to the job's destinations, already durable; may be empty (e.g. a
 *     refusal that produced no objects)
 * @param resultJson the machine-readable result document, when one was written
 */
public record JobOutcome(Status status, String reason, List<Path> outputs, Optional<Path> resultJson) {

    /** How a processed job ended. */
    public enum Status {
        /** Analysed: the outputs hold the result. */
        RESULT,
        /** The input failed quality control; the outputs (if any) say why. */
        QC_REFUSED,
        /** The study is not one the model may analyse (wrong anatomy, contrast, ...). */
        NOT_ELIGIBLE
    }

    /**
     * Checks for null and copies the list.
     *
     * @param status how the job ended
     * @param reason why (the QC refusal or ineligibility reason; "" for a plain result)
     * @param outputs the DICOM files to deliver to the job's destinations, already durable
     * @param resultJson the machine-readable result document, when one was written
     */
    public JobOutcome {
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(reason, "reason is null");
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(resultJson, "resultJson is null");
    }
}
