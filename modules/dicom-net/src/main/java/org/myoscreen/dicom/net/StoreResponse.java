package org.myoscreen.dicom.net;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CStoreHandler} answers: the C-STORE-RSP status and an optional Error Comment
 * (0000,0902), which is cut to the 64 characters its VR (LO) allows when sent.
 */
public record StoreResponse(DimseStatus status, Optional<String> errorComment) {
    public StoreResponse {
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(errorComment, "errorComment is null");
    }

    public static StoreResponse success() {
        return new StoreResponse(DimseStatus.SUCCESS, Optional.empty());
    }

    public static StoreResponse of(DimseStatus status, String errorComment) {
        return new StoreResponse(status, Optional.of(errorComment));
    }
}
