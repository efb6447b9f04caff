package org.myoscreen.dicom.net;

import java.util.Objects;
import java.util.Optional;

/** The outcome of one C-STORE sent by {@link Association#store}: the peer's status, as sent. */
public record StoreResult(String sopInstanceUid, DimseStatus status, Optional<String> errorComment) {
    public StoreResult {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(errorComment, "errorComment is null");
    }
}
