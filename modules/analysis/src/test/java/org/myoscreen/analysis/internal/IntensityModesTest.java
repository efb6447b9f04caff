package org.myoscreen.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The shared mode seeker on hand-built values with a known mode. */
class IntensityModesTest {

    /** 300 lean values around 100, 100 partial-volume values spread from 100 to 500, 50 fat values at 500. */
    private static Floats leanWithTail() {
        Floats v = new Floats();
        for (int i = 0; i < 300; i++) {
            v.add(95 + (i % 11));
        }
        for (int i = 0; i < 100; i++) {
            v.add(100 + 4 * i);
        }
        for (int i = 0; i < 50; i++) {
            v.add(500);
        }
        return v;
    }

    @Test
    void relativeWindowFindsTheLeanModeDespiteThePartialVolumeTail() {
        Floats v = leanWithTail();
        // The tail pulls the mean of these values to 188; the mode stays at the lean level.
        double mode = IntensityModes.seekRelative(v, v.quantile(0.2), 500, 0.04, 10);
        assertThat(mode).isCloseTo(100, within(1.0));
    }

    @Test
    void fixedWindowFindsTheFatPeakFromBelow() {
        Floats v = leanWithTail();
        assertThat(IntensityModes.seekFixed(v, 470, 40)).isEqualTo(500.0);
    }

    @Test
    void emptyWindowKeepsTheStart() {
        Floats v = leanWithTail();
        assertThat(IntensityModes.seekFixed(v, 1000, 10)).isEqualTo(1000.0);
        assertThat(IntensityModes.seekRelative(v, 1000, 0, 0.001, 10)).isEqualTo(1000.0);
    }
}
