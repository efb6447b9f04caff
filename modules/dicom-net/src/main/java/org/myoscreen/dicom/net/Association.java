package org.myoscreen.dicom.net;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.myoscreen.dicom.Implementation;
import org.myoscreen.dicom.Transcoder;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.internal.dimse.Command;
import org.myoscreen.dicom.net.internal.dimse.DimseChannel;
import org.myoscreen.dicom.net.internal.dimse.PdvSource;
import org.myoscreen.dicom.net.internal.negotiation.Negotiation;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextAc;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;
import org.myoscreen.dicom.net.internal.service.Part10Header;
import org.myoscreen.dicom.net.internal.transport.Sockets;
import org.myoscreen.dicom.net.internal.ul.Primitive;
import org.myoscreen.dicom.net.internal.ul.UpperLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established association where we are the requestor (SCU): C-ECHO and C-STORE with one
 * operation outstanding at a time (asynchronous operations window 1), then release or abort.
 * Open it with {@link DicomConnector#open}.
 *
 * <p>Not thread-safe: use from one thread. Every method that talks to the peer throws
 * {@link DicomNetException} when the association fails; after that only {@link #abort()} and
 * {@link #close()} are useful.
 */
public final class Association implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Association.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dicom-scu-artim");
        t.setDaemon(true);
        return t;
    });

    private final UpperLayer ul;
    private final AssociationRequest request;
    private final List<PresentationContextRq> proposed;
    private final AAssociateAc accept;
    private final DimseChannel channel;
    private final AssociationInfo info;
    private int nextMessageId = 1;

    private Association(
            UpperLayer ul,
            AssociationRequest request,
            List<PresentationContextRq> proposed,
            AAssociateAc accept,
            Socket socket) {
        this.ul = ul;
        this.request = request;
        this.proposed = proposed;
        this.accept = accept;
        this.channel = new DimseChannel(
                ul, Negotiation.sendLength(accept.userInformation().maxPduLength()));
        this.info = new AssociationInfo(
                ul.associationId(),
                request.callingAeTitle(),
                request.calledAeTitle(),
                (InetSocketAddress) socket.getRemoteSocketAddress(),
                request.sslContext().isPresent(),
                accept.userInformation().maxPduLength());
    }

    static Association open(AssociationRequest request) {
        String id = "R" + IDS.incrementAndGet();
        UpperLayer ul = UpperLayer.requestor(
                id,
                TIMERS,
                request.connectTimeout(),
                request.responseTimeout(),
                request.maxPduLength(),
                (from, evt, action, to) -> {});
        List<PresentationContextRq> proposed = new ArrayList<>();
        int pcid = 1;
        for (PresentationContext pc : request.presentationContexts()) {
            proposed.add(new PresentationContextRq(pcid, pc.abstractSyntax(), pc.transferSyntaxes()));
            pcid += 2;
        }
        AAssociateRq rq = new AAssociateRq(
                1,
                request.calledAeTitle().value(),
                request.callingAeTitle().value(),
                PduType.DICOM_APPLICATION_CONTEXT,
                proposed,
                new UserInformation(
                        request.maxPduLength(),
                        Implementation.CLASS_UID,
                        Optional.of(Implementation.VERSION_NAME),
                        Optional.empty(),
                        List.of(),
                        List.of()));
        String peer = request.calledAeTitle() + "@" + request.host() + ":" + request.port();
        try {
            ul.requestAssociation(rq, () -> {
                Socket s =
                        Sockets.connect(request.host(), request.port(), request.connectTimeout(), request.sslContext());
                s.setSoTimeout(0); // the Upper Layer's idle timer bounds every wait from here on
                return s;
            });
        } catch (IOException | RuntimeException e) {
            ul.abort();
            throw new DicomNetException(
                    "association " + id + " to " + peer + ": cannot connect: " + e.getMessage(), true, e);
        }
        Primitive answer = nextAnswer(ul);
        if (answer instanceof Primitive.AAssociateConfirmationAccept a) {
            Association association = new Association(
                    ul, request, proposed, a.accept(), ul.socket().orElseThrow());
            LOG.info(
                    "event=association_established association={} peer={} accepted_contexts={}/{} peer_max_pdu={}",
                    id,
                    peer,
                    a.accept().presentationContexts().stream()
                            .filter(PresentationContextAc::accepted)
                            .count(),
                    proposed.size(),
                    a.accept().userInformation().maxPduLength());
            return association;
        }
        if (answer instanceof Primitive.AAssociateConfirmationReject r) {
            AAssociateRj rj = r.reject();
            LOG.info(
                    "event=association_rejected association={} peer={} result={} source={} reason={}",
                    id,
                    peer,
                    rj.result(),
                    rj.source(),
                    rj.reason());
            throw new AssociationRejectedException(
                    "association " + id + " to " + peer + " rejected", rj.result(), rj.source(), rj.reason());
        }
        ul.abort();
        throw new DicomNetException("association " + id + " to " + peer + " failed: " + describe(answer), true);
    }

    private static Primitive nextAnswer(UpperLayer ul) {
        Primitive p = ul.next();
        while (p instanceof Primitive.Nothing || p instanceof Primitive.PDataIndication) {
            p = ul.next();
        }
        return p;
    }

    private static String describe(Primitive p) {
        if (p instanceof Primitive.AAbortIndication a) {
            return "A-ABORT from peer (source " + a.abort().source() + ", reason "
                    + a.abort().reason() + ")";
        }
        if (p instanceof Primitive.APAbortIndication a) {
            return "A-P-ABORT: " + a.reason();
        }
        return p.getClass().getSimpleName();
    }

    /** @return who is on this association, with the peer's negotiated maximum PDU length */
    public AssociationInfo info() {
        return info;
    }

    /**
     * @param abstractSyntax SOP class UID
     * @return the transfer syntax the peer accepted for it, if any context of it was accepted
     */
    public Optional<String> acceptedTransferSyntax(String abstractSyntax) {
        return acceptedContexts(abstractSyntax).stream().findFirst().map(PresentationContextAc::transferSyntax);
    }

    private List<PresentationContextAc> acceptedContexts(String abstractSyntax) {
        List<PresentationContextAc> result = new ArrayList<>();
        for (PresentationContextAc ac : accept.presentationContexts()) {
            if (ac.accepted()
                    && proposed.stream()
                            .anyMatch(rq ->
                                    rq.id() == ac.id() && rq.abstractSyntax().equals(abstractSyntax))) {
                result.add(ac);
            }
        }
        return result;
    }

    /**
     * C-ECHO (PS3.7 9.1.5).
     *
     * @return the peer's status
     * @throws DicomNetException when Verification was not accepted or the association fails
     */
    public DimseStatus echo() {
        requireEstablished();
        PresentationContextAc pc = acceptedContexts(PresentationContextPolicy.VERIFICATION).stream()
                .findFirst()
                .orElseThrow(() -> new DicomNetException(
                        info.associationId() + ": Verification SOP class not " + "accepted by " + info.calledAeTitle(),
                        false));
        int messageId = messageId();
        try {
            channel.sendCommand(pc.id(), Command.cEchoRq(messageId, PresentationContextPolicy.VERIFICATION));
            return DimseStatus.of(response(Command.C_ECHO_RSP, messageId).status());
        } catch (IOException e) {
            throw failed("C-ECHO", e);
        }
    }

    /**
     * C-STORE (PS3.7 9.1.1) of one Part 10 file: its dataset is streamed from disk, converted
     * between Explicit and Implicit VR Little Endian when the accepted context needs it.
     *
     * @param file a Part 10 file with File Meta Information
     * @return the peer's status and error comment as sent, whatever its category
     * @throws DicomNetException when no accepted context fits the file, the file is not Part 10,
     *     or the association fails
     */
    public StoreResult store(Path file) {
        requireEstablished();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            Part10Header header = Part10Header.read(in, file.toString());
            List<PresentationContextAc> contexts = acceptedContexts(header.sopClassUid());
            PresentationContextAc pc = contexts.stream()
                    .filter(c -> c.transferSyntax().equals(header.transferSyntaxUid()))
                    .findFirst()
                    .or(() -> contexts.stream()
                            .filter(c -> convertible(header.transferSyntaxUid(), c.transferSyntax()))
                            .findFirst())
                    .orElseThrow(() -> new DicomNetException(
                            info.associationId() + ": no accepted presentation "
                                    + "context for " + file + " (SOP class " + header.sopClassUid()
                                    + ", transfer syntax "
                                    + header.transferSyntaxUid() + ")",
                            false));
            int messageId = messageId();
            channel.sendCommand(pc.id(), Command.cStoreRq(messageId, header.sopClassUid(), header.sopInstanceUid(), 0));
            OutputStream out = channel.dataOutput(pc.id());
            try {
                if (pc.transferSyntax().equals(header.transferSyntaxUid())) {
                    header.dataset().transferTo(out);
                } else {
                    Transcoder.transcode(
                            header.dataset(),
                            TransferSyntax.of(header.transferSyntaxUid()),
                            out,
                            TransferSyntax.of(pc.transferSyntax()),
                            file.toString());
                }
            } catch (RuntimeException e) {
                // half a dataset is on the wire and cannot be taken back: only an abort ends it cleanly
                ul.abort();
                throw new DicomNetException(
                        info.associationId() + ": C-STORE of " + file + " failed, association " + "aborted: "
                                + e.getMessage(),
                        false,
                        e);
            }
            out.close();
            Command rsp = response(Command.C_STORE_RSP, messageId);
            StoreResult result =
                    new StoreResult(header.sopInstanceUid(), DimseStatus.of(rsp.status()), rsp.errorComment());
            LOG.debug(
                    "event=c_store_sent association={} sop_instance={} status={}",
                    info.associationId(),
                    header.sopInstanceUid(),
                    result.status().hex());
            return result;
        } catch (IOException e) {
            throw failed("C-STORE of " + file, e);
        }
    }

    /** Explicit and Implicit VR Little Endian convert into each other; nothing else does. */
    private static boolean convertible(String from, String to) {
        List<String> le = List.of(
                PresentationContextPolicy.EXPLICIT_VR_LITTLE_ENDIAN,
                PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN);
        return le.contains(from) && le.contains(to);
    }

    private Command response(int expectedField, int messageId) throws IOException {
        DimseChannel.Received received = channel.readCommand();
        Command rsp = received.command();
        if (rsp.commandField() != expectedField || rsp.messageIdBeingRespondedTo() != messageId) {
            ul.abort();
            throw new DicomNetException(
                    info.associationId() + ": unexpected response " + rsp + " to message " + messageId, false);
        }
        if (rsp.hasDataset()) {
            channel.dataStream(received.presentationContextId()).drain();
        }
        return rsp;
    }

    private void requireEstablished() {
        org.myoscreen.dicom.net.internal.ul.State state = ul.state();
        if (state != org.myoscreen.dicom.net.internal.ul.State.STA6) {
            throw new DicomNetException(
                    info.associationId() + " to " + info.calledAeTitle() + " is no longer established ("
                            + state.standardName() + ": " + state.description() + ")",
                    true);
        }
    }

    private int messageId() {
        int id = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return id;
    }

    private DicomNetException failed(String what, IOException e) {
        if (e instanceof PdvSource.AssociationEndedException ended) {
            ul.abort();
            return new DicomNetException(
                    info.associationId() + ": " + what + " failed, association ended: " + describe(ended.primitive()),
                    true,
                    e);
        }
        ul.abort();
        return new DicomNetException(info.associationId() + ": " + what + " failed: " + e.getMessage(), true, e);
    }

    /**
     * A-RELEASE (PS3.8 7.2): asks the peer to release and waits for its answer (or the response
     * timeout, then aborts). Handles a release collision as the requestor side.
     */
    public void release() {
        if (ul.state() != org.myoscreen.dicom.net.internal.ul.State.STA6) {
            ul.abort();
            return;
        }
        try {
            ul.requestRelease();
            while (true) {
                Primitive p = ul.next();
                if (p instanceof Primitive.AReleaseIndication) {
                    ul.releaseResponse(); // collision: AR-9, then wait for the peer's A-RELEASE-RP
                } else if (!(p instanceof Primitive.PDataIndication || p instanceof Primitive.Nothing)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("event=release_failed association={} error=\"{}\"", info.associationId(), e.toString());
        } finally {
            ul.abort();
        }
    }

    /** A-ABORT (PS3.8 7.3): ends the association at once. Never throws. */
    public void abort() {
        ul.abort();
    }

    /** Releases if still established. */
    @Override
    public void close() {
        release();
    }
}
