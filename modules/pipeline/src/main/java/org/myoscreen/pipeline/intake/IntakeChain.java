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
        // Spool.store runs the validate step itself first; calling validate here too doubled the per-instance
        // UID checks and the statfs of the watermark check.
        StoreOutcome outcome = spool.store(facts, dataset);
        if (outcome.status().isSuccess()) {
            publish(facts, outcome);
        }
        return outcome;
    }

    private void publish(StoreFacts facts, StoreOutcome outcome) {
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
