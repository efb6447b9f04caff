package org.myoscreen.pipeline.internal;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls several listeners of one kind in order, isolating each one's exceptions: a listener that throws is
 * logged ({@code event=listener_failed}) and the others still hear the event. The one mechanism behind
 * {@code PipelineListener.of} (assembly) and {@code WorkerListener.of} (jobs); public only for those two.
 *
 * @param <L> the listener interface
 */
public final class ListenerFanOut<L> {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerFanOut.class);

    private final List<L> listeners;

    /** @param listeners the listeners, called in this order */
    public ListenerFanOut(List<L> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Delivers one event to every listener.
     *
     * @param event the event's name for the log line, e.g. {@code job_started}
     * @param call what to call on each listener
     */
    public void each(String event, Consumer<L> call) {
        for (L l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn(
                        "event=listener_failed listener_event={} listener={} error=\"{}\"",
                        event,
                        l.getClass().getName(),
                        e.toString());
            }
        }
    }
}
