package org.myoscreen.dicom.net;

import java.util.Objects;

/**
 * A received C-STORE-RQ (PS3.7 9.1.1.1) as handed to a {@link CStoreHandler}. The dataset itself
 * is streamed separately, in {@code transferSyntaxUid}, without File Meta Information.
 *
 * @param messageId Message ID (0000,0110)
 * @param priority Priority (0000,0700): 0 medium, 1 high, 2 low
 */
public record StoreRequest(
        AssociationInfo association,
        String affectedSopClassUid,
        String affectedSopInstanceUid,
        String transferSyntaxUid,
        int messageId,
        int priority) {
    public StoreRequest {
        Objects.requireNonNull(association, "association is null");
        Objects.requireNonNull(affectedSopClassUid, "affectedSopClassUid is null");
        Objects.requireNonNull(affectedSopInstanceUid, "affectedSopInstanceUid is null");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid is null");
    }
}
