package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    @Test
    void aeTitleIsTrimmedOfInsignificantSpaces() {
        assertThat(AeTitle.of("  STORESCP ").value()).isEqualTo("STORESCP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "SEVENTEEN_CHARS_X", "BACK\\SLASH", "TAB\tX", "UMLAUT_Ä"})
    void invalidAeTitlesAreRefused(String value) {
        assertThatThrownBy(() -> AeTitle.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "0000,SUCCESS",
        "B000,WARNING",
        "B007,WARNING",
        "0107,WARNING",
        "A700,FAILURE",
        "A900,FAILURE",
        "C000,FAILURE",
        "0122,FAILURE",
        "0211,FAILURE",
        "FE00,CANCEL",
        "FF00,PENDING",
        "FF01,PENDING"
    })
    void statusCategoriesFollowPs37AnnexC(String hex, DimseStatus.Category category) {
        DimseStatus status = DimseStatus.of(Integer.parseInt(hex, 16));
        assertThat(status.category()).isEqualTo(category);
        assertThat(status.hex()).isEqualTo(hex);
    }

    @Test
    void acceptorConfigRejectsNonsense() {
        assertThatThrownBy(() -> AcceptorConfig.builder(AeTitle.of("A"))
                        .maxAssociations(0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAssociations");
        assertThatThrownBy(() -> AcceptorConfig.builder(AeTitle.of("A"))
                        .maxPduLength(100)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPduLength");
        assertThatThrownBy(() ->
                        AcceptorConfig.builder(AeTitle.of("A")).port(70000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
    }
}
