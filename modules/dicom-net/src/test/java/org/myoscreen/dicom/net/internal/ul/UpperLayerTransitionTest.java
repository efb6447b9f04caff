package org.myoscreen.dicom.net.internal.ul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.PduEncoder;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.Pdv;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;

/**
 * Runs the action of every non-empty cell of Table 9-10 on a live Upper Layer (over a loopback
 * connection) and checks the state it ends in; every empty cell must throw and leave the state alone.
 */
class UpperLayerTransitionTest {
    private static ScheduledExecutorService timers;
    private static ServerSocket server;

    @BeforeAll
    static void setUp() throws IOException {
        timers = Executors.newSingleThreadScheduledExecutor();
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void tearDown() throws IOException {
        timers.shutdownNow();
        server.close();
    }

    static Stream<Arguments> cells() {
        List<Arguments> all = new ArrayList<>();
        for (State s : State.values()) {
            for (Event e : Event.values()) {
                all.add(Arguments.of(s, e, UpperLayer.Role.ACCEPTOR));
                if (TransitionTable.lookup(s, e).filter(a -> a == Action.AR_8).isPresent()) {
                    all.add(Arguments.of(s, e, UpperLayer.Role.REQUESTOR));
                }
            }
        }
        return all.stream();
    }

    private static Object payload(Event e) {
        UserInformation ui =
                new UserInformation(16384, "2.25.1", Optional.empty(), Optional.empty(), List.of(), List.of());
        return switch (e) {
            case EVT2, EVT6 -> new AAssociateRq(1, "A", "B", PduType.DICOM_APPLICATION_CONTEXT, List.of(), ui);
            case EVT3, EVT7 -> new AAssociateAc(1, "A", "B", PduType.DICOM_APPLICATION_CONTEXT, List.of(), ui);
            case EVT4, EVT8 -> new AAssociateRj(1, 1, 1);
            case EVT9 -> {
                byte[] pdu = PduEncoder.encode(new PDataTf(List.of(Pdv.of(1, true, true, new byte[] {1}))));
                yield new UpperLayer.EncodedPData(pdu, pdu.length);
            }
            case EVT10 -> new PDataTf(List.of(Pdv.of(1, true, true, new byte[] {1})));
            case EVT16 -> new AAbort(0, 0);
            case EVT15, EVT19 -> new AAbort(2, 1);
            default -> null;
        };
    }

    @ParameterizedTest(name = "{1} in {0} as {2}")
    @MethodSource("cells")
    void actionRunsAndLeavesTheStandardsNextState(State state, Event event, UpperLayer.Role role) throws Exception {
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            assertThat(client.isConnected()).isTrue();
            UpperLayer ul = UpperLayer.inState(role, state, accepted, timers, Duration.ofMinutes(5));
            Optional<Action> action = TransitionTable.lookup(state, event);
            if (action.isEmpty()) {
                assertThatThrownBy(() -> ul.fire(event, payload(event))).isInstanceOf(IllegalStateException.class);
                assertThat(ul.state()).isEqualTo(state);
                return;
            }
            ul.fire(event, payload(event));
            State expected = switch (action.get()) {
                case AE_6 -> State.STA3; // the request carries protocol version 1: acceptable
                case AR_8 -> role == UpperLayer.Role.REQUESTOR ? State.STA9 : State.STA10;
                default -> action.get().nextState().orElseThrow();
            };
            assertThat(ul.state()).isEqualTo(expected);
            boolean closesTransport = expected == State.STA1;
            assertThat(accepted.isClosed())
                    .as("transport closed by %s", action.get().standardName())
                    .isEqualTo(closesTransport);
        }
    }
}
