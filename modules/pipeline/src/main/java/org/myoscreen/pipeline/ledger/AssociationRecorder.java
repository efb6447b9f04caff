package org.myoscreen.pipeline.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.myoscreen.dicom.net.AssociationInfo;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;
import org.myoscreen.pipeline.assembly.Summaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records associations in the {@link Ledger} and logs the one-line summary
 * ({@link #summary}) when each ends, at INFO on this class's logger. Rejections are logged
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
        safely(() -> ledger.associationOpened(
                a.associationId(),
                a.callingAeTitle().value(),
                a.calledAeTitle().value(),
                a.remoteAddress().getHostString() + ":" + a.remoteAddress().getPort()));
    }

    @Override
    public void associationAborted(AssociationInfo a, String reason) {
        aborted.add(a.associationId());
    }

    @Override
    public void storeFinished(StoreRequest request, StoreResponse response, long bytesReceived) {
        safely(() -> ledger.storeAnswered(
                request.association().associationId(), response.status().isSuccess(), bytesReceived));
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
            ledger.associationClosed(
                    a.associationId(), wasAborted ? Ledger.AssociationState.ABORTED : Ledger.AssociationState.RELEASED);
            ledger.association(a.associationId()).ifPresent(r -> LOG.info(summary(r)));
        });
    }

    @Override
    public void associationRejected(String callingAeTitle, String calledAeTitle, int result, int source, int reason) {
        LOG.info(
                "event=association_rejected calling_ae={} called_ae={} result={} source={} reason={}",
                Summaries.quote(callingAeTitle),
                Summaries.quote(calledAeTitle),
                result,
                source,
                reason);
    }

    /**
     * {@code event=association_summary association=… calling_ae=… called_ae=… remote=… state=… stored=… failed=…
     * bytes=… duration_ms=… mb_per_s=…}.
     *
     * @param a the association
     * @return the line
     */
    static String summary(Ledger.AssociationRecord a) {
        Instant end = a.closedAt().orElse(a.openedAt());
        long ms = Math.max(0, Duration.between(a.openedAt(), end).toMillis());
        double mbPerS = ms == 0 ? 0 : a.bytes() / 1e6 / (ms / 1000.0);
        return "event=association_summary association=" + a.id()
                + " calling_ae=" + Summaries.quote(a.callingAeTitle()) + " called_ae="
                + Summaries.quote(a.calledAeTitle())
                + " remote=" + a.remoteAddress()
                + " state=" + a.state().name().toLowerCase(Locale.ROOT) + " stored=" + a.instancesStored()
                + " failed=" + a.failures() + " bytes=" + a.bytes() + " duration_ms=" + ms
                + " mb_per_s=" + String.format(Locale.ROOT, "%.1f", mbPerS);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("event=ledger_write_failed error=\"{}\"", e.toString());
        }
    }
}
