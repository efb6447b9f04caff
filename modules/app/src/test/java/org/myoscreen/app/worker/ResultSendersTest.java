package org.myoscreen.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigException;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.Settings;

/** The dicomweb settings become the STOW-RS authentication; conflicting or unusable ones stop start-up without echoing a secret. */
class ResultSendersTest {
    private static final ConfigLoader LOADER = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));

    @TempDir
    Path dir;

    private Settings settings(Map<String, String> env, String... flags) {
        return LOADER.load(ParsedArgs.parse("run", List.of(flags), LOADER.optionSpecs()), env, dir);
    }

    @Test
    void credentialsComeFromTheEnvironmentAndNameOnlyTheirScheme() {
        assertThat(ResultSenders.auth(settings(Map.of()))).hasToString("none");
        assertThat(ResultSenders.auth(settings(Map.of("MYOSCREEN_DICOMWEB_BEARER_TOKEN", "tok-123"))))
                .hasToString("bearer");
        assertThat(ResultSenders.auth(
                        settings(Map.of("MYOSCREEN_DICOMWEB_USERNAME", "u", "MYOSCREEN_DICOMWEB_PASSWORD", "pw-456"))))
                .hasToString("basic");
    }

    @Test
    void tokenAndUserTogetherOrPasswordAloneAreConfigurationErrorsWithoutTheSecret() {
        assertThatThrownBy(() -> ResultSenders.auth(settings(
                        Map.of("MYOSCREEN_DICOMWEB_BEARER_TOKEN", "tok-123", "MYOSCREEN_DICOMWEB_USERNAME", "u"))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("dicomweb.bearer-token")
                .hasMessageNotContaining("tok-123");
        assertThatThrownBy(() -> ResultSenders.auth(settings(Map.of("MYOSCREEN_DICOMWEB_PASSWORD", "pw-456"))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("without dicomweb.username")
                .hasMessageNotContaining("pw-456");
    }

    @Test
    void aStowRsDestinationWithCredentialsInItsUrlIsRefusedAtStartUp() {
        assertThatThrownBy(() -> settings(Map.of(), "--destination", "stow+https://u:pw-789@vna:443/dicom-web"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("pw-789");
        assertThat(settings(
                                Map.of(),
                                "--destination",
                                "stow+https://vna:443/dicom-web",
                                "--destination",
                                "PACS@pacs:104")
                        .get(org.myoscreen.app.config.NodeConfigKeys.DESTINATION))
                .hasSize(2);
    }
}
