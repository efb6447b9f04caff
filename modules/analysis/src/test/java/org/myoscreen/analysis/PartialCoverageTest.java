package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A study that covers only part of the lumbar spine is refused by QC, yet the values of the levels
 * identified with certainty are reported with the range they cover, and only what needs a missing
 * level stays refused.
 */
class PartialCoverageTest {

    private static AnalysisResult analyze(Synthetic s) {
        return PhantomCases.analyzer(AnalysisOptions.defaults()).analyze(s.single(Synthetic.man()));
    }

    @Test
    void aFieldOfViewEndingInL1ReportsL2ToL5AndThePsoasAtL3() {
        // S1..L1, L1 cut by the top of the field of view: L2-L5 and S1 identified.
        AnalysisResult r = analyze(new Synthetic(6, 5, 15, -3));
        assertThat(r.levels().names()).containsExactly("L2", "L3", "L4", "L5", "S1");
        assertThat(r.qc().passed()).isFalse();
        assertThat(r.reported()).isEmpty();
        PartialCoverage p = r.partial().orElseThrow();
        assertThat(p.levelRange()).isEqualTo("L2-L5");
        assertThat(p.levels()).containsOnlyKeys("L2", "L3", "L4", "L5");
        assertThat(p.levels().get("L3").lmmVolumeCm3()).isPositive();
        assertThat(p.psoasAreaL3Cm2()).isPresent();
        assertThat(p.refused())
                .anySatisfy(f -> assertThat(f).contains("missing L1"))
                .noneSatisfy(f -> assertThat(f).contains("psoas"));

        JsonNode json = ResultJson.partialCoverage(r);
        assertThat(json.get("level_range").asText()).isEqualTo("L2-L5");
        assertThat(json.get("levels").fieldNames()).toIterable().containsExactly("L2", "L3", "L4", "L5");
        assertThat(json.get("psoas_area_l3_cm2").isNumber()).isTrue();
        assertThat(ResultJson.measurements(r).get("imat_percent").isNull()).isTrue();
    }

    @Test
    void withoutL3ThePsoasIsRefusedToo() {
        // S1, L5, L4 identified; L3 cut by the top of the field of view.
        AnalysisResult r = analyze(new Synthetic(4, 5, 15, -3));
        PartialCoverage p = r.partial().orElseThrow();
        assertThat(p.levelRange()).isEqualTo("L4-L5");
        assertThat(p.psoasAreaL3Cm2()).isEmpty();
        assertThat(p.refused()).anySatisfy(f -> assertThat(f).startsWith("L3 not identified"));
    }

    @Test
    void aStudyThatPassesHasNoPartialReport() {
        AnalysisResult r = analyze(new Synthetic(8));
        assertThat(r.qc().passed()).isTrue();
        assertThat(r.partial()).isEmpty();
        assertThat(ResultJson.partialCoverage(r).isNull()).isTrue();
    }

    @Test
    void noLevelsMeansNoPartialReport() {
        Synthetic s = new Synthetic(8);
        s.box(17, 23, 5, 12, 1, 4, Synthetic.DISC);
        AnalysisResult r = analyze(s);
        assertThat(r.levels().levels()).isEmpty();
        assertThat(r.partial()).isEmpty();
    }
}
