package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PhantomOptionsTest {

    @Test
    void cliValuesParseAndBadOnesNameTheOption() {
        assertThat(Sex.parse("f")).isEqualTo(Sex.F);
        assertThat(PhantomOptions.TransferSyntaxChoice.parse("Implicit"))
                .isEqualTo(PhantomOptions.TransferSyntaxChoice.IMPLICIT);
        assertThatThrownBy(() -> Sex.parse("x")).hasMessageStartingWith("sex:");
        assertThatThrownBy(() -> PhantomOptions.TransferSyntaxChoice.parse("big"))
                .hasMessageStartingWith("transfer-syntax:");
        assertThatThrownBy(() -> PhantomOptions.builder().matrix(8).build()).hasMessageStartingWith("matrix:");
        assertThatThrownBy(() -> PhantomOptions.builder().imatPercent(-1).build())
                .hasMessageStartingWith("imat-percent:");
        assertThatThrownBy(() -> PhantomOptions.builder()
                        .orientation(Orientation.SAGITTAL)
                        .stations(2)
                        .build())
                .hasMessageStartingWith("stations:");
    }

    @Test
    void dixonAddsTheFourDixonContrastsToT2() {
        PhantomOptions o = PhantomOptions.builder().dixon(true).build();
        assertThat(o.contrasts())
                .containsExactly(
                        Contrast.T2_HASTE,
                        Contrast.DIXON_WATER,
                        Contrast.DIXON_FAT,
                        Contrast.DIXON_IN_PHASE,
                        Contrast.DIXON_OPPOSED_PHASE);
        assertThat(o.toBuilder().dixon(false).build().contrasts()).containsExactly(Contrast.T2_HASTE);
        assertThat(PhantomOptions.builder()
                        .contrasts(EnumSet.of(Contrast.DIXON_FAT, Contrast.DIXON_WATER))
                        .build()
                        .contrasts())
                .containsExactly(Contrast.DIXON_WATER, Contrast.DIXON_FAT);
    }

    @Test
    void givenPatientValuesOverrideOnlyTheirOwnDraw() {
        PatientInfo drawn = Phantom.patient(PhantomOptions.ofSeed(99));
        PatientInfo heavier =
                Phantom.patient(PhantomOptions.builder().seed(99).weightKg(120).build());
        assertThat(heavier.weightKg()).isEqualTo(120);
        assertThat(heavier.heightM()).isEqualTo(drawn.heightM());
        assertThat(heavier.sex()).isEqualTo(drawn.sex());
        assertThat(heavier.ageYears()).isEqualTo(drawn.ageYears());
        assertThat(drawn.bmi()).isBetween(20.0, 34.0);
    }
}
