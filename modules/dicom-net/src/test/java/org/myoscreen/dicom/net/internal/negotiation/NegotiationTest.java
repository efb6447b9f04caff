package org.myoscreen.dicom.net.internal.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.PresentationContextPolicy;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextAc;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.internal.pdu.RoleSelection;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;

class NegotiationTest {
    private static final String IVR = "1.2.840.10008.1.2";
    private static final String EVR = "1.2.840.10008.1.2.1";
    private static final String EVR_BE = "1.2.840.10008.1.2.2";
    private static final String JPEG = "1.2.840.10008.1.2.4.70";
    private static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private static UserInformation ui(Optional<UserInformation.AsynchronousOperationsWindow> window) {
        return new UserInformation(
                16384, "1.2.3", Optional.empty(), window, List.of(new RoleSelection(MR, 1, 1)), List.of());
    }

    private static AAssociateRq rq(String called, String calling) {
        return new AAssociateRq(
                1,
                called,
                calling,
                PduType.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, MR, List.of(EVR))),
                ui(Optional.empty()));
    }

    private static Negotiation.AcceptorRules rules(Set<AeTitle> allowed, boolean full) {
        return new Negotiation.AcceptorRules(AeTitle.of("MYOSCREEN"), allowed, full);
    }

    @Test
    void acceptsMatchingCalledAeWithoutAllowList() {
        assertThat(Negotiation.rejection(rq("MYOSCREEN", "ANY"), rules(Set.of(), false)))
                .isEmpty();
    }

    @Test
    void wrongCalledAeIsPermanentUserRejectionReason7() {
        assertThat(Negotiation.rejection(rq("OTHER", "ANY"), rules(Set.of(), false)))
                .contains(new AAssociateRj(1, 1, 7));
    }

    @Test
    void callingAeOutsideAllowListIsReason3() {
        assertThat(Negotiation.rejection(rq("MYOSCREEN", "INTRUDER"), rules(Set.of(AeTitle.of("PACS")), false)))
                .contains(new AAssociateRj(1, 1, 3));
        assertThat(Negotiation.rejection(rq("MYOSCREEN", "PACS"), rules(Set.of(AeTitle.of("PACS")), false)))
                .isEmpty();
    }

    @Test
    void fullAcceptorIsTransientLocalLimitExceeded() {
        assertThat(Negotiation.rejection(rq("MYOSCREEN", "ANY"), rules(Set.of(), true)))
                .contains(new AAssociateRj(2, 3, 2));
    }

    @Test
    void unknownApplicationContextIsReason2() {
        AAssociateRq odd = new AAssociateRq(1, "MYOSCREEN", "X", "1.2.3.4", List.of(), ui(Optional.empty()));
        assertThat(Negotiation.rejection(odd, rules(Set.of(), false))).contains(new AAssociateRj(1, 1, 2));
    }

    @Test
    void contextResultsFollowPolicyAndAcceptorPreference() {
        List<PresentationContextAc> results = Negotiation.presentationContexts(
                List.of(
                        new PresentationContextRq(1, MR, List.of(IVR, EVR_BE, EVR)),
                        new PresentationContextRq(3, MR, List.of(IVR)),
                        new PresentationContextRq(5, MR, List.of(JPEG)),
                        new PresentationContextRq(7, CT, List.of(EVR))),
                PresentationContextPolicy.mrStorage());

        assertThat(results)
                .containsExactly(
                        new PresentationContextAc(1, 0, EVR),
                        new PresentationContextAc(3, 0, IVR),
                        new PresentationContextAc(5, 4, JPEG),
                        new PresentationContextAc(7, 3, EVR));
    }

    @Test
    void sendLengthHonoursPeerMaximumAndBoundsUnlimited() {
        assertThat(Negotiation.sendLength(16384)).isEqualTo(16384);
        assertThat(Negotiation.sendLength(0)).isEqualTo(Negotiation.SEND_LENGTH_WHEN_UNLIMITED);
        assertThat(Negotiation.sendLength(0xFFFFFFFFL)).isEqualTo(Negotiation.SEND_LENGTH_WHEN_UNLIMITED);
    }

    @Test
    void asynchronousWindowIsAnswered1By1OnlyWhenProposedAndRolesAreNotAnswered() {
        UserInformation withWindow = Negotiation.acceptorUserInformation(
                ui(Optional.of(new UserInformation.AsynchronousOperationsWindow(5, 0))), 65536, "2.25.9", "V");
        UserInformation without = Negotiation.acceptorUserInformation(ui(Optional.empty()), 65536, "2.25.9", "V");

        assertThat(withWindow.asynchronousOperationsWindow())
                .contains(new UserInformation.AsynchronousOperationsWindow(1, 1));
        assertThat(without.asynchronousOperationsWindow()).isEmpty();
        assertThat(withWindow.roleSelections()).isEmpty();
        assertThat(withWindow.maxPduLength()).isEqualTo(65536);
        assertThat(withWindow.implementationClassUid()).isEqualTo("2.25.9");
        assertThat(withWindow.implementationVersionName()).contains("V");
    }
}
