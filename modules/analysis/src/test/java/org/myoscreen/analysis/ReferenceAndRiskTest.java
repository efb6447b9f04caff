package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceAndRiskTest {

    private static final ReferenceTable TABLE = ReferenceTable.read(PhantomCases.conf("reference/provisional.yml"));
    private static final RiskModels RISK = RiskModels.read(PhantomCases.conf("risk-models.yml"));

    @Test
    void shippedTableIsProvisionalAndCoversBothSexesFrom18() {
        assertThat(TABLE.provisional()).isTrue();
        assertThat(TABLE.name()).isEqualTo("provisional-2026.1");
        for (Sex sex : Sex.values()) {
            for (int age = 18; age <= 120; age++) {
                assertThat(TABLE.stratum(sex, age)).as("%s %d", sex, age).isPresent();
            }
        }
        ReferenceTable.Stratum m55 = TABLE.stratum(Sex.M, 55).orElseThrow();
        assertThat(m55.imatPercent().mean()).isEqualTo(6.75);
        assertThat(m55.lmmIndex().mean()).isEqualTo(27.1);
    }

    @Test
    void zScoresSayWhichReferenceTheyUsed() {
        ReferencePopulation ref = ReferencePopulation.of(TABLE);
        ZScores z = ref.zScores(PatientFacts.of(Sex.M, 55, 80, 1.8), OptionalDouble.of(9.25), OptionalDouble.of(21.7));
        assertThat(z.imatPercent().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(z.lmmIndex().getAsDouble()).isCloseTo(-1.0, within(1e-9));
        assertThat(z.referenceText()).contains("provisional-2026.1 (M 50-59)");
    }

    @Test
    void noSexOrAgeMeansNoZScores() {
        ReferencePopulation ref = ReferencePopulation.of(TABLE);
        PatientFacts noAge = new PatientFacts(
                Optional.of(Sex.F), OptionalInt.empty(), OptionalDouble.of(60), OptionalDouble.of(1.6));
        ZScores z = ref.zScores(noAge, OptionalDouble.of(8), OptionalDouble.of(20));
        assertThat(z.imatPercent()).isEmpty();
        assertThat(z.notes()).containsExactly("no PatientAge: z-scores not computed");
        assertThat(z.referenceText()).isEmpty();
    }

    @Test
    void siteReferenceIsUsedOnceAStratumHasEnoughStudiesAndSurvivesARestart(@TempDir Path dir) throws Exception {
        SiteReference site = new SiteReference(dir);
        ReferencePopulation ref = new ReferencePopulation(TABLE, Optional.of(site), 3);
        PatientFacts man = PatientFacts.of(Sex.M, 52, 80, 1.8);
        assertThat(site.record("s1", man, OptionalDouble.of(6), OptionalDouble.of(30)))
                .isTrue();
        assertThat(site.record("s2", man, OptionalDouble.of(8), OptionalDouble.empty()))
                .isTrue();
        assertThat(ref.zScores(man, OptionalDouble.of(10), OptionalDouble.of(30))
                        .referenceText())
                .contains("provisional-2026.1 (M 50-59)");
        assertThat(site.record("s3", man, OptionalDouble.of(10), OptionalDouble.of(34)))
                .isTrue();
        // A woman and a man of another band do not count for M 50-59.
        site.record("s4", PatientFacts.of(Sex.F, 52, 60, 1.6), OptionalDouble.of(1), OptionalDouble.of(1));
        site.record("s5", PatientFacts.of(Sex.M, 62, 60, 1.6), OptionalDouble.of(1), OptionalDouble.of(1));
        ZScores z = ref.zScores(man, OptionalDouble.of(10), OptionalDouble.of(30));
        // IMAT: 6, 8, 10 → mean 8, SD 2; LMM: only two values → provisional.
        assertThat(z.imatPercent().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(z.imatReference().orElseThrow().describe()).isEqualTo("site (M 50-59, n=3)");
        assertThat(z.lmmReference().orElseThrow().site()).isFalse();
        assertThat(z.referenceText())
                .contains("imat_percent: site (M 50-59, n=3); lmm_index: provisional-2026.1 (M 50-59)");

        // Re-recording a study replaces it; a new instance reads the file back.
        site.record("s3", man, OptionalDouble.of(12), OptionalDouble.of(34));
        SiteReference reopened = new SiteReference(dir);
        assertThat(reopened.size()).isEqualTo(5);
        ZScores again = new ReferencePopulation(TABLE, Optional.of(reopened), 3)
                .zScores(man, OptionalDouble.of(10), OptionalDouble.empty());
        // 6, 8, 12 → mean 8.667
        assertThat(again.imatPercent().getAsDouble()).isCloseTo((10 - 26 / 3.0) / Math.sqrt(28 / 3.0), within(1e-9));
        assertThat(Files.readAllLines(dir.resolve(SiteReference.FILE_NAME))).hasSize(6);
    }

    @Test
    void siteReferenceSkipsStudiesWithoutSexOrAge(@TempDir Path dir) {
        SiteReference site = new SiteReference(dir);
        assertThat(site.record("x", PatientFacts.unknown(), OptionalDouble.of(5), OptionalDouble.of(5)))
                .isFalse();
        assertThat(site.size()).isZero();
    }

    private static ZScores z(double imat, double lmm) {
        return new ZScores(
                OptionalDouble.of(imat), Optional.empty(), OptionalDouble.of(lmm), Optional.empty(), List.of());
    }

    private static RiskResult marker(List<RiskResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void riskMarkersFlagByZAndApplyBySex() {
        assertThat(RISK.markers())
                .extracting(RiskMarker::id)
                .containsExactly(
                        "imat-hypertension",
                        "imat-dyslipidemia",
                        "imat-dysglycemia",
                        "lmm-hypertension-men",
                        "lmm-dyslipidemia-men",
                        "lmm-dysglycemia-men",
                        "imat-chronic-back-pain",
                        "lmm-chronic-back-pain");
        List<RiskResult> man = RISK.evaluate(Optional.of(Sex.M), z(1.2, -1.5), true);
        assertThat(marker(man, "imat-hypertension").flag()).isEqualTo(RiskFlag.ELEVATED);
        assertThat(marker(man, "imat-hypertension").effect()).startsWith("OR 1.67");
        assertThat(marker(man, "imat-dyslipidemia").effect()).startsWith("OR 1.82");
        assertThat(marker(man, "imat-dysglycemia").effect())
                .startsWith("higher odds")
                .doesNotContain("OR");
        assertThat(marker(man, "lmm-hypertension-men").flag()).isEqualTo(RiskFlag.ELEVATED);
        assertThat(marker(man, "lmm-hypertension-men").effect()).startsWith("OR 0.34");
        assertThat(marker(man, "lmm-dyslipidemia-men").effect()).startsWith("OR 0.51");
        assertThat(marker(man, "lmm-dysglycemia-men").effect()).startsWith("OR 0.49");
        assertThat(marker(man, "imat-chronic-back-pain").effect())
                .isEqualTo("OR 1.22 per +2 z of IMAT (95 % CI 1.13-1.30)");
        assertThat(marker(man, "lmm-chronic-back-pain").effect())
                .isEqualTo("OR 0.87 per +2 z of LMM (95 % CI 0.79-0.95)");
        assertThat(marker(man, "imat-hypertension").source())
                .isEqualTo("Ziegelmayer et al., Radiology 2026 (German National Cohort, n = 11,348)");

        List<RiskResult> woman = RISK.evaluate(Optional.of(Sex.F), z(0.3, 1.4), true);
        assertThat(marker(woman, "imat-hypertension").flag()).isEqualTo(RiskFlag.TYPICAL);
        assertThat(marker(woman, "lmm-hypertension-men").flag()).isEqualTo(RiskFlag.NOT_APPLICABLE);
        assertThat(marker(woman, "lmm-hypertension-men").wording()).contains("found in men only");
        assertThat(marker(woman, "lmm-chronic-back-pain").flag()).isEqualTo(RiskFlag.LOW);

        List<RiskResult> lowImat = RISK.evaluate(Optional.of(Sex.F), z(-1.0, 0), true);
        assertThat(marker(lowImat, "imat-chronic-back-pain").flag()).isEqualTo(RiskFlag.LOW);

        List<RiskResult> unknownSex = RISK.evaluate(Optional.empty(), z(2, 2), true);
        assertThat(unknownSex).allSatisfy(r -> assertThat(r.flag()).isEqualTo(RiskFlag.NOT_APPLICABLE));

        List<RiskResult> noLmm = RISK.evaluate(
                Optional.of(Sex.M),
                new ZScores(
                        OptionalDouble.of(0), Optional.empty(), OptionalDouble.empty(), Optional.empty(), List.of()),
                true);
        assertThat(marker(noLmm, "lmm-chronic-back-pain").flag()).isEqualTo(RiskFlag.NOT_APPLICABLE);
        assertThat(marker(noLmm, "imat-chronic-back-pain").flag()).isEqualTo(RiskFlag.TYPICAL);
    }

    @Test
    void malformedConfigIsRejected() {
        String missingSd = "name: x\nstrata:\n  - {sex: M, age_min: 18, age_max: 39, imat_percent: {mean: 7},"
                + " lmm_index: {mean: 20, sd: 4}}\n";
        assertThatThrownBy(
                        () -> ReferenceTable.read(new ByteArrayInputStream(missingSd.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sd'");
        String overlap = "name: x\nstrata:\n"
                + "  - {sex: M, age_min: 18, age_max: 50, imat_percent: {mean: 7, sd: 2}, lmm_index: {mean: 20, sd: 4}}\n"
                + "  - {sex: M, age_min: 40, age_max: 60, imat_percent: {mean: 7, sd: 2}, lmm_index: {mean: 20, sd: 4}}\n";
        assertThatThrownBy(
                        () -> ReferenceTable.read(new ByteArrayInputStream(overlap.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("overlapping strata");
        String noWording = "markers:\n  - {id: a, outcome: o, predictor: imat_z, effect: e, applies_to_sex: [M],"
                + " flag: {elevated: {z_at_least: 1}, low: {z_at_most: -1}}, wording: {elevated: x}, source: s}\n";
        assertThatThrownBy(() -> RiskModels.read(new ByteArrayInputStream(noWording.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("'typical'");
    }
}
