package org.myoscreen.pipeline.intake;

import java.util.Objects;
import java.util.Optional;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;

/**
 * The result of {@link Spool#store}. Immutable.
 *
 * @param status what happened, with its DIMSE status
 * @param errorComment for Error Comment (0000,0902) of a failure: what is wrong, at most 64 characters
 *     (the LO limit); empty on success
 * @param instance the spooled instance when the status is a success (for {@link StoreStatus#DUPLICATE_KEPT},
 *     the copy that was already there)
 */
public record StoreOutcome(StoreStatus status, Optional<String> errorComment, Optional<SpooledInstance> instance) {

    /**
     * Checks consistency: failures carry a comment and no instance, successes an instance.
     *
     * @param status what happened, with its DIMSE status
     * @param errorComment for Error Comment (0000,0902) of a failure: what is wrong, at most 64 characters (the LO
     *     limit); empty on success
     * @param instance the spooled instance when the status is a success (for {@link StoreStatus#DUPLICATE_KEPT},
     *     the copy that was already there)
     */
    public StoreOutcome {
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(errorComment, "errorComment is null");
        Objects.requireNonNull(instance, "instance is null");
        if (status.isSuccess() != instance.isPresent()) {
            throw new IllegalArgumentException(
                    "outcome " + status + " must " + (status.isSuccess() ? "" : "not ") + "carry an instance");
        }
        errorComment = errorComment.map(c -> c.length() > 64 ? c.substring(0, 64) : c);
    }

    static StoreOutcome success(StoreStatus status, SpooledInstance instance) {
        return new StoreOutcome(status, Optional.empty(), Optional.of(instance));
    }

    static StoreOutcome failure(StoreStatus status, String comment) {
        return new StoreOutcome(status, Optional.of(comment), Optional.empty());
    }
}
