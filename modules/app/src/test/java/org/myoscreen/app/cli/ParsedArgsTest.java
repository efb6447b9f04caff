package org.myoscreen.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedArgsTest {
    private final List<OptionSpec> specs = List.of(
            OptionSpec.value("calling-ae", "AE", "our AE"),
            OptionSpec.repeatable("destination", "AE@HOST:PORT", "where"),
            OptionSpec.flag("verbose", "more output"));

    @Test
    void separatesOptionsFromPositionalsInAnyOrder() {
        ParsedArgs a = ParsedArgs.parse(
                "send",
                List.of(
                        "PACS@h:104",
                        "--calling-ae",
                        "ME",
                        "a.dcm",
                        "--verbose",
                        "--destination=X@h:1",
                        "--destination",
                        "Y@h:2",
                        "--",
                        "--odd-name.dcm"),
                specs);
        assertThat(a.positionals()).containsExactly("PACS@h:104", "a.dcm", "--odd-name.dcm");
        assertThat(a.value("calling-ae")).contains("ME");
        assertThat(a.has("verbose")).isTrue();
        assertThat(a.values("destination")).containsExactly("X@h:1", "Y@h:2");
    }

    @Test
    void rejectsUnknownOptionMissingValueAndRepeatedSingleOption() {
        assertThatThrownBy(() -> ParsedArgs.parse("send", List.of("--colour"), specs))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> ParsedArgs.parse("send", List.of("--calling-ae"), specs))
                .hasMessageContaining("--calling-ae needs a value AE");
        assertThatThrownBy(() -> ParsedArgs.parse("send", List.of("--calling-ae", "A", "--calling-ae", "B"), specs))
                .hasMessageContaining("given more than once");
        assertThatThrownBy(() -> ParsedArgs.parse("send", List.of("--verbose=yes"), specs))
                .hasMessageContaining("takes no value");
    }
}
