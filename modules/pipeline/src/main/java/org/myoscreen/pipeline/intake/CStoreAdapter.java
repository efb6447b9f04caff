package org.myoscreen.pipeline.intake;

import java.io.InputStream;
import java.util.Objects;
import org.myoscreen.dicom.net.CStoreHandler;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;

/**
 * Plugs the {@link IntakeChain} into dicom-net's acceptor: translates a {@link StoreRequest} into
 * {@link StoreFacts} and the {@link StoreOutcome} into a C-STORE-RSP status and Error Comment, and publishes the
 * stored instance once the response is sent ({@link StoreResponse#afterSent}). Thread-safe.
 */
public final class CStoreAdapter implements CStoreHandler {

    private final IntakeChain chain;

    /** @param chain handles every C-STORE */
    public CStoreAdapter(IntakeChain chain) {
        this.chain = Objects.requireNonNull(chain, "chain is null");
    }

    @Override
    public StoreResponse onCStore(StoreRequest request, InputStream dataset) {
        StoreFacts facts = new StoreFacts(
                request.association().associationId(),
                request.association().callingAeTitle().value(),
                request.affectedSopClassUid(),
                request.affectedSopInstanceUid(),
                request.transferSyntaxUid());
        StoreOutcome outcome = chain.persist(facts, dataset);
        // durable now: answer first, publish (ledger, assembler) while the sender sends its next instance
        return new StoreResponse(
                DimseStatus.of(outcome.status().dimseStatus()),
                outcome.errorComment(),
                () -> chain.publish(facts, outcome));
    }
}
