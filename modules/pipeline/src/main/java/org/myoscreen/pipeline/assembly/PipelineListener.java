package org.myoscreen.pipeline.assembly;

import java.util.List;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.internal.ListenerFanOut;
import org.myoscreen.pipeline.jobs.Job;

/**
 * Observes intake: instances spooled, series completed and routed, series removed, jobs published. The ledger
 * and the one-line summaries are built on it.
 *
 * <p>Methods are called on the thread that caused the event (a C-STORE thread or the assembler's
 * scheduler), in the order the events happen for one series; they must be fast and must not throw (an
 * exception is logged and ignored). All methods default to doing nothing.
 */
public interface PipelineListener {

    /** A listener that ignores every event. */
    PipelineListener NONE = new PipelineListener() {};

    /**
     * An instance is durably in the spool (after the rename and directory fsync).
     *
     * @param status {@link StoreStatus#STORED}, or a duplicate status (kept first copy / replaced)
     * @param instance the instance
     * @param associationId the association it came on
     */
    default void instanceStored(SpooledInstance instance, String associationId, StoreStatus status) {}

    /**
     * A series became complete and was routed ({@code series.rule()} empty: no rule matched).
     *
     * @param series the series
     */
    default void seriesCompleted(CompletedSeries series) {}

    /**
     * An unmatched series' retention ran out and its files were removed.
     *
     * @param studyInstanceUid the study
     * @param seriesInstanceUid the series
     * @param instances how many files were removed
     */
    default void seriesRemoved(String studyInstanceUid, String seriesInstanceUid, int instances) {}

    /**
     * A job is durably in the queue.
     *
     * @param job the job
     */
    default void jobPublished(Job job) {}

    /**
     * A spooled instance was left out of its series' job because its file no longer matches what was received
     * (the file is renamed to {@code <SOPInstanceUID>.dcm.changed} beside its series).
     *
     * @param instance the instance, with its file where it is now (the {@code .changed} name, or the old one when
     *     the rename failed)
     * @param reason why, as a key ({@code changed_on_disk})
     */
    default void instanceSetAside(SpooledInstance instance, String reason) {}

    /**
     * Calls every listener in order, isolating each one's exceptions.
     *
     * @param listeners the listeners
     * @return the fan-out listener
     */
    static PipelineListener of(PipelineListener... listeners) {
        return new Composite(List.of(listeners));
    }

    /** Fan-out listener; see {@link #of}. */
    final class Composite implements PipelineListener {
        private final ListenerFanOut<PipelineListener> fanOut;

        private Composite(List<PipelineListener> listeners) {
            this.fanOut = new ListenerFanOut<>(listeners);
        }

        @Override
        public void instanceStored(SpooledInstance instance, String associationId, StoreStatus status) {
            fanOut.each("instance_stored", l -> l.instanceStored(instance, associationId, status));
        }

        @Override
        public void seriesCompleted(CompletedSeries series) {
            fanOut.each("series_completed", l -> l.seriesCompleted(series));
        }

        @Override
        public void seriesRemoved(String studyInstanceUid, String seriesInstanceUid, int instances) {
            fanOut.each("series_removed", l -> l.seriesRemoved(studyInstanceUid, seriesInstanceUid, instances));
        }

        @Override
        public void jobPublished(Job job) {
            fanOut.each("job_published", l -> l.jobPublished(job));
        }

        @Override
        public void instanceSetAside(SpooledInstance instance, String reason) {
            fanOut.each("instance_set_aside", l -> l.instanceSetAside(instance, reason));
        }
    }
}
