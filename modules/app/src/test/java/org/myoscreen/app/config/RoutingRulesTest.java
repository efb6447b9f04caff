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
import org.myoscreen.dicom.Uids;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.delivery.Destination;

class RoutingRulesTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(NodeConfigKeys.ALL, Set.of("rules"));

    private List<RoutingRule> rules(String yaml) throws Exception {
        Path file = dir.resolve("node.yml");
        Files.writeString(file, yaml);
        Settings settings = loader.load(
                ParsedArgs.parse("run", List.of("--config", file.toString()), loader.optionSpecs()), Map.of(), dir);
        return RoutingRules.from(settings, file.toString());
    }

    @Test
    void withoutRulesSectionOneDefaultRuleTakesMrToTheReferenceModel() throws Exception {
        List<RoutingRule> rules = rules("destination: [PACS@pacs:104]\n");
        assertThat(rules).hasSize(1);
        RoutingRule rule = rules.get(0);
        assertThat(rule.id()).isEqualTo("default");
        assertThat(rule.modelId()).isEqualTo("reference");
        assertThat(rule.modalities()).containsExactly("MR");
        assertThat(rule.sopClassUids()).containsExactly(Uids.MR_IMAGE_STORAGE, Uids.ENHANCED_MR_IMAGE_STORAGE);
        assertThat(rule.destinations()).containsExactly(new Destination("PACS", "pacs", 104));
    }

    @Test
    void readsEveryCriterionAndOverrideOfARule() throws Exception {
        List<RoutingRule> rules = rules(String.join(
                "\n",
                "destination: [PACS@pacs:104]",
                "rules:",
                "  - id: dixon",
                "    model: in-house",
                "    match:",
                "      modality: MR",
                "      series-description: '(?i)dixon'",
                "      image-type-any-of: [W, F]",
                "      image-type-all-of: [DERIVED]",
                "      orientation: [axial, coronal]",
                "      body-part: [WHOLEBODY]",
                "      calling-ae: [SCANNER1]",
                "    destination: [ARCHIVE@archive:11112]",
                "    quiet-period: 20s",
                "    instance-count: 240",
                "  - id: rest",
                ""));
        assertThat(rules).extracting(RoutingRule::id).containsExactly("dixon", "rest");
        RoutingRule dixon = rules.get(0);
        assertThat(dixon.modelId()).isEqualTo("in-house");
        assertThat(dixon.modalities()).containsExactly("MR");
        assertThat(dixon.seriesDescriptionRegex()).contains("(?i)dixon");
        assertThat(dixon.imageTypeAnyOf()).containsExactly("W", "F");
        assertThat(dixon.imageTypeAllOf()).containsExactly("DERIVED");
        assertThat(dixon.orientations()).containsExactlyInAnyOrder(Orientation.AXIAL, Orientation.CORONAL);
        assertThat(dixon.bodyPartsExamined()).containsExactly("WHOLEBODY");
        assertThat(dixon.callingAeTitles()).containsExactly("SCANNER1");
        assertThat(dixon.destinations()).containsExactly(new Destination("ARCHIVE", "archive", 11112));
        assertThat(dixon.quietPeriod()).contains(Duration.ofSeconds(20));
        assertThat(dixon.instanceCount()).hasValue(240);
        RoutingRule rest = rules.get(1);
        assertThat(rest.modelId()).isEqualTo("reference");
        assertThat(rest.destinations()).containsExactly(new Destination("PACS", "pacs", 104));
    }

    @Test
    void mistakesNameTheRuleAndField() {
        assertThatThrownBy(() -> rules("rules:\n  - id: a\n    match: {orientation: [oblique]}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules[0].match.orientation")
                .hasMessageContaining("expected axial, coronal or sagittal, got 'oblique'");
        assertThatThrownBy(() -> rules("rules:\n  - model: x\n"))
                .hasMessageContaining("rules[0].id")
                .hasMessageContaining("every rule needs an id");
        assertThatThrownBy(() -> rules("rules:\n  - id: a\n  - id: a\n"))
                .hasMessageContaining("rules[1].id")
                .hasMessageContaining("duplicate rule id 'a'");
        assertThatThrownBy(() -> rules("rules:\n  - id: a\n    match: {colour: red}\n"))
                .hasMessageContaining("rules[0].match.colour")
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> rules("rules:\n  - id: a\n    match: {series-description: '(('}\n"))
                .hasMessageContaining("rules[0]");
        assertThatThrownBy(() -> rules("rules:\n  - id: a\n    destination: [nowhere]\n"))
                .hasMessageContaining("rules[0].destination")
                .hasMessageContaining("AE@HOST:PORT");
        assertThatThrownBy(() -> rules("rules:\n  - id: a\n    instance-count: 0\n"))
                .hasMessageContaining("rules[0].instance-count");
        assertThatThrownBy(() -> rules("rules: []\n"))
                .hasMessageContaining("rules")
                .hasMessageContaining("non-empty list");
    }

    @Test
    void shippedConfigurationFileLoads() throws Exception {
        Path shipped = Path.of("../../conf/myoscreen.yml").toAbsolutePath().normalize();
        Settings settings = loader.load(
                ParsedArgs.parse("run", List.of("--config", shipped.toString()), loader.optionSpecs()), Map.of(), dir);
        assertThat(settings.get(NodeConfigKeys.AE_TITLE_KEY)).isEqualTo("MYOSCREEN");
        assertThat(RoutingRules.from(settings, shipped.toString())).hasSize(1);
    }
}
