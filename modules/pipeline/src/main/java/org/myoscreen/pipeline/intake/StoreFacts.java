package org.myoscreen.pipeline.intake;

import java.util.Objects;

/**
 * What the C-STORE request says about the instance that follows (PS3.7 9.1.1.1), independent of the network
 * layer. Immutable; values are taken as received and validated by the spool.
 *
 * @param associationId the association's id (for logs and the ledger)
 * @param callingAeTitle the calling AE title of the association
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002)
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000)
 * @param transferSyntaxUid the transfer syntax negotiated for the presentation context of the dataset
 */
public record StoreFacts(
        String associationId,
        String callingAeTitle,
        String affectedSopClassUid,
        String affectedSopInstanceUid,
        String transferSyntaxUid) {

    /**
     * Checks for nulls.
     *
     * @param associationId the association's id (for logs and the ledger)
     * @param callingAeTitle the calling AE title of the association
     * @param affectedSopClassUid Affected SOP Class UID (0000,0002)
     * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000)
     * @param transferSyntaxUid the transfer syntax negotiated for the presentation context of the dataset
     */
    public StoreFacts {
        Objects.requireNonNull(associationId, "associationId is null");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        Objects.requireNonNull(affectedSopClassUid, "affectedSopClassUid is null");
        Objects.requireNonNull(affectedSopInstanceUid, "affectedSopInstanceUid is null");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid is null");
    }
}
