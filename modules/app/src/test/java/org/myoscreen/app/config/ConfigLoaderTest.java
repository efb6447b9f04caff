package org.myoscreen.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.cli.ParsedArgs;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(NodeConfigKeys.ALL, Set.of("rules"));

    private ParsedArgs args(String... argv) {
        return ParsedArgs.parse("run", List.of(argv), loader.optionSpecs());
    }

    @Test
    void usesDefaultsWithoutFileEnvironmentOrFlags() {
        Settings s = loader.load(args(), Map.of(), dir);
        assertThat(s.get(NodeConfigKeys.AE_TITLE_KEY)).isEqualTo("MYOSCREEN");
        assertThat(s.get(NodeConfigKeys.PORT)).isEqualTo(11112);
        assertThat(s.get(NodeConfigKeys.QUIET_PERIOD)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.get(NodeConfigKeys.ALLOWED_CALLING_AE)).isEmpty();
        assertThat(s.find(NodeConfigKeys.KAFKA)).isEmpty();
        assertThat(s.origin(NodeConfigKeys.PORT)).isEqualTo("default");
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("conf/myoscreen.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file, "ae-title: FROMFILE\nport: 2000\nbind: 127.0.0.1\n" + "spool:\n  min-free-disk: 2GiB\n");
        Settings s = loader.load(
                args("--port", "4000"), Map.of("MYOSCREEN_PORT", "3000", "MYOSCREEN_BIND", "127.0.0.2"), dir);
        assertThat(s.get(NodeConfigKeys.AE_TITLE_KEY)).isEqualTo("FROMFILE");
        assertThat(s.get(NodeConfigKeys.BIND)).isEqualTo("127.0.0.2");
        assertThat(s.get(NodeConfigKeys.PORT)).isEqualTo(4000);
        assertThat(s.get(NodeConfigKeys.MIN_FREE_DISK)).isEqualTo(2L << 30);
        assertThat(s.origin(NodeConfigKeys.PORT)).isEqualTo("flag --port");
        assertThat(s.origin(NodeConfigKeys.BIND)).isEqualTo("environment MYOSCREEN_BIND");
    }

    @Test
    void listKeysComeFromYamlListsRepeatedFlagsAndCommaSeparatedEnvironment() throws Exception {
        Path file = dir.resolve("node.yml");
        Files.writeString(file, "allowed-calling-ae: [SCANNER1, SCANNER2]\n");
        Settings fromFile = loader.load(args("--config", file.toString()), Map.of(), dir);
        assertThat(fromFile.get(NodeConfigKeys.ALLOWED_CALLING_AE)).containsExactly("SCANNER1", "SCANNER2");

        Settings fromEnv = loader.load(
                args(), Map.of("MYOSCREEN_DESTINATION", "PACS@pacs.local:104, ARCHIVE@10.0.0.9:11112"), dir);
        assertThat(fromEnv.get(NodeConfigKeys.DESTINATION))
                .containsExactly("PACS@pacs.local:104", "ARCHIVE@10.0.0.9:11112");

        Settings fromFlags = loader.load(args("--allowed-calling-ae", "A", "--allowed-calling-ae", "B"), Map.of(), dir);
        assertThat(fromFlags.get(NodeConfigKeys.ALLOWED_CALLING_AE)).containsExactly("A", "B");
    }

    @Test
    void rejectsBadValueNamingKeyAndSource() {
        assertThatThrownBy(() -> loader.load(args(), Map.of("MYOSCREEN_PORT", "eleven"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration: port (from environment MYOSCREEN_PORT): "
                        + "expected an integer, got 'eleven'");
        assertThatThrownBy(() -> loader.load(args("--port", "70000"), Map.of(), dir))
                .hasMessageContaining("port (from flag --port): must be between 1 and 65535");
        assertThatThrownBy(() -> loader.load(args("--ae-title", "WAY_TOO_LONG_AE_TITLE"), Map.of(), dir))
                .hasMessageContaining("ae-title")
                .hasMessageContaining("not an AE title");
        assertThatThrownBy(() -> loader.load(args("--destination", "PACS@host"), Map.of(), dir))
                .hasMessageContaining("destination")
                .hasMessageContaining("not AE@HOST:PORT");
        assertThatThrownBy(() -> loader.load(args("--quiet-period", "soon"), Map.of(), dir))
                .hasMessageContaining("quiet-period")
                .hasMessageContaining("expected a duration");
    }

    @Test
    void rejectsUnknownKeyInFile() throws Exception {
        Path file = dir.resolve("typo.yml");
        Files.writeString(file, "ae-tilte: X\n");
        assertThatThrownBy(() -> loader.load(args("--config", file.toString()), Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration: ae-tilte (from " + file + "): unknown key");
    }

    @Test
    void rejectsMissingExplicitConfigFileAndBrokenYaml() throws Exception {
        assertThatThrownBy(() -> loader.load(args("--config", "nope.yml"), Map.of(), dir))
                .hasMessageContaining("config (from flag --config): no such file");
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "port: [1, 2\n");
        assertThatThrownBy(() -> loader.load(args("--config", file.toString()), Map.of(), dir))
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void keepsStructuredSectionsForTheirOwners() throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, "rules:\n  - name: dixon\n    match: {modality: MR}\n");
        Settings s = loader.load(args("--config", file.toString()), Map.of(), dir);
        assertThat(s.section("rules")).isPresent();
        assertThat(s.section("rules").get().get(0).get("name").asText()).isEqualTo("dixon");
    }

    @Test
    void parsesDurationsAndSizes() {
        assertThat(ConfigType.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigType.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigType.parseDuration("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(ConfigType.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ConfigType.parseSize("500MB")).isEqualTo(500_000_000L);
        assertThat(ConfigType.parseSize("1gib")).isEqualTo(1L << 30);
        assertThat(ConfigType.parseSize("4096")).isEqualTo(4096L);
    }

    @Test
    void committedReferenceDocumentationMatchesTheKeyDefinitions() throws Exception {
        Path doc = Path.of("../../docs/configuration.md");
        assertThat(doc).exists();
        assertThat(Files.readString(doc))
                .as("docs/configuration.md is stale: regenerate it with ConfigDocs")
                .isEqualTo(ConfigDocs.render(ConfigDocs.allKeys()));
    }
}
