package org.myoscreen.dicom.net.internal.ul;

import static org.myoscreen.dicom.net.internal.ul.Action.*;
import static org.myoscreen.dicom.net.internal.ul.Event.*;
import static org.myoscreen.dicom.net.internal.ul.State.*;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * PS3.8 Table 9-10, the DICOM Upper Layer Protocol state transition table, as data: for each
 * event (row) the action per state (column). A cell the standard leaves empty is a programming or
 * protocol error and {@link #action} throws for it.
 */
public final class TransitionTable {
    private static final Map<Event, Map<State, Action>> TABLE = new EnumMap<>(Event.class);

    static {
        row(EVT1, STA1, AE_1);
        row(EVT2, STA4, AE_2);
        row(
                EVT3, STA2, AA_1, STA3, AA_8, STA5, AE_3, STA6, AA_8, STA7, AA_8, STA8, AA_8, STA9, AA_8, STA10, AA_8,
                STA11, AA_8, STA12, AA_8, STA13, AA_6);
        row(
                EVT4, STA2, AA_1, STA3, AA_8, STA5, AE_4, STA6, AA_8, STA7, AA_8, STA8, AA_8, STA9, AA_8, STA10, AA_8,
                STA11, AA_8, STA12, AA_8, STA13, AA_6);
        row(EVT5, STA1, AE_5);
        row(
                EVT6, STA2, AE_6, STA3, AA_8, STA5, AA_8, STA6, AA_8, STA7, AA_8, STA8, AA_8, STA9, AA_8, STA10, AA_8,
                STA11, AA_8, STA12, AA_8, STA13, AA_7);
        row(EVT7, STA3, AE_7);
        row(EVT8, STA3, AE_8);
        row(EVT9, STA6, DT_1, STA8, AR_7);
        row(
                EVT10, STA2, AA_1, STA3, AA_8, STA5, AA_8, STA6, DT_2, STA7, AR_6, STA8, AA_8, STA9, AA_8, STA10, AA_8,
                STA11, AA_8, STA12, AA_8, STA13, AA_6);
        row(EVT11, STA6, AR_1);
        row(
                EVT12, STA2, AA_1, STA3, AA_8, STA5, AA_8, STA6, AR_2, STA7, AR_8, STA8, AA_8, STA9, AA_8, STA10, AA_8,
                STA11, AA_8, STA12, AA_8, STA13, AA_6);
        row(
                EVT13, STA2, AA_1, STA3, AA_8, STA5, AA_8, STA6, AA_8, STA7, AR_3, STA8, AA_8, STA9, AA_8, STA10, AR_10,
                STA11, AR_3, STA12, AA_8, STA13, AA_6);
        row(EVT14, STA8, AR_4, STA9, AR_9, STA12, AR_4);
        row(
                EVT15, STA3, AA_1, STA4, AA_2, STA5, AA_1, STA6, AA_1, STA7, AA_1, STA8, AA_1, STA9, AA_1, STA10, AA_1,
                STA11, AA_1, STA12, AA_1);
        row(
                EVT16, STA2, AA_2, STA3, AA_3, STA5, AA_3, STA6, AA_3, STA7, AA_3, STA8, AA_3, STA9, AA_3, STA10, AA_3,
                STA11, AA_3, STA12, AA_3, STA13, AA_2);
        row(
                EVT17, STA2, AA_5, STA3, AA_4, STA4, AA_4, STA5, AA_4, STA6, AA_4, STA7, AA_4, STA8, AA_4, STA9, AA_4,
                STA10, AA_4, STA11, AA_4, STA12, AA_4, STA13, AR_5);
        row(EVT18, STA2, AA_2, STA13, AA_2);
        row(
                EVT19, STA2, AA_1, STA3, AA_8, STA5, AA_8, STA6, AA_8, STA7, AA_8, STA8, AA_8, STA9, AA_8, STA10, AA_8,
                STA11, AA_8, STA12, AA_8, STA13, AA_7);
    }

    private TransitionTable() {}

    private static void row(Event event, Object... stateActionPairs) {
        Map<State, Action> cells = new EnumMap<>(State.class);
        for (int i = 0; i < stateActionPairs.length; i += 2) {
            State state = (State) stateActionPairs[i];
            if (cells.put(state, (Action) stateActionPairs[i + 1]) != null) {
                throw new IllegalStateException("duplicate cell " + event + "/" + state);
            }
        }
        TABLE.put(event, cells);
    }

    /** The cell's action, or empty when the standard leaves it blank. */
    public static Optional<Action> lookup(State state, Event event) {
        return Optional.ofNullable(TABLE.get(event).get(state));
    }

    /**
     * The action for {@code event} in {@code state}.
     *
     * @throws IllegalStateException when Table 9-10 has no entry for that cell
     */
    public static Action action(State state, Event event) {
        return lookup(state, event)
                .orElseThrow(() -> new IllegalStateException("no transition for " + event.standardName() + " ("
                        + event.description() + ") in " + state.standardName() + " (" + state.description() + ")"));
    }
}
