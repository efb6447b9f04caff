package org.myoscreen.dicom.net;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CStoreHandler} answers: the C-STORE-RSP status, an optional Error Comment (0000,0902), which is
 * cut to the 64 characters its VR (LO) allows when sent, and the work to run once the response is on its way
 * ({@link #afterSent}).
 *
 * @param status the DIMSE status
 * @param errorComment the Error Comment, if any
 * @param afterSent run by the association exactly once after the response was sent or could not be sent, on the
 *     association's thread and before it reads the next message: work that must follow this C-STORE but need not
 *     delay its answer (the sender is already sending its next instance meanwhile). An exception from it is
 *     logged; it does not affect the association.
 */
public record StoreResponse(DimseStatus status, Optional<String> errorComment, Runnable afterSent) {

    private static final Runnable NOTHING = () -> {};

    public StoreResponse {
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(errorComment, "errorComment is null");
        Objects.requireNonNull(afterSent, "afterSent is null");
    }

    /**
     * A response with nothing to run after it is sent.
     *
     * @param status the DIMSE status
     * @param errorComment the Error Comment, if any
     */
    public StoreResponse(DimseStatus status, Optional<String> errorComment) {
        this(status, errorComment, NOTHING);
    }

    public static StoreResponse success() {
        return new StoreResponse(DimseStatus.SUCCESS, Optional.empty());
    }

    public static StoreResponse of(DimseStatus status, String errorComment) {
        return new StoreResponse(status, Optional.of(errorComment));
    }
}
