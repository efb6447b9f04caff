package org.myoscreen.pipeline;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records a worker's job states in the ledger; see {@link WorkerListener#ledger}. */
final class LedgerWorkerListener implements WorkerListener {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWorkerListener.class);

    private final Ledger ledger;

    LedgerWorkerListener(Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger is null");
    }

    @Override
    public void jobStarted(JobDelivery delivery) {
        record(() -> ledger.jobState(delivery.job().jobKey(), Ledger.JobState.RUNNING, "attempt " + delivery.attempt()));
    }

    @Override
    public void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {
        Ledger.JobState state = switch (outcome.status()) {
            case RESULT -> Ledger.JobState.DONE;
            case QC_REFUSED -> Ledger.JobState.QC_REFUSED;
            case NOT_ELIGIBLE -> Ledger.JobState.NOT_ELIGIBLE;
        };
        record(() -> ledger.jobState(delivery.job().jobKey(), state, outcome.reason()));
    }

    @Override
    public void jobFailed(JobDelivery delivery, String reason, boolean retry) {
        record(() -> ledger.jobState(delivery.job().jobKey(), retry ? Ledger.JobState.QUEUED : Ledger.JobState.FAILED,
                reason));
    }

    private static void record(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("event=ledger_write_failed error=\"{}\"", e.toString());
        }
    }
}
