package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class VRTest {

    @Test
    void hasAllPs35ValueRepresentations() {
        assertThat(VR.values()).hasSize(34);
    }

    @Test
    void mapsCodesBothWays() {
        for (VR vr : VR.values()) {
            assertThat(VR.of(vr.code())).hasValue(vr);
        }
        assertThat(VR.PN.code()).isEqualTo(0x504E);
        assertThat(VR.of(0x5858)).isEmpty();
        assertThat(VR.of(-1)).isEmpty();
    }

    @Test
    void usesLongLengthForThePs35Table() {
        EnumSet<VR> expected =
                EnumSet.of(VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.SQ, VR.UC, VR.UN, VR.UR, VR.UT, VR.SV, VR.UV);
        for (VR vr : VR.values()) {
            assertThat(vr.explicitLongLength()).as(vr.name()).isEqualTo(expected.contains(vr));
        }
    }

    @Test
    void classifiesBinaryAndStrings() {
        assertThat(VR.OB.isBinary()).isTrue();
        assertThat(VR.UN.isBinary()).isTrue();
        assertThat(VR.US.isBinary()).isFalse();
        assertThat(VR.PN.isString()).isTrue();
        assertThat(VR.SQ.isString()).isFalse();
        assertThat(VR.UI.paddingByte()).isZero();
        assertThat(VR.LO.paddingByte()).isEqualTo(' ');
        assertThat(VR.OB.paddingByte()).isZero();
    }
}
