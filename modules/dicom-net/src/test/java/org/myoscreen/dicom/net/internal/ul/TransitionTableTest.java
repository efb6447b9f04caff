package org.myoscreen.dicom.net.internal.ul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (State, Event) cell of PS3.8 Table 9-10, written out independently of the production
 * table: one string per event row, 13 columns Sta1..Sta13, "-" for an empty cell.
 */
class TransitionTableTest {
    private static final Map<Event, String> EXPECTED = new EnumMap<>(Event.class);

    static {
        //                       Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9  Sta10 Sta11 Sta12 Sta13
        EXPECTED.put(Event.EVT1, "AE-1 -     -     -     -     -     -     -     -     -     -     -     -");
        EXPECTED.put(Event.EVT2, "-    -     -     AE-2  -     -     -     -     -     -     -     -     -");
        EXPECTED.put(Event.EVT3, "-    AA-1  AA-8  -     AE-3  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6");
        EXPECTED.put(Event.EVT4, "-    AA-1  AA-8  -     AE-4  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6");
        EXPECTED.put(Event.EVT5, "AE-5 -     -     -     -     -     -     -     -     -     -     -     -");
        EXPECTED.put(Event.EVT6, "-    AE-6  AA-8  -     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7");
        EXPECTED.put(Event.EVT7, "-    -     AE-7  -     -     -     -     -     -     -     -     -     -");
        EXPECTED.put(Event.EVT8, "-    -     AE-8  -     -     -     -     -     -     -     -     -     -");
        EXPECTED.put(Event.EVT9, "-    -     -     -     -     DT-1  -     AR-7  -     -     -     -     -");
        EXPECTED.put(Event.EVT10, "-   AA-1  AA-8  -     AA-8  DT-2  AR-6  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6");
        EXPECTED.put(Event.EVT11, "-   -     -     -     -     AR-1  -     -     -     -     -     -     -");
        EXPECTED.put(Event.EVT12, "-   AA-1  AA-8  -     AA-8  AR-2  AR-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6");
        EXPECTED.put(Event.EVT13, "-   AA-1  AA-8  -     AA-8  AA-8  AR-3  AA-8  AA-8  AR-10 AR-3  AA-8  AA-6");
        EXPECTED.put(Event.EVT14, "-   -     -     -     -     -     -     AR-4  AR-9  -     -     AR-4  -");
        EXPECTED.put(Event.EVT15, "-   -     AA-1  AA-2  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  -");
        EXPECTED.put(Event.EVT16, "-   AA-2  AA-3  -     AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-2");
        EXPECTED.put(Event.EVT17, "-   AA-5  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AR-5");
        EXPECTED.put(Event.EVT18, "-   AA-2  -     -     -     -     -     -     -     -     -     -     AA-2");
        EXPECTED.put(Event.EVT19, "-   AA-1  AA-8  -     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7");
    }

    static Stream<Arguments> everyCell() {
        List<Arguments> cells = new ArrayList<>();
        for (Event event : Event.values()) {
            String[] columns = EXPECTED.get(event).trim().split("\\s+");
            assertThat(columns).as("columns of %s", event).hasSize(State.values().length);
            for (State state : State.values()) {
                cells.add(Arguments.of(state, event, columns[state.ordinal()]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{1} in {0} -> {2}")
    @MethodSource("everyCell")
    void cellMatchesTable910(State state, Event event, String expected) {
        if (expected.equals("-")) {
            assertThat(TransitionTable.lookup(state, event)).isEmpty();
            assertThatThrownBy(() -> TransitionTable.action(state, event))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(event.standardName())
                    .hasMessageContaining(state.standardName());
        } else {
            assertThat(TransitionTable.action(state, event).standardName()).isEqualTo(expected);
        }
    }

    @Test
    void tableHasExactly247CellsOf13StatesBy19Events() {
        assertThat(everyCell()).hasSize(247);
    }

    @Test
    void onlyAe6AndAr8ChooseTheirNextState() {
        for (Action action : Action.values()) {
            assertThat(action.nextState().isEmpty())
                    .as(action.standardName())
                    .isEqualTo(action == Action.AE_6 || action == Action.AR_8);
            assertThat(action.description()).isNotBlank();
        }
    }
}
