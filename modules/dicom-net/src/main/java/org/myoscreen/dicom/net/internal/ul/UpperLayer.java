package org.myoscreen.dicom.net.internal.ul;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.AReleaseRp;
import org.myoscreen.dicom.net.internal.pdu.AReleaseRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.Pdu;
import org.myoscreen.dicom.net.internal.pdu.PduDecodeException;
import org.myoscreen.dicom.net.internal.pdu.PduEncoder;
import org.myoscreen.dicom.net.internal.pdu.PduReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association's PS3.8 Upper Layer: the state machine of {@link TransitionTable} driving a
 * blocking socket. The owning thread calls {@link #next()} to read the next PDU (that thread is
 * the association's only reader) and the request methods to send; the ARTIM timer is a task on a
 * shared scheduler that feeds Evt18 into the same machine. All transitions run under this
 * object's lock.
 *
 * <p>No socket write happens under that lock: a transition queues the PDUs its action sends, and the
 * thread that fired it writes them in order after releasing the lock (one writer at a time, under a
 * separate write lock). A peer that stops reading therefore blocks only the thread that writes to it,
 * never the timers or a thread that only needs the state. Every write has a deadline (the idle
 * timeout): when a write has not completed by then, a timer closes the socket, without taking any
 * lock, which fails the blocked write and the reader, and the machine goes back to Sta1.
 *
 * <p>The idle timer is a scheduled event too: when the reader has been blocked waiting for the
 * peer longer than the idle timeout, in a state where the user may abort, the timer issues a
 * local A-ABORT request (Evt15); ARTIM then bounds the wait for the peer to close. The timer never
 * writes: the A-ABORT is written by a short-lived thread of its own, bounded by the write deadline.
 */
public final class UpperLayer {
    private static final Logger LOG = LoggerFactory.getLogger(UpperLayer.class);

    /** Which side of the association this end is (PS3.8 uses it in AR-8). */
    public enum Role {
        REQUESTOR,
        ACCEPTOR
    }

    /** Opens the transport connection for a requestor (AE-1). */
    @FunctionalInterface
    public interface TransportConnector {
        Socket connect() throws IOException;
    }

    /** Receives every transition; used for logging and tests. Must not throw. */
    @FunctionalInterface
    public interface TransitionListener {
        void onTransition(State from, Event event, Action action, State to);
    }

    private final Role role;
    private final String associationId;
    private final ScheduledExecutorService timers;
    private final Duration artimTimeout;
    private final long idleNanos;
    private final long writeTimeoutNanos;
    private final int maxPDataLengthReceived;
    private final TransitionListener transitionListener;

    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    /** PDUs queued by transitions, written in order by {@link #flush()}; guarded by this. */
    private final java.util.ArrayDeque<QueuedWrite> pendingWrites = new java.util.ArrayDeque<>();
    /** The writes queued by the transition running now; guarded by this. */
    private java.util.List<QueuedWrite> queuedByTransition;
    /** One writer at a time, in queue order; never held together with this object's lock. */
    private final Object writeLock = new Object();
    /** System.nanoTime() when the current write started; -1 while no write is in progress. */
    private volatile long writingSince = -1;

    private final java.util.concurrent.atomic.AtomicBoolean writeDeadlineScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();
    private PduReader reader;
    private State state = State.STA1;
    private ScheduledFuture<?> artim;
    private long artimGeneration;
    /** System.nanoTime() when the reader started waiting for the peer; -1 while it is not waiting. */
    private volatile long waitingSince = -1;

    private volatile String localAbortReason;
    private volatile String protocolError;
    /** Test seam: runs between the ARTIM expiry check and Evt18 (see {@link #artimExpired}). */
    private volatile Runnable artimChecked = () -> {};
    /** Test seam: runs between the Sta1 check and Evt17 (see {@link #transportClosed}). */
    private volatile Runnable transportCloseChecked = () -> {};

    private UpperLayer(
            Role role,
            String associationId,
            ScheduledExecutorService timers,
            Duration artimTimeout,
            Duration idleTimeout,
            int maxPDataLengthReceived,
            TransitionListener transitionListener) {
        this.role = role;
        this.associationId = Objects.requireNonNull(associationId, "associationId is null");
        this.timers = Objects.requireNonNull(timers, "timers is null");
        this.artimTimeout = Objects.requireNonNull(artimTimeout, "artimTimeout is null");
        this.idleNanos = idleTimeout.toNanos();
        // a peer that does not read for the idle timeout is as gone as one that does not send
        this.writeTimeoutNanos = idleNanos;
        this.maxPDataLengthReceived = maxPDataLengthReceived;
        this.transitionListener = Objects.requireNonNull(transitionListener, "transitionListener is null");
    }

    /**
     * The acceptor side of a freshly accepted connection: fires Evt5 (AE-5, ARTIM started).
     *
     * @param maxPDataLengthReceived the maximum P-DATA-TF length we announce and enforce (bytes)
     */
    public static UpperLayer accepted(
            Socket socket,
            String associationId,
            ScheduledExecutorService timers,
            Duration artimTimeout,
            Duration idleTimeout,
            int maxPDataLengthReceived,
            TransitionListener listener)
            throws IOException {
        UpperLayer ul = new UpperLayer(
                Role.ACCEPTOR, associationId, timers, artimTimeout, idleTimeout, maxPDataLengthReceived, listener);
        ul.attach(socket);
        ul.fire(Event.EVT5, null);
        ul.scheduleIdleCheck(ul.idleNanos);
        return ul;
    }

    /**
     * A requestor that has not connected yet (Sta1).
     *
     * @param idleTimeout longest wait for any answer from the peer before a local abort
     */
    public static UpperLayer requestor(
            String associationId,
            ScheduledExecutorService timers,
            Duration artimTimeout,
            Duration idleTimeout,
            int maxPDataLengthReceived,
            TransitionListener listener) {
        UpperLayer ul = new UpperLayer(
                Role.REQUESTOR, associationId, timers, artimTimeout, idleTimeout, maxPDataLengthReceived, listener);
        ul.scheduleIdleCheck(ul.idleNanos);
        return ul;
    }

    /**
     * An Upper Layer already in {@code state} on a connected socket, for the table-driven test
     * that runs every cell's action; production code starts only from {@link #accepted} or
     * {@link #requestor}.
     */
    static UpperLayer inState(
            Role role, State state, Socket socket, ScheduledExecutorService timers, Duration artimTimeout)
            throws IOException {
        UpperLayer ul = new UpperLayer(role, "T", timers, artimTimeout, Duration.ZERO, 16384, (f, e, a, t) -> {});
        ul.attach(socket);
        ul.state = state;
        return ul;
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        // PDU headers are 6 bytes: buffering saves a system call per PDU, and BufferedInputStream
        // reads a large PDU body straight into the caller's array without copying
        this.in = new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024);
        this.out = s.getOutputStream();
        this.reader = new PduReader(in, maxPDataLengthReceived);
    }

    public synchronized State state() {
        return state;
    }

    public String associationId() {
        return associationId;
    }

    /** The connected socket (for addresses and timeouts); empty before AE-1 succeeded. */
    public synchronized java.util.Optional<Socket> socket() {
        return java.util.Optional.ofNullable(socket);
    }

    // ---- requests from the local user -------------------------------------------------------

    /** Evt1 then, once the transport is open, Evt2: connects and sends the A-ASSOCIATE-RQ (Sta5). */
    public void requestAssociation(AAssociateRq rq, TransportConnector connector) throws IOException {
        fire(Event.EVT1, null);
        Socket s;
        try {
            s = connector.connect();
        } catch (IOException e) {
            fire(Event.EVT17, null);
            throw e;
        }
        synchronized (this) {
            attach(s);
        }
        fire(Event.EVT2, rq);
    }

    /** Evt7: send the A-ASSOCIATE-AC. */
    public void acceptAssociation(AAssociateAc ac) {
        fire(Event.EVT7, ac);
    }

    /** Evt8: send the A-ASSOCIATE-RJ and wait for the peer to close (Sta13). */
    public void rejectAssociation(AAssociateRj rj) {
        fire(Event.EVT8, rj);
    }

    /**
     * Evt9: send one complete, already encoded P-DATA-TF PDU ({@code pdu[0, length)}, header
     * included). The bytes are written in one call, without copying.
     */
    public void sendPData(byte[] pdu, int length) {
        fire(Event.EVT9, new EncodedPData(pdu, length));
    }

    /** Evt11: send an A-RELEASE-RQ (Sta7). */
    public void requestRelease() {
        fire(Event.EVT11, null);
    }

    /** Evt14: answer the peer's release request. */
    public void releaseResponse() {
        fire(Event.EVT14, null);
    }

    /**
     * Evt15: abort as service user, if the current state allows it; otherwise close the
     * transport. Never throws.
     */
    public void abort() {
        synchronized (this) {
            if (TransitionTable.lookup(state, Event.EVT15).isEmpty()) {
                if (state != State.STA1) {
                    stopArtim();
                    closeTransport();
                    state = State.STA1;
                }
                return;
            }
        }
        try {
            fire(Event.EVT15, new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
        } catch (RuntimeException e) {
            // the state changed in between (an empty cell now) or the transport failed: abort is best effort
            LOG.debug("event=abort_failed association={} error=\"{}\"", associationId, e.toString());
        }
    }

    // ---- indications --------------------------------------------------------------------------

    /**
     * Blocks for the next PDU (or transport event) and returns the primitive the state machine
     * issues for it. Returns {@link Primitive.TransportClosed} once in Sta1.
     */
    public Primitive next() {
        while (true) {
            PduReader r;
            synchronized (this) {
                if (state == State.STA1) {
                    return new Primitive.TransportClosed();
                }
                r = reader;
            }
            Pdu pdu;
            waitingSince = System.nanoTime();
            try {
                pdu = r.read();
            } catch (PduDecodeException e) {
                // the user logs the outcome once (see protocolError()); this is the detail
                LOG.debug(
                        "event=invalid_pdu association={} state={} error=\"{}\"",
                        associationId,
                        state().standardName(),
                        e.getMessage());
                if (protocolError == null) {
                    protocolError = "invalid PDU: " + e.getMessage();
                }
                return received(Event.EVT19, new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, e.abortReason()), () -> {});
            } catch (IOException e) {
                // EOF at a PDU boundary, reset, or the socket closed under us by AA-2/ARTIM
                return transportClosed();
            } finally {
                waitingSince = -1;
            }
            return received(eventFor(pdu), pdu, () -> {});
        }
    }

    /** Evt17: the peer closed the transport (or it failed under us). */
    private Primitive transportClosed() {
        return received(Event.EVT17, null, transportCloseChecked);
    }

    /**
     * An event from the peer's side of the transport (a PDU, an invalid PDU, the transport closing). The Sta1
     * check and the transition run in one critical section, as in {@link #artimExpired}: ARTIM expiring (or an
     * abort) between them would move to Sta1, whose cells for these events are empty — a PDU read just before is
     * then moot, as the transport is already closed. The writes the transition queued go out after the lock, as in
     * {@link #fire}. {@code checked} runs between the check and the transition (a test seam).
     */
    private Primitive received(Event event, Object payload, Runnable checked) {
        Transition t;
        synchronized (this) {
            if (state == State.STA1) {
                // we closed it ourselves (AA-2, AE-4, AR-3, ...): nothing the peer sent matters now
                return new Primitive.TransportClosed();
            }
            checked.run();
            t = transition(event, payload);
        }
        return written(t);
    }

    /** Reads until the peer closes or ARTIM expires; for use after a reject, release or abort. */
    public void awaitTransportClose() {
        while (!(next() instanceof Primitive.TransportClosed)) {
            // AA-6 / AA-7 in Sta13: keep waiting
        }
    }

    private static Event eventFor(Pdu pdu) {
        if (pdu instanceof AAssociateAc) {
            return Event.EVT3;
        } else if (pdu instanceof AAssociateRj) {
            return Event.EVT4;
        } else if (pdu instanceof AAssociateRq) {
            return Event.EVT6;
        } else if (pdu instanceof PDataTf) {
            return Event.EVT10;
        } else if (pdu instanceof AReleaseRq) {
            return Event.EVT12;
        } else if (pdu instanceof AReleaseRp) {
            return Event.EVT13;
        }
        return Event.EVT16;
    }

    // ---- the machine --------------------------------------------------------------------------

    /** Payload of Evt9: a complete P-DATA-TF PDU already encoded. */
    record EncodedPData(byte[] pdu, int length) {}

    /** The first invalid PDU received (the reason of an Evt19 abort), if any. */
    public java.util.Optional<String> protocolError() {
        return java.util.Optional.ofNullable(protocolError);
    }

    /**
     * Why we aborted on our own (idle timeout), if we did; lets the user tell a local abort from
     * a peer simply closing.
     */
    public java.util.Optional<String> localAbortReason() {
        return java.util.Optional.ofNullable(localAbortReason);
    }

    private void scheduleIdleCheck(long delayNanos) {
        if (idleNanos > 0) {
            timers.schedule(this::checkIdle, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
        }
    }

    /** The idle timer: fires once per idle period at most, never busy-waits. */
    private void checkIdle() {
        long since = waitingSince;
        long now = System.nanoTime();
        synchronized (this) {
            if (state == State.STA1 && socket != null) {
                return; // association over: the timer ends with it
            }
            boolean expired = since >= 0 && now - since >= idleNanos;
            if (!expired || TransitionTable.lookup(state, Event.EVT15).isEmpty()) {
                // not waiting, or in Sta2/Sta4/Sta13 where ARTIM or the connect timeout bounds the wait
                scheduleIdleCheck(since >= 0 && !expired ? since + idleNanos - now : idleNanos);
                return;
            }
            localAbortReason = "idle timeout: no PDU from peer for " + (idleNanos / 1_000_000) + " ms";
            LOG.warn(
                    "event=idle_timeout association={} state={} idle_ms={}",
                    associationId,
                    state.standardName(),
                    idleNanos / 1_000_000);
            // still under the lock: the state checked above is the state the abort runs in; the A-ABORT is only
            // queued, and written by a thread of its own so that a peer that stopped reading cannot hold the timer
            try {
                transition(Event.EVT15, new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
            } catch (RuntimeException e) {
                LOG.debug("event=idle_abort_failed association={} error=\"{}\"", associationId, e.toString());
                return;
            }
        }
        Thread writer = new Thread(this::flushQuietly, "dicom-ul-abort-" + associationId);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * ARTIM expiry (Evt18). The generation check and the transition run in one critical section: a transition
     * that stops ARTIM in between (another thread's AR-5, AA-2...) cannot slip between them and leave Evt18 for
     * a state whose cell is empty. Evt18's actions (AA-2, AR-5) close the transport and write nothing.
     */
    private void artimExpired(long generation) {
        synchronized (this) {
            if (generation != artimGeneration || artim == null) {
                return;
            }
            artim = null;
            artimChecked.run();
            LOG.info("event=artim_expired association={} state={}", associationId, state.standardName());
            try {
                transition(Event.EVT18, null);
            } catch (RuntimeException e) {
                // a scheduled task's exception vanishes in its future: log it, and leave no socket behind
                LOG.warn(
                        "event=artim_failed association={} state={} error=\"{}\"",
                        associationId,
                        state.standardName(),
                        e.toString());
                closeTransport();
                state = State.STA1;
            }
        }
    }

    /** For the ARTIM race test only: {@code hook} runs after the expiry check, before Evt18 fires. */
    void onArtimChecked(Runnable hook) {
        artimChecked = Objects.requireNonNull(hook, "hook is null");
    }

    /** For the transport-close race test only: {@code hook} runs after the Sta1 check, before Evt17 fires. */
    void onTransportCloseChecked(Runnable hook) {
        transportCloseChecked = Objects.requireNonNull(hook, "hook is null");
    }

    /**
     * Runs the action of cell (state, event), moves to the next state, then writes what the action queued
     * (outside the state lock).
     *
     * @throws IllegalStateException for an empty cell of Table 9-10
     * @throws TransportException when a PDU this transition sent (not an abort) could not be written
     */
    Primitive fire(Event event, Object payload) {
        if (Thread.holdsLock(this)) {
            throw new IllegalStateException("fire must not be called under the Upper Layer lock: it writes");
        }
        return written(transition(event, payload));
    }

    /**
     * Writes what {@code t} queued (outside the state lock) and returns its primitive.
     *
     * @throws TransportException when a PDU it sent (not an abort) could not be written
     */
    private Primitive written(Transition t) {
        flush();
        for (QueuedWrite w : t.queued()) {
            if (!w.quiet() && !w.written) {
                throw new TransportException(
                        "association " + associationId + ": write failed: "
                                + (w.failure != null ? w.failure : "transport closed before the PDU was written"),
                        w.failure);
            }
        }
        return t.result();
    }

    /** What a transition returned, and the writes it queued. */
    private record Transition(Primitive result, java.util.List<QueuedWrite> queued) {}

    private synchronized Transition transition(Event event, Object payload) {
        queuedByTransition = new java.util.ArrayList<>(1);
        try {
            return new Transition(runAction(event, payload), queuedByTransition);
        } finally {
            queuedByTransition = null;
        }
    }

    /** What an action produced: the primitive for the user (Nothing when none) and the next state. */
    private record Outcome(Primitive result, State next) {}

    private Primitive runAction(Event event, Object payload) {
        State from = state;
        Action action = TransitionTable.action(from, event);
        State to = action.nextState().orElse(null);
        Outcome outcome = switch (action) {
            case AE_1, AE_2, AE_3, AE_4, AE_5, AE_6, AE_7, AE_8 -> associationAction(action, payload, to);
            case DT_1, DT_2, AR_1, AR_2, AR_3, AR_4, AR_5, AR_6, AR_7, AR_8, AR_9, AR_10 ->
                dataOrReleaseAction(action, payload, to);
            case AA_1, AA_2, AA_3, AA_4, AA_5, AA_6, AA_7, AA_8 -> abortAction(action, event, from, payload, to);
        };
        state = outcome.next();
        transitioned(from, event, action, outcome.next());
        return outcome.result();
    }

    /** Association establishment, AE-1 to AE-8; {@code to} is the table's next state. */
    private Outcome associationAction(Action action, Object payload, State to) {
        Primitive result = new Primitive.Nothing();
        switch (action) {
            case AE_1 -> {
                // the transport connect itself runs in requestAssociation, outside the lock
            }
            case AE_2 -> send((Pdu) payload);
            case AE_3 -> result = new Primitive.AAssociateConfirmationAccept((AAssociateAc) payload);
            case AE_4 -> {
                result = new Primitive.AAssociateConfirmationReject((AAssociateRj) payload);
                closeTransport();
            }
            case AE_5 -> startArtim();
            case AE_6 -> {
                return associateRequestReceived((AAssociateRq) payload);
            }
            case AE_7, AE_8 -> {
                send((Pdu) payload);
                if (action == Action.AE_8) {
                    startArtim();
                }
            }
            default -> throw new IllegalArgumentException("not an association action: " + action);
        }
        return new Outcome(result, to);
    }

    /**
     * AE-6: an A-ASSOCIATE-RQ arrived. Its protocol version must include version 1 (bit 0), else it
     * is rejected here (permanent, by the ACSE service provider) and the machine waits in Sta13 for
     * the peer to close.
     */
    private Outcome associateRequestReceived(AAssociateRq rq) {
        stopArtim();
        if ((rq.protocolVersion() & 1) != 0) {
            return new Outcome(new Primitive.AAssociateIndication(rq), State.STA3);
        }
        send(new AAssociateRj(
                AAssociateRj.RESULT_PERMANENT,
                AAssociateRj.SOURCE_SERVICE_PROVIDER_ACSE,
                AAssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED));
        startArtim();
        return new Outcome(new Primitive.Nothing(), State.STA13);
    }

    /** Data transfer and release, DT-1, DT-2 and AR-1 to AR-10; {@code to} is the table's next state. */
    private Outcome dataOrReleaseAction(Action action, Object payload, State to) {
        Primitive result = new Primitive.Nothing();
        switch (action) {
            case DT_1, AR_7 -> {
                EncodedPData p = (EncodedPData) payload;
                queue(p.pdu(), p.length(), false);
            }
            case DT_2, AR_6 -> result = new Primitive.PDataIndication((PDataTf) payload);
            case AR_1 -> send(new AReleaseRq());
            case AR_2 -> result = new Primitive.AReleaseIndication();
            case AR_3 -> {
                result = new Primitive.AReleaseConfirmation();
                closeTransport();
            }
            case AR_4 -> {
                send(new AReleaseRp());
                startArtim();
            }
            case AR_5 -> {
                stopArtim();
                closeTransport();
                result = new Primitive.TransportClosed();
            }
            case AR_8 -> {
                // release collision: the requestor's user answers first (Sta9), the acceptor awaits
                // the peer's A-RELEASE-RP (Sta10)
                return new Outcome(
                        new Primitive.AReleaseIndication(), role == Role.REQUESTOR ? State.STA9 : State.STA10);
            }
            case AR_9 -> send(new AReleaseRp());
            case AR_10 -> result = new Primitive.AReleaseConfirmation();
            default -> throw new IllegalArgumentException("not a data or release action: " + action);
        }
        return new Outcome(result, to);
    }

    /** Abort, AA-1 to AA-8; {@code to} is the table's next state. */
    private Outcome abortAction(Action action, Event event, State from, Object payload, State to) {
        Primitive result = new Primitive.Nothing();
        switch (action) {
            case AA_1 -> {
                sendQuietly(
                        payload instanceof AAbort a
                                ? a
                                : new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
                startArtim();
            }
            case AA_2, AA_5 -> {
                stopArtim();
                closeTransport();
                result = new Primitive.TransportClosed();
            }
            case AA_3 -> {
                result = new Primitive.AAbortIndication((AAbort) payload);
                closeTransport();
            }
            case AA_4 -> {
                closeTransport();
                result = new Primitive.APAbortIndication("transport connection closed by peer");
            }
            case AA_6 -> {
                // ignore the PDU
            }
            case AA_7 -> sendQuietly(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_UNEXPECTED_PDU));
            case AA_8 -> {
                AAbort abort = payload instanceof AAbort a
                        ? a
                        : new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_UNEXPECTED_PDU);
                sendQuietly(abort);
                result = new Primitive.APAbortIndication(
                        event == Event.EVT19 && protocolError != null
                                ? protocolError + " (A-ABORT reason " + abort.reason() + ")"
                                : "unexpected " + event.description() + " in " + from.standardName());
                startArtim();
            }
            default -> throw new IllegalArgumentException("not an abort action: " + action);
        }
        return new Outcome(result, to);
    }

    /** Logs the transition and tells the listener, whose failure must not break the machine. */
    private void transitioned(State from, Event event, Action action, State to) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "event=transition association={} from={} evt={} action={} to={}",
                    associationId,
                    from.standardName(),
                    event.standardName(),
                    action.standardName(),
                    to.standardName());
        }
        try {
            transitionListener.onTransition(from, event, action, to);
        } catch (RuntimeException e) {
            LOG.warn("event=listener_failed association={} error=\"{}\"", associationId, e.toString());
        }
    }

    /** A PDU queued for writing; {@code quiet} ones (aborts) may fail without failing their sender. */
    private static final class QueuedWrite {
        private final byte[] bytes;
        private final int length;
        private final boolean quiet;
        private volatile boolean written;
        private volatile IOException failure;

        QueuedWrite(byte[] bytes, int length, boolean quiet) {
            this.bytes = bytes;
            this.length = length;
            this.quiet = quiet;
        }

        boolean quiet() {
            return quiet;
        }
    }

    private void send(Pdu pdu) {
        byte[] bytes = PduEncoder.encode(pdu);
        queue(bytes, bytes.length, false);
    }

    private void sendQuietly(Pdu pdu) {
        byte[] bytes = PduEncoder.encode(pdu);
        queue(bytes, bytes.length, true);
    }

    /** Queues a write (under the state lock, so the queue's order is the transitions' order). */
    private void queue(byte[] bytes, int length, boolean quiet) {
        if (out == null) {
            return; // no transport (a table test's idle machine): nothing to write to
        }
        QueuedWrite w = new QueuedWrite(bytes, length, quiet);
        pendingWrites.add(w);
        if (queuedByTransition != null) {
            queuedByTransition.add(w);
        }
    }

    /**
     * Writes every queued PDU in order, outside the state lock. A thread that finds another one writing waits
     * for it (the other writes this thread's PDUs too, in order). A failed write closes the transport, drops
     * what is still queued and puts the machine in Sta1.
     */
    private void flush() {
        synchronized (writeLock) {
            while (true) {
                QueuedWrite w;
                OutputStream o;
                synchronized (this) {
                    w = pendingWrites.poll();
                    o = out;
                }
                if (w == null) {
                    return;
                }
                try {
                    writeWithDeadline(o, w);
                    w.written = true;
                } catch (IOException e) {
                    IOException failure = localAbortReason != null && localAbortReason.startsWith("write deadline")
                            ? new IOException(localAbortReason, e)
                            : e;
                    w.failure = failure;
                    synchronized (this) {
                        // the transport is gone: the machine can only go back to idle
                        stopArtim();
                        closeTransport();
                        state = State.STA1;
                        for (QueuedWrite dropped : pendingWrites) {
                            dropped.failure = failure;
                        }
                        pendingWrites.clear();
                    }
                    if (!w.quiet) {
                        LOG.debug("event=write_failed association={} error=\"{}\"", associationId, failure.toString());
                    }
                    return;
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.debug("event=abort_not_sent association={} error=\"{}\"", associationId, e.toString());
        }
    }

    private void writeWithDeadline(OutputStream o, QueuedWrite w) throws IOException {
        writingSince = System.nanoTime();
        try {
            if (writeTimeoutNanos > 0 && writeDeadlineScheduled.compareAndSet(false, true)) {
                scheduleWriteDeadline(writeTimeoutNanos);
            }
            o.write(w.bytes, 0, w.length);
            o.flush();
        } finally {
            writingSince = -1;
        }
    }

    private void scheduleWriteDeadline(long delayNanos) {
        try {
            timers.schedule(this::checkWriteDeadline, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            writeDeadlineScheduled.set(false); // timers shut down (acceptor closing): it closes the sockets itself
        }
    }

    /**
     * The write deadline: one pending check per association at most, rescheduled while writes go on. Takes no
     * lock: a write blocked on a peer that stopped reading is ended by closing the socket under it.
     */
    private void checkWriteDeadline() {
        writeDeadlineScheduled.set(false);
        long since = writingSince;
        if (since < 0) {
            return; // no write in progress: the next write schedules the next check
        }
        long waited = System.nanoTime() - since;
        if (waited < writeTimeoutNanos) {
            if (writeDeadlineScheduled.compareAndSet(false, true)) {
                scheduleWriteDeadline(writeTimeoutNanos - waited);
            }
            return;
        }
        localAbortReason = "write deadline: peer read nothing for " + (writeTimeoutNanos / 1_000_000) + " ms";
        LOG.warn(
                "event=write_deadline association={} write_timeout_ms={}",
                associationId,
                writeTimeoutNanos / 1_000_000);
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("event=close_failed association={} error=\"{}\"", associationId, e.toString());
            }
        }
    }

    private void startArtim() {
        stopArtim();
        long generation = ++artimGeneration;
        artim = timers.schedule(() -> artimExpired(generation), artimTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopArtim() {
        if (artim != null) {
            artim.cancel(false);
            artim = null;
        }
        artimGeneration++;
    }

    private void closeTransport() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("event=close_failed association={} error=\"{}\"", associationId, e.toString());
            }
        }
    }

    /** The transport failed while sending: the association is gone (state is Sta1). */
    public static final class TransportException extends RuntimeException {
        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
