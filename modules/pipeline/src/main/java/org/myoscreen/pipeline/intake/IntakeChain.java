package org.myoscreen.pipeline.intake;

import java.io.InputStream;
import java.util.Objects;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.assembly.PipelineListener;
import org.myoscreen.pipeline.assembly.SeriesAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-STORE SCP chain, independent of the network layer: <b>validate</b> the request
 * ({@link Spool#validate}: UIDs, disk watermark) → <b>persist</b> the instance durably ({@link Spool#store})
 * → <b>publish</b> it to the listener (ledger) and the {@link SeriesAssembler}. The outcome is decided by the
 * first two steps: once an instance is durable the answer is Success even if publishing fails, because a
 * restart re-reads the spool and recovers it (the failure is logged at ERROR).
 *
 * <p>{@link #onStore} runs all three steps. The network path ({@link CStoreAdapter}) runs {@link #persist}, sends
 * the answer, and only then {@link #publish}es (decision 0023): the bookkeeping overlaps the sender's next
 * instance instead of delaying this one's answer. A crash between the answer and the publication loses nothing:
 * at the next start the node records every spooled instance the ledger lacks and hands the spool to the assembler.
 *
 * <p>Thread-safe (as its parts are); called concurrently by the associations' threads.
 */
public final class IntakeChain {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeChain.class);

    private final Spool spool;
    private final SeriesAssembler assembler;
    private final PipelineListener listener;

    /**
     * @param spool persists instances
     * @param assembler receives every newly stored (or replaced) instance
     * @param listener observes stored instances (e.g. {@code Ledger.asListener()}); {@link PipelineListener#NONE}
     *     for none
     */
    public IntakeChain(Spool spool, SeriesAssembler assembler, PipelineListener listener) {
        this.spool = Objects.requireNonNull(spool, "spool is null");
        this.assembler = Objects.requireNonNull(assembler, "assembler is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
    }

    /**
     * Handles one C-STORE.
     *
     * @param facts the request's facts
     * @param dataset the bare dataset in the negotiated transfer syntax
     * @return the outcome with its DIMSE status and error comment
     */
    public StoreOutcome onStore(StoreFacts facts, InputStream dataset) {
        StoreOutcome outcome = persist(facts, dataset);
        publish(facts, outcome);
        return outcome;
    }

    /**
     * The validate and persist steps of one C-STORE: when the outcome is a success, the instance is durable and
     * {@link #publish} must follow.
     *
     * @param facts the request's facts
     * @param dataset the bare dataset in the negotiated transfer syntax
     * @return the outcome with its DIMSE status and error comment
     */
    public StoreOutcome persist(StoreFacts facts, InputStream dataset) {
        // Spool.store runs the validate step itself first; calling validate here too doubled the per-instance
        // UID checks and the statfs of the watermark check.
        return spool.store(facts, dataset);
    }

    /**
     * The publish step: hands a persisted instance to the listener and the assembler; does nothing for a failed
     * outcome. Never throws (failures are logged at ERROR; the next start recovers the instance from the spool).
     *
     * @param facts the request's facts
     * @param outcome what {@link #persist} answered for them
     */
    public void publish(StoreFacts facts, StoreOutcome outcome) {
        if (!outcome.status().isSuccess()) {
            return;
        }
        SpooledInstance instance = outcome.instance().orElseThrow();
        try {
            listener.instanceStored(instance, facts.associationId(), outcome.status());
        } catch (RuntimeException e) {
            LOG.error(
                    "event=listener_failed listener_event=instance_stored file={} error=\"{}\"",
                    instance.file(),
                    e.toString());
        }
        if (outcome.status() == StoreStatus.DUPLICATE_KEPT) {
            return; // the kept copy is already known to the assembler
        }
        try {
            assembler.onInstance(instance);
        } catch (RuntimeException e) {
            LOG.error(
                    "event=assembler_failed file={} association={} error=\"{}\" recovery=next_start",
                    instance.file(),
                    facts.associationId(),
                    e.toString(),
                    e);
        }
    }
}
