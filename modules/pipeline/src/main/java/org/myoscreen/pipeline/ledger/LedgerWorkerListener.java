package org.myoscreen.pipeline.ledger;

import java.time.Duration;
import java.util.Objects;
import org.myoscreen.pipeline.jobs.JobDelivery;
import org.myoscreen.pipeline.jobs.JobOutcome;
import org.myoscreen.pipeline.jobs.WorkerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records a worker's job states in the ledger; see {@link Ledger#asWorkerListener}. */
final class LedgerWorkerListener implements WorkerListener {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWorkerListener.class);

    private final Ledger ledger;

    LedgerWorkerListener(Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger is null");
    }

    @Override
    public void jobStarted(JobDelivery delivery) {
        record(() -> ledger.jobState(delivery.job().jobKey(), JobState.RUNNING, "attempt " + delivery.attempt()));
    }

    @Override
    public void jobFinished(JobDelivery delivery, JobOutcome outcome, Duration took) {
        JobState state = switch (outcome.status()) {
            case RESULT -> JobState.DONE;
            case QC_REFUSED -> JobState.QC_REFUSED;
            case NOT_ELIGIBLE -> JobState.NOT_ELIGIBLE;
        };
        record(() -> ledger.jobState(delivery.job().jobKey(), state, outcome.reason()));
    }

    @Override
    public void jobFailed(JobDelivery delivery, String reason, boolean retry) {
        record(() -> ledger.jobState(delivery.job().jobKey(), retry ? JobState.QUEUED : JobState.FAILED, reason));
    }

    private static void record(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("event=ledger_write_failed error=\"{}\"", e.toString());
        }
    }
}
