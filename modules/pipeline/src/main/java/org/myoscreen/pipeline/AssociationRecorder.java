package org.myoscreen.pipeline;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.myoscreen.dicom.net.AssociationInfo;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records associations in the {@link Ledger} and logs the one-line summary
 * ({@link Summaries#association}) when each ends, at INFO on this class's logger. Rejections are logged
 * (key=value) but have no ledger row. Thread-safe; never throws (ledger failures are logged at ERROR).
 */
public final class AssociationRecorder implements AssociationListener {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationRecorder.class);

    private final Ledger ledger;
    private final Set<String> aborted = ConcurrentHashMap.newKeySet();

    /** @param ledger where associations are recorded */
    public AssociationRecorder(Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger is null");
    }

    @Override
    public void associationOpened(AssociationInfo a) {
        safely(() -> ledger.associationOpened(a.associationId(), a.callingAeTitle().value(), a.calledAeTitle().value(),
                a.remoteAddress().getHostString() + ":" + a.remoteAddress().getPort()));
    }

    @Override
    public void associationAborted(AssociationInfo a, String reason) {
        aborted.add(a.associationId());
    }

    @Override
    public void storeFinished(StoreRequest request, StoreResponse response, long bytesReceived) {
        safely(() -> ledger.storeAnswered(request.association().associationId(), response.status().isSuccess(),
                bytesReceived));
    }

    /** A lost instance (association ended mid-dataset) counts as a store that did not succeed. */
    @Override
    public void storeLost(StoreRequest request, long bytesReceived, String reason) {
        safely(() -> ledger.storeAnswered(request.association().associationId(), false, bytesReceived));
    }

    @Override
    public void associationClosed(AssociationInfo a, String reason) {
        boolean wasAborted = aborted.remove(a.associationId()) || reason.startsWith("abort");
        safely(() -> {
            ledger.associationClosed(a.associationId(),
                    wasAborted ? Ledger.AssociationState.ABORTED : Ledger.AssociationState.RELEASED);
            ledger.association(a.associationId()).ifPresent(r -> LOG.info(Summaries.association(r)));
        });
    }

    @Override
    public void associationRejected(String callingAeTitle, String calledAeTitle, int result, int source, int reason) {
        LOG.info("event=association_rejected calling_ae={} called_ae={} result={} source={} reason={}",
                Summaries.quote(callingAeTitle), Summaries.quote(calledAeTitle), result, source, reason);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("event=ledger_write_failed error=\"{}\"", e.toString());
        }
    }
}
