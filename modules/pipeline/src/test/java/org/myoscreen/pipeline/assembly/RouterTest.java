package org.myoscreen.pipeline.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.pipeline.TestSeries;
import org.myoscreen.pipeline.delivery.Destination;

class RouterTest {

    private static SeriesFacts facts(
            String modality,
            String description,
            List<String> imageType,
            List<Double> iop,
            String bodyPart,
            String callingAe) {
        InstanceHeader h = InstanceHeader.builder("1.2", "1.2.3", "1.2.3.4", TestSeries.MR)
                .modality(modality)
                .seriesDescription(description)
                .imageType(imageType)
                .imageOrientationPatient(iop)
                .bodyPartExamined(bodyPart)
                .callingAeTitle(callingAe)
                .build();
        return SeriesFacts.of(h);
    }

    private static final SeriesFacts DIXON_WATER_AXIAL = facts(
            "MR",
            "t1_vibe_dixon_tra_W",
            List.of("ORIGINAL", "PRIMARY", "DIXON", "WATER"),
            TestSeries.AXIAL,
            "WHOLEBODY",
            "SCANNER1");

    @Test
    void dixonRuleMatchesWaterAndFatButNotInPhase() {
        Router router = new Router(RoutingConfig.of(List.of(RoutingRule.builder("dixon", "paraspinal-dixon")
                .modalities("MR")
                .imageTypeAnyOf("W", "F", "WATER", "FAT")
                .build())));

        SeriesFacts fat = facts(
                "MR",
                "t1_vibe_dixon_tra_F",
                List.of("ORIGINAL", "PRIMARY", "DIXON", "FAT"),
                TestSeries.AXIAL,
                "WHOLEBODY",
                "SCANNER1");
        SeriesFacts inPhase = facts(
                "MR",
                "t1_vibe_dixon_tra_in",
                List.of("ORIGINAL", "PRIMARY", "DIXON", "IN_PHASE"),
                TestSeries.AXIAL,
                "WHOLEBODY",
                "SCANNER1");

        assertThat(router.match(DIXON_WATER_AXIAL)).map(RoutingRule::id).contains("dixon");
        assertThat(router.match(fat)).map(RoutingRule::id).contains("dixon");
        assertThat(router.match(inPhase)).isEmpty();
    }

    @Test
    void imageTypeAllOfNeedsEveryValue() {
        Router router = new Router(RoutingConfig.of(List.of(RoutingRule.builder("orig", "m")
                .imageTypeAllOf("ORIGINAL", "dixon")
                .build())));

        assertThat(router.match(DIXON_WATER_AXIAL)).isPresent();
        assertThat(router.match(facts("MR", "x", List.of("ORIGINAL", "PRIMARY"), TestSeries.AXIAL, "", "A")))
                .isEmpty();
    }

    @Test
    void orientationComesFromImageOrientationPatient() {
        Router router = new Router(RoutingConfig.of(List.of(
                RoutingRule.builder("sag", "spine")
                        .orientations(Orientation.SAGITTAL)
                        .build(),
                RoutingRule.builder("cor", "cor")
                        .orientations(Orientation.CORONAL)
                        .build())));

        assertThat(router.match(DIXON_WATER_AXIAL)).isEmpty();
        assertThat(router.match(facts("MR", "x", List.of(), TestSeries.SAGITTAL, "", "A")))
                .map(RoutingRule::id)
                .contains("sag");
        assertThat(router.match(facts("MR", "x", List.of(), TestSeries.CORONAL, "", "A")))
                .map(RoutingRule::id)
                .contains("cor");
        assertThat(router.match(facts("MR", "x", List.of(), List.of(), "", "A")))
                .isEmpty();
    }

    @Test
    void obliqueAxialIsClassifiedAxial() {
        double c = Math.cos(Math.toRadians(20));
        double s = Math.sin(Math.toRadians(20));
        assertThat(Orientation.of(List.of(1.0, 0.0, 0.0, 0.0, c, -s))).isEqualTo(Orientation.AXIAL);
    }

    @Test
    void descriptionRegexBodyPartCallingAeAndSopClassAllMustMatch() {
        RoutingRule rule = RoutingRule.builder("wb", "m")
                .seriesDescriptionRegex("dixon.*_w$")
                .bodyPartsExamined("wholebody")
                .callingAeTitles("SCANNER1")
                .sopClassUids(TestSeries.MR)
                .build();
        Router router = new Router(RoutingConfig.of(List.of(rule)));

        assertThat(router.match(DIXON_WATER_AXIAL)).isPresent();
        assertThat(router.match(facts("MR", "t1_vibe_dixon_tra_W", List.of(), TestSeries.AXIAL, "WHOLEBODY", "OTHER")))
                .isEmpty();
        assertThat(router.match(facts("MR", "t1_vibe_dixon_tra_W", List.of(), TestSeries.AXIAL, "HEAD", "SCANNER1")))
                .isEmpty();
        assertThat(router.match(facts("MR", "t2_tse_sag", List.of(), TestSeries.AXIAL, "WHOLEBODY", "SCANNER1")))
                .isEmpty();
    }

    @Test
    void firstMatchingRuleWinsAndModalityFilters() {
        Router router = new Router(RoutingConfig.of(List.of(
                RoutingRule.builder("ct", "ct-model").modalities("CT").build(),
                RoutingRule.builder("mr-any", "mr-model")
                        .modalities("MR")
                        .quietPeriod(Duration.ofSeconds(5))
                        .build(),
                RoutingRule.builder("catch-all", "other").build())));

        Optional<RoutingRule> m = router.match(DIXON_WATER_AXIAL);

        assertThat(m).map(RoutingRule::id).contains("mr-any");
        assertThat(m.flatMap(RoutingRule::quietPeriod)).contains(Duration.ofSeconds(5));
    }

    @Test
    void invalidRulesAreRefusedWithTheRuleName() {
        assertThatThrownBy(() -> RoutingRule.builder("bad", "m")
                        .seriesDescriptionRegex("([")
                        .build())
                .hasMessageContaining("bad")
                .hasMessageContaining("regex");
        assertThatThrownBy(
                        () -> RoutingRule.builder("zero", "m").instanceCount(0).build())
                .hasMessageContaining("zero");
        assertThatThrownBy(() -> RoutingConfig.of(List.of(
                        RoutingRule.builder("a", "m").build(),
                        RoutingRule.builder("a", "n").build())))
                .hasMessageContaining("duplicate routing rule id 'a'");
    }

    @Test
    void destinationsParseAndPrintAsAeAtHostPort() {
        Destination d = Destination.parse("PACS@pacs.example.org:104");

        assertThat(d).isEqualTo(new Destination("PACS", "pacs.example.org", 104));
        assertThat(d.toString()).isEqualTo("PACS@pacs.example.org:104");
        assertThat(Destination.parse("V6@[::1]:11112").host()).isEqualTo("::1");
        assertThatThrownBy(() -> Destination.parse("PACS@host")).hasMessageContaining("AE@HOST:PORT");
        assertThatThrownBy(() -> Destination.parse("WAY_TOO_LONG_AE_TITLE@h:1")).hasMessageContaining("AE title");
        assertThatThrownBy(() -> Destination.parse("PACS@h:70000")).hasMessageContaining("port");
    }
}
