package org.myoscreen.dicom.net.internal.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocket;
import org.myoscreen.dicom.Implementation;
import org.myoscreen.dicom.net.AcceptorConfig;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.AssociationInfo;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.CStoreHandler;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;
import org.myoscreen.dicom.net.internal.dimse.Command;
import org.myoscreen.dicom.net.internal.dimse.DimseChannel;
import org.myoscreen.dicom.net.internal.dimse.PDataInputStream;
import org.myoscreen.dicom.net.internal.dimse.PdvSource;
import org.myoscreen.dicom.net.internal.negotiation.Negotiation;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextAc;
import org.myoscreen.dicom.net.internal.ul.Primitive;
import org.myoscreen.dicom.net.internal.ul.UpperLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection, start to end, on its own thread: TLS handshake, A-ASSOCIATE
 * negotiation (or rejection), then the DIMSE service loop (C-ECHO, C-STORE) until release or
 * abort. Everything the peer does wrong ends in an A-ABORT and one log line; nothing escapes.
 */
public final class ScpAssociation implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ScpAssociation.class);
    private static final String VERIFICATION = "1.2.840.10008.1.1";

    private final Socket socket;
    private final AcceptorConfig config;
    private final boolean limitExceeded;
    private final CStoreHandler handler;
    private final AssociationListener listener;
    private final ScheduledExecutorService timers;
    private final String id;

    public ScpAssociation(
            Socket socket,
            AcceptorConfig config,
            boolean limitExceeded,
            CStoreHandler handler,
            AssociationListener listener,
            ScheduledExecutorService timers,
            String id) {
        this.socket = socket;
        this.config = config;
        this.limitExceeded = limitExceeded;
        this.handler = handler;
        this.listener = listener;
        this.timers = timers;
        this.id = id;
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (Throwable t) {
            // last line of defence: the acceptor must keep serving others
            LOG.error(
                    "event=association_failed association={} peer={} error=\"{}\"",
                    id,
                    socket.getRemoteSocketAddress(),
                    t.toString(),
                    t);
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("event=close_failed association={}", id);
            }
        }
    }

    private void serve() throws IOException {
        int artimMillis = (int) config.artimTimeout().toMillis();
        if (socket instanceof SSLSocket ssl) {
            ssl.setSoTimeout(artimMillis);
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                LOG.warn(
                        "event=tls_handshake_failed association={} peer={} error=\"{}\"",
                        id,
                        socket.getRemoteSocketAddress(),
                        e.getMessage());
                return;
            }
        }
        // timeouts are scheduled events of the Upper Layer (ARTIM, idle), not socket read timeouts
        socket.setSoTimeout(0);
        UpperLayer ul = UpperLayer.accepted(
                socket,
                id,
                timers,
                config.artimTimeout(),
                config.idleTimeout(),
                config.maxPduLength(),
                (from, evt, action, to) -> {});
        Primitive first = ul.next();
        if (!(first instanceof Primitive.AAssociateIndication indication)) {
            if (ul.protocolError().isPresent()) {
                LOG.warn(
                        "event=association_aborted association={} peer={} by=us state=Sta2 reason=\"{}\"",
                        id,
                        socket.getRemoteSocketAddress(),
                        ul.protocolError().get());
            } else {
                LOG.debug(
                        "event=no_association association={} peer={} outcome={}",
                        id,
                        socket.getRemoteSocketAddress(),
                        first.getClass().getSimpleName());
            }
            ul.awaitTransportClose();
            return;
        }
        AAssociateRq rq = indication.request();
        Optional<AAssociateRj> rejection = Negotiation.rejection(
                rq, new Negotiation.AcceptorRules(config.aeTitle(), config.allowedCallingAeTitles(), limitExceeded));
        if (rejection.isPresent()) {
            AAssociateRj rj = rejection.get();
            LOG.info(
                    "event=association_rejected association={} peer={} calling={} called={} result={} source={} "
                            + "reason={}",
                    id,
                    socket.getRemoteSocketAddress(),
                    rq.callingAeTitle(),
                    rq.calledAeTitle(),
                    rj.result(),
                    rj.source(),
                    rj.reason());
            listener.associationRejected(
                    rq.callingAeTitle(), rq.calledAeTitle(), rj.result(), rj.source(), rj.reason());
            ul.rejectAssociation(rj);
            ul.awaitTransportClose();
            return;
        }
        var contexts = Negotiation.presentationContexts(rq.presentationContexts(), config.policy());
        ul.acceptAssociation(Negotiation.accept(
                rq,
                contexts,
                Negotiation.acceptorUserInformation(
                        rq.userInformation(),
                        config.maxPduLength(),
                        Implementation.CLASS_UID,
                        Implementation.VERSION_NAME)));
        AssociationInfo info = new AssociationInfo(
                id,
                aeOrUnknown(rq.callingAeTitle()),
                config.aeTitle(),
                (InetSocketAddress) socket.getRemoteSocketAddress(),
                socket instanceof SSLSocket,
                rq.userInformation().maxPduLength());
        LOG.info(
                "event=association_accepted association={} peer={} calling={} called={} tls={} peer_max_pdu={} "
                        + "accepted_contexts={}/{}",
                id,
                info.remoteAddress(),
                info.callingAeTitle(),
                rq.calledAeTitle(),
                info.tls(),
                info.peerMaxPduLength(),
                contexts.stream().filter(PresentationContextAc::accepted).count(),
                contexts.size());
        listener.associationOpened(info);
        Map<Integer, String> abstractSyntaxById = new HashMap<>();
        rq.presentationContexts().forEach(pc -> abstractSyntaxById.put(pc.id(), pc.abstractSyntax()));
        Map<Integer, PresentationContextAc> acceptedById = new HashMap<>();
        contexts.stream().filter(PresentationContextAc::accepted).forEach(pc -> acceptedById.put(pc.id(), pc));
        String outcome = new Service(ul, info, acceptedById, abstractSyntaxById).run();
        LOG.info("event=association_closed association={} outcome={}", id, outcome);
        listener.associationClosed(info, outcome);
    }

    private static AeTitle aeOrUnknown(String title) {
        try {
            return AeTitle.of(title);
        } catch (IllegalArgumentException e) {
            return AeTitle.of("UNKNOWN");
        }
    }

    /** The DIMSE service loop of one established association. */
    private final class Service {
        private final UpperLayer ul;
        private final AssociationInfo info;
        private final Map<Integer, PresentationContextAc> accepted;
        private final Map<Integer, String> abstractSyntaxes;
        private final DimseChannel channel;

        Service(
                UpperLayer ul,
                AssociationInfo info,
                Map<Integer, PresentationContextAc> accepted,
                Map<Integer, String> abstractSyntaxes) {
            this.ul = ul;
            this.info = info;
            this.accepted = accepted;
            this.abstractSyntaxes = abstractSyntaxes;
            this.channel = new DimseChannel(ul, Negotiation.sendLength(info.peerMaxPduLength()));
        }

        String run() {
            try {
                while (true) {
                    DimseChannel.Received received = channel.readCommand();
                    PresentationContextAc pc = accepted.get(received.presentationContextId());
                    if (pc == null) {
                        throw new PDataInputStream.DimseProtocolException("message on presentation context "
                                + received.presentationContextId() + " which was not accepted");
                    }
                    Command command = received.command();
                    if (!answerable(received.presentationContextId(), command)) {
                        continue;
                    }
                    switch (command.commandField()) {
                        case Command.C_ECHO_RQ -> echo(received.presentationContextId(), command);
                        case Command.C_STORE_RQ -> store(pc, command);
                        default -> unrecognized(received.presentationContextId(), command);
                    }
                }
            } catch (PdvSource.AssociationEndedException e) {
                return ended(e.primitive());
            } catch (IOException | RuntimeException e) {
                return abort(e);
            }
        }

        /**
         * Checks the fields every request needs before it can be answered (PS3.7 E.1: Command Field, Message ID and
         * Command Data Set Type, each one US value). A command set without them cannot be answered (a response has
         * to name the request's message id), and an SCP that sent no request cannot take a response: both are
         * protocol errors that end in an A-ABORT. A C-CANCEL-RQ is read and dropped: it has no response, and no
         * operation of this SCP can be cancelled.
         *
         * @return false when the message was consumed without a response
         */
        private boolean answerable(int pcid, Command command) throws IOException {
            int field = command.strictUs(Command.COMMAND_FIELD)
                    .orElseThrow(() -> new PDataInputStream.DimseProtocolException(
                            "command set without a Command Field (0000,0100) of " + "one US value"));
            if ((field & 0x8000) != 0) {
                throw new PDataInputStream.DimseProtocolException(
                        String.format("response 0x%04X received, but this SCP sent no request", field));
            }
            if (command.strictUs(Command.COMMAND_DATA_SET_TYPE).isEmpty()) {
                throw new PDataInputStream.DimseProtocolException(String.format(
                        "command 0x%04X without a Command " + "Data Set Type (0000,0800) of one US value", field));
            }
            if (field == Command.C_CANCEL_RQ) {
                if (command.hasDataset()) {
                    channel.dataStream(pcid).drain();
                }
                LOG.info(
                        "event=c_cancel_ignored association={} message_id_being_responded_to={}",
                        id,
                        command.messageIdBeingRespondedTo());
                return false;
            }
            if (command.strictUs(Command.MESSAGE_ID).isEmpty()) {
                throw new PDataInputStream.DimseProtocolException(
                        String.format("command 0x%04X without a Message ID " + "(0000,0110) of one US value", field));
            }
            return true;
        }

        /**
         * The SOP class a request is for: the one its command names (Affected SOP Class UID), else its presentation
         * context's abstract syntax; and that abstract syntax. A C-ECHO or C-STORE whose two differ is refused.
         */
        private record SopClasses(String named, String context) {
            boolean agree() {
                return named.equals(context);
            }
        }

        private SopClasses sopClasses(int pcid, Command command) {
            String context = abstractSyntaxes.getOrDefault(pcid, "");
            return new SopClasses(command.affectedSopClassUid().orElse(context), context);
        }

        private void echo(int pcid, Command command) throws IOException {
            if (command.hasDataset()) {
                channel.dataStream(pcid).drain();
            }
            SopClasses sopClasses = sopClasses(pcid, command);
            if (!sopClasses.agree() || !VERIFICATION.equals(sopClasses.context())) {
                String reason =
                        "C-ECHO for SOP class " + sopClasses.named() + " on a context for " + sopClasses.context();
                LOG.info(
                        "event=c_echo_refused association={} status={} reason=\"{}\"",
                        id,
                        DimseStatus.REFUSED_SOP_CLASS_NOT_SUPPORTED.hex(),
                        reason);
                channel.sendCommand(
                        pcid,
                        Command.response(
                                command, DimseStatus.REFUSED_SOP_CLASS_NOT_SUPPORTED.code(), Optional.of(reason)));
                return;
            }
            channel.sendCommand(pcid, Command.response(command, 0, Optional.empty()));
            LOG.debug("event=c_echo association={} message_id={}", id, command.messageId());
        }

        private void unrecognized(int pcid, Command command) throws IOException {
            if (command.hasDataset()) {
                channel.dataStream(pcid).drain();
            }
            LOG.info(
                    "event=unrecognized_operation association={} command_field=0x{}",
                    id,
                    Integer.toHexString(command.commandField()));
            channel.sendCommand(
                    pcid,
                    Command.response(
                            command,
                            DimseStatus.UNRECOGNIZED_OPERATION.code(),
                            Optional.of("unsupported DIMSE command")));
        }

        private void store(PresentationContextAc pc, Command command) throws IOException {
            if (!command.hasDataset()) {
                throw new PDataInputStream.DimseProtocolException("C-STORE-RQ without dataset");
            }
            SopClasses sopClasses = sopClasses(pc.id(), command);
            String sopClass = sopClasses.named();
            Optional<String> refusal = !sopClasses.agree()
                    ? Optional.of("SOP class " + sopClass + " sent on a context for " + sopClasses.context())
                    : command.affectedSopInstanceUid().isEmpty()
                            ? Optional.of("no Affected SOP Instance UID")
                            : Optional.empty();
            StoreRequest request = new StoreRequest(
                    info,
                    sopClass,
                    command.affectedSopInstanceUid().orElse(""),
                    pc.transferSyntax(),
                    command.messageId(),
                    command.priority());
            if (refusal.isPresent()) {
                // validated before the handler sees anything: the dataset is read and dropped
                PDataInputStream dropped = channel.dataStream(pc.id());
                dropped.drain();
                DimseStatus status = sopClasses.agree()
                        ? DimseStatus.ERROR_CANNOT_UNDERSTAND
                        : DimseStatus.REFUSED_SOP_CLASS_NOT_SUPPORTED;
                LOG.info(
                        "event=c_store_refused association={} status={} reason=\"{}\"",
                        id,
                        status.hex(),
                        refusal.get());
                channel.sendCommand(pc.id(), Command.response(command, status.code(), refusal));
                // a refusal counts like any other answered C-STORE (ledger, metrics), without storeStarted:
                // the handler never saw it
                listener.storeFinished(request, StoreResponse.of(status, refusal.get()), dropped.count());
                return;
            }
            listener.storeStarted(request);
            PDataInputStream data = channel.dataStream(pc.id());
            StoreResponse response;
            try {
                response = handler.onCStore(request, data);
                if (response == null) {
                    response = StoreResponse.of(DimseStatus.ERROR_CANNOT_UNDERSTAND, "handler returned no response");
                }
            } catch (IOException | RuntimeException e) {
                if (channel.source().endedBy() != null) {
                    lost(request, data);
                    throw new PdvSource.AssociationEndedException(
                            channel.source().endedBy());
                }
                if (e instanceof PDataInputStream.DimseProtocolException p) {
                    throw p;
                }
                DimseStatus status = e instanceof IOException || e instanceof java.io.UncheckedIOException
                        ? DimseStatus.OUT_OF_RESOURCES
                        : DimseStatus.ERROR_CANNOT_UNDERSTAND;
                // a message-less exception (NullPointerException, ...) must not answer the peer "null"
                response = StoreResponse.of(
                        status,
                        e.getMessage() != null
                                ? e.getMessage()
                                : "handler failed: " + e.getClass().getSimpleName());
                // an unexpected RuntimeException is a bug in the handler: keep its stack trace
                LOG.warn(
                        "event=c_store_handler_failed association={} sop_instance={} status={} error=\"{}\"",
                        id,
                        request.affectedSopInstanceUid(),
                        status.hex(),
                        e.toString(),
                        e instanceof RuntimeException ? e : null);
            }
            try {
                if (channel.source().endedBy() != null) {
                    // the handler answered (e.g. "dataset stream failed"), but there is no one left to answer
                    lost(request, data);
                    throw new PdvSource.AssociationEndedException(
                            channel.source().endedBy());
                }
                data.drain();
                channel.sendCommand(
                        pc.id(), Command.response(command, response.status().code(), response.errorComment()));
            } finally {
                // whether or not the answer reached the peer: what the handler did (e.g. store the instance) stands
                runAfterSent(request, response);
            }
            if (LOG.isDebugEnabled() || !response.status().isSuccess()) {
                LOG.info(
                        "event=c_store association={} sop_instance={} status={} bytes={}",
                        id,
                        request.affectedSopInstanceUid(),
                        response.status().hex(),
                        data.count());
            }
            listener.storeFinished(request, response, data.count());
        }

        private void runAfterSent(StoreRequest request, StoreResponse response) {
            try {
                response.afterSent().run();
            } catch (RuntimeException e) {
                LOG.warn(
                        "event=c_store_after_sent_failed association={} sop_instance={} error=\"{}\"",
                        id,
                        request.affectedSopInstanceUid(),
                        e.toString(),
                        e);
            }
        }

        /** The association ended mid-dataset: the instance is lost, no response goes out; counted, one WARN line. */
        private void lost(StoreRequest request, PDataInputStream data) {
            String reason = String.valueOf(channel.source().endedBy());
            LOG.warn(
                    "event=store_lost association={} sop_instance={} bytes={} reason=\"association ended before the "
                            + "dataset was complete, no response sent\"",
                    id,
                    request.affectedSopInstanceUid(),
                    data.count());
            listener.storeLost(request, data.count(), reason);
        }

        private String ended(Primitive primitive) {
            if (primitive instanceof Primitive.AReleaseIndication) {
                ul.releaseResponse();
                ul.awaitTransportClose();
                return "released";
            }
            if (primitive instanceof Primitive.AAbortIndication a) {
                String reason = "A-ABORT from peer source=" + a.abort().source() + " reason="
                        + a.abort().reason();
                LOG.info(
                        "event=association_aborted association={} by=peer source={} reason={}",
                        id,
                        a.abort().source(),
                        a.abort().reason());
                listener.associationAborted(info, reason);
                return "aborted";
            }
            if (primitive instanceof Primitive.APAbortIndication p) {
                LOG.warn(
                        "event=association_aborted association={} peer={} by=provider reason=\"{}\"",
                        id,
                        info.remoteAddress(),
                        p.reason());
                listener.associationAborted(info, p.reason());
                ul.awaitTransportClose();
                return "aborted";
            }
            Optional<String> localAbort = ul.localAbortReason();
            if (localAbort.isPresent()) {
                listener.associationAborted(info, localAbort.get());
                return "aborted";
            }
            return "transport closed";
        }

        private String abort(Exception e) {
            LOG.warn(
                    "event=association_aborted association={} peer={} by=us reason=\"{}\"",
                    id,
                    info.remoteAddress(),
                    e.toString());
            listener.associationAborted(info, e.toString());
            ul.abort();
            ul.awaitTransportClose();
            return "aborted";
        }
    }
}
