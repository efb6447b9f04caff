package org.myoscreen.dicom.net.internal.negotiation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.PresentationContextPolicy;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextAc;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;

/**
 * Association negotiation as pure functions (PS3.8 7.1.1, PS3.7 Annex D.3.3): AE title checks,
 * presentation context results, maximum length, implementation identification and the
 * asynchronous operations window. No I/O, no state.
 */
public final class Negotiation {
    /** Used when the peer announces 0 (no limit): a generous PDU that still bounds memory. */
    public static final int SEND_LENGTH_WHEN_UNLIMITED = 1 << 20;
    /** Smallest maximum length we honour; PS3.8 requires room for at least a PDV header. */
    public static final int MIN_SEND_LENGTH = 8;

    private Negotiation() {}

    /** What an acceptor decides about a request before looking at presentation contexts. */
    public record AcceptorRules(AeTitle calledAeTitle, Set<AeTitle> allowedCallingAeTitles, boolean limitExceeded) {
        public AcceptorRules {
            allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
        }
    }

    /**
     * The A-ASSOCIATE-RJ to send, or empty when the request may be accepted. Order: local limit
     * (2,3,2), application context (1,1,2), called AE (1,1,7), calling AE allow-list (1,1,3).
     */
    public static Optional<AAssociateRj> rejection(AAssociateRq rq, AcceptorRules rules) {
        if (rules.limitExceeded()) {
            return Optional.of(new AAssociateRj(
                    AAssociateRj.RESULT_TRANSIENT,
                    AAssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                    AAssociateRj.REASON_LOCAL_LIMIT_EXCEEDED));
        }
        if (!PduType.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContextName())) {
            return Optional.of(new AAssociateRj(
                    AAssociateRj.RESULT_PERMANENT,
                    AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED));
        }
        if (!rules.calledAeTitle().value().equals(rq.calledAeTitle().strip())) {
            return Optional.of(new AAssociateRj(
                    AAssociateRj.RESULT_PERMANENT,
                    AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED));
        }
        if (!rules.allowedCallingAeTitles().isEmpty()
                && rules.allowedCallingAeTitles().stream()
                        .noneMatch(a -> a.value().equals(rq.callingAeTitle().strip()))) {
            return Optional.of(new AAssociateRj(
                    AAssociateRj.RESULT_PERMANENT,
                    AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED));
        }
        return Optional.empty();
    }

    /**
     * One result per proposed context: 3 when the policy lacks the abstract syntax, 4 when none of
     * the proposed transfer syntaxes is acceptable, else 0 with the acceptor's most preferred
     * transfer syntax among those proposed.
     */
    public static List<PresentationContextAc> presentationContexts(
            List<PresentationContextRq> proposed, PresentationContextPolicy policy) {
        List<PresentationContextAc> results = new ArrayList<>(proposed.size());
        for (PresentationContextRq pc : proposed) {
            Optional<List<String>> acceptable = policy.transferSyntaxesFor(pc.abstractSyntax());
            if (acceptable.isEmpty()) {
                results.add(new PresentationContextAc(
                        pc.id(),
                        PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                        pc.transferSyntaxes().get(0)));
                continue;
            }
            Optional<String> chosen = acceptable.get().stream()
                    .filter(pc.transferSyntaxes()::contains)
                    .findFirst();
            results.add(chosen.map(ts -> new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE, ts))
                    .orElseGet(() -> new PresentationContextAc(
                            pc.id(),
                            PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                            pc.transferSyntaxes().get(0))));
        }
        return results;
    }

    /**
     * The length (bytes) of the P-DATA-TF PDUs we send: the peer's maximum, or
     * {@link #SEND_LENGTH_WHEN_UNLIMITED} when it announced 0, and never above that.
     */
    public static int sendLength(long peerMaxPduLength) {
        if (peerMaxPduLength == 0 || peerMaxPduLength > SEND_LENGTH_WHEN_UNLIMITED) {
            return SEND_LENGTH_WHEN_UNLIMITED;
        }
        return (int) Math.max(MIN_SEND_LENGTH, peerMaxPduLength);
    }

    /**
     * Our User Information in an A-ASSOCIATE-AC: our maximum length, implementation class UID and
     * version name, and the asynchronous operations window answered 1/1 only when the request
     * carried one. Role selection items are not answered, so the default roles apply
     * (PS3.7 D.3.3.4).
     */
    public static UserInformation acceptorUserInformation(
            UserInformation requested,
            int ourMaxPduLength,
            String implementationClassUid,
            String implementationVersionName) {
        return new UserInformation(
                ourMaxPduLength,
                implementationClassUid,
                Optional.of(implementationVersionName),
                requested
                        .asynchronousOperationsWindow()
                        .map(w -> new UserInformation.AsynchronousOperationsWindow(1, 1)),
                List.of(),
                List.of());
    }

    /** The A-ASSOCIATE-AC answering {@code rq}, with the called/calling fields echoed (PS3.8 9.3.3). */
    public static AAssociateAc accept(AAssociateRq rq, List<PresentationContextAc> contexts, UserInformation ui) {
        return new AAssociateAc(
                1, rq.calledAeTitle(), rq.callingAeTitle(), PduType.DICOM_APPLICATION_CONTEXT, contexts, ui);
    }
}
