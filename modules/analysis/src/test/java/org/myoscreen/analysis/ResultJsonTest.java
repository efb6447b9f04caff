package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

    private final MuscleAnalyzer analyzer = PhantomCases.analyzer(AnalysisOptions.defaults());

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void blocksHaveExactlyTheInterfaceKeys() throws Exception {
        AnalysisResult r = analyzer.analyze(new Synthetic(8).single(Synthetic.man()));
        JsonNode j = new ObjectMapper().readTree(ResultJson.toJson(r));
        assertThat(keys(j)).containsExactly("measurements", "zscores", "risk", "qc");
        JsonNode m = j.get("measurements");
        assertThat(keys(m))
                .containsExactly(
                        "lmm_volume_cm3",
                        "imat_volume_cm3",
                        "imat_percent",
                        "lmm_index_cm3_per_bmi",
                        "left",
                        "right",
                        "psoas_area_l3_cm2",
                        "pmi_cm2_per_m2",
                        "fat_fraction_percent");
        assertThat(keys(m.get("left"))).containsExactly("lmm_volume_cm3", "imat_volume_cm3", "imat_percent");
        // Default range L1–L5: slices from the L5/S1 disc centroid (bodyEnd[0] + 1) up to, not including, the
        // T12/L1 disc centroid (bodyEnd[5] + 1); 8 x 8 voxels of 8 mm³ per side and slice.
        Synthetic s = new Synthetic(8);
        assertThat(m.get("lmm_volume_cm3").asDouble())
                .isEqualTo(Math.round(100 * 2 * 8 * 8 * 8 * (s.bodyEnd[5] - s.bodyEnd[0]) / 1000.0) / 100.0);
        assertThat(m.get("psoas_area_l3_cm2").asDouble()).isEqualTo(1.28);
        assertThat(m.get("fat_fraction_percent").isNull()).isTrue();
        assertThat(keys(j.get("zscores"))).containsExactly("imat_percent", "lmm_index", "reference");
        assertThat(j.get("zscores").get("reference").asText()).isEqualTo("provisional-2026.1 (M 50-59)");
        assertThat(j.get("risk")).hasSize(8);
        assertThat(keys(j.get("risk").get(0))).containsExactly("id", "outcome", "flag", "effect", "source", "wording");
        assertThat(j.get("qc").get("passed").asBoolean()).isTrue();
        assertThat(j.get("qc").get("flags").get(0).asText()).isEqualTo("no Dixon images: fat_fraction not computed");

        JsonNode details = ResultJson.measurementDetails(r);
        assertThat(keys(details.get("levels"))).startsWith("T11", "T12", "L1");
        assertThat(details.get("regions").get("lumbar").get("lmm_volume_cm3").asDouble())
                .isPositive();
        assertThat(details.get("level_range").asText()).isEqualTo("L1-L5");
    }

    @Test
    void missingValuesAreNullWithTheReasonInQc() {
        PatientFacts noWeight = new PatientFacts(
                Optional.of(Sex.M), OptionalInt.of(50), OptionalDouble.empty(), OptionalDouble.of(1.8));
        AnalysisResult r = analyzer.analyze(new Synthetic(8).single(noWeight));
        JsonNode j = ResultJson.blocks(r);
        assertThat(j.get("measurements").get("lmm_index_cm3_per_bmi").isNull()).isTrue();
        assertThat(j.get("measurements").get("pmi_cm2_per_m2").isNull()).isFalse();
        assertThat(j.get("zscores").get("lmm_index").isNull()).isTrue();
        assertThat(j.get("qc").get("flags").toString()).contains("no PatientWeight: lmm_index not computed");
    }

    @Test
    void aRefusedStudyReportsNoNumbers() {
        Synthetic s = new Synthetic(4);
        AnalysisResult r = analyzer.analyze(s.single(Synthetic.man()));
        JsonNode j = ResultJson.blocks(r);
        assertThat(j.get("qc").get("passed").asBoolean()).isFalse();
        j.get("measurements").fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.getValue().forEach(v -> assertThat(v.isNull()).isTrue());
            } else {
                assertThat(e.getValue().isNull()).as(e.getKey()).isTrue();
            }
        });
        assertThat(j.get("zscores").get("reference").isNull()).isTrue();
        j.get("risk").forEach(m -> assertThat(m.get("flag").asText()).isEqualTo("not-applicable"));
        assertThat(j.get("qc").get("flags").get(0).asText()).startsWith("insufficient spine coverage");
    }
}
