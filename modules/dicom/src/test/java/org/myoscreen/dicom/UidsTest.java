package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UidsTest {

    @Test
    void newUidsAreValidAndDistinct() {
        String a = Uids.newUid();
        String b = Uids.newUid();
        assertThat(a).startsWith("2.25.").isNotEqualTo(b);
        assertThat(Uids.isValid(a)).isTrue();
        assertThat(a.length()).isLessThanOrEqualTo(44);
    }

    @Test
    void nameBasedUidsAreDeterministic() {
        assertThat(Uids.fromName("job-1/model-2"))
                .isEqualTo(Uids.fromName("job-1/model-2"))
                .isNotEqualTo(Uids.fromName("job-1/model-3"));
        assertThat(Uids.isValid(Uids.fromName("x"))).isTrue();
    }

    @Test
    void implementationUidIsOurNameBasedUid() {
        assertThat(Implementation.CLASS_UID).isEqualTo(Uids.fromName("myoscreen implementation class"));
        assertThat(Uids.isValid(Implementation.CLASS_UID)).isTrue();
        assertThat(Implementation.VERSION_NAME.length()).isLessThanOrEqualTo(16);
    }

    @Test
    void validatesPs35Rules() {
        assertThat(Uids.isValid("1.2.840.10008.1.2")).isTrue();
        assertThat(Uids.isValid("1.2.0.3")).isTrue();
        assertThat(Uids.isValid("1.02.3")).isFalse();
        assertThat(Uids.isValid("1..2")).isFalse();
        assertThat(Uids.isValid(".1.2")).isFalse();
        assertThat(Uids.isValid("1.2.")).isFalse();
        assertThat(Uids.isValid("1.2a")).isFalse();
        assertThat(Uids.isValid("")).isFalse();
        assertThat(Uids.isValid("1." + "2".repeat(63))).isFalse();
        assertThat(Uids.isValid("1." + "2".repeat(62))).isTrue();
    }
}
