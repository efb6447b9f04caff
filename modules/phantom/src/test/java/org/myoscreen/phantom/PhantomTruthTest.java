package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PhantomTruthTest {

    private static PhantomOptions.Builder small(long seed) {
        return PhantomOptions.builder()
                .seed(seed)
                .matrix(96)
                .spacingMm(5)
                .sliceThicknessMm(6)
                .stations(1);
    }

    @Test
    void paraspinalCompartmentAtL3IsAdultSizedAndImatIsCloseToRequested() {
        for (long seed = 1; seed <= 6; seed++) {
            PhantomStudy study =
                    Phantom.generate(small(seed).imatPercent(4 + 2 * seed).build());
            Truth t = study.truth();
            assertThat(t.paraspinalAreaL3LeftCm2()).as("seed %d left", seed).isBetween(10.0, 30.0);
            assertThat(t.paraspinalAreaL3RightCm2()).as("seed %d right", seed).isBetween(10.0, 30.0);
            // The requested amount holds for the whole compartment; the headline values are L1–L5.
            double wholeImatPercent = 100 * t.wholeImatVolumeCm3() / (t.wholeImatVolumeCm3() + t.wholeLmmVolumeCm3());
            assertThat(wholeImatPercent).as("seed %d imat", seed).isCloseTo(4 + 2 * seed, within(1.0));
            assertThat(t.levelRange()).isEqualTo("L1-L5");
            assertThat(t.lmmVolumeCm3()).isLessThan(0.8 * t.wholeLmmVolumeCm3());
            assertThat(t.imatPercent()).as("seed %d imat L1-L5", seed).isCloseTo(4 + 2 * seed, within(4.0));
            assertThat(t.levels())
                    .contains(VertebralLevel.T1, VertebralLevel.L3, VertebralLevel.S1)
                    .hasSize(18);
            assertThat(t.psoasAreaL3Cm2()).isPresent();
            assertThat(t.pmiCm2PerM2().getAsDouble()).isBetween(2.0, 12.0);
            assertThat(t.lmmVolumeCm3()).isBetween(200.0, 1500.0);
        }
    }
}
