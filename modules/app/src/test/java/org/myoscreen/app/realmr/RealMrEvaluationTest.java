package org.myoscreen.app.realmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped model ({@code models/reference}) through {@code myoscreen segment} on every labelled
 * real MR case of {@code ../shared/fixtures} (see {@link RealMrCase}), each structure's Dice held to
 * its floor in {@code real-mr/dice-floors.properties}. Skipped, with the reason, where the fixtures
 * are not checked out. {@code bench/real-mr.sh} prints the same numbers for any model packages.
 */
class RealMrEvaluationTest {

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> shippedModelHoldsTheDiceFloorsOnEveryLabelledRealCase() {
        Path fixtures = RealMrFixtures.fixtures();
        List<RealMrCase> cases = RealMrCase.under(fixtures);
        if (cases.isEmpty()) {
            // One test that the report lists as skipped, with where it looked (an aborted factory would
            // vanish from the report).
            String why = (Files.isDirectory(fixtures)
                            ? "no labelled real-MR case under "
                            : "real-MR fixtures not present at ")
                    + fixtures
                    + " (../shared/fixtures beside the repository, or -Dmyoscreen.fixtures=DIR): evaluation skipped";
            return Stream.of(DynamicTest.dynamicTest("real-MR fixtures", () -> assumeTrue(false, why)));
        }
        Path model = RealMrFixtures.repositoryRoot().resolve("models/reference");
        Properties floors = RealMrFixtures.floors();
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.id() + " (" + c.dataset() + ")", () -> {
                    RealMrEvaluation.Measured m = RealMrEvaluation.run(c, model, work.resolve(c.id()));
                    System.out.printf(
                            Locale.ROOT,
                            "real MR %s, %s, input %s: %s (%.1f s)%n",
                            c.id(),
                            m.model(),
                            m.input(),
                            m.dice(),
                            m.seconds());
                    for (Map.Entry<String, Double> e : m.dice().entrySet()) {
                        String key = c.id() + "." + e.getKey();
                        assertThat(floors.getProperty(key))
                                .as("floor " + key + " in " + RealMrFixtures.FLOORS)
                                .isNotNull();
                        double floor = Double.parseDouble(floors.getProperty(key));
                        assertThat(e.getValue())
                                .as("Dice of " + key + " (" + m.model() + ", input " + m.input() + ")")
                                .isGreaterThanOrEqualTo(floor);
                    }
                }));
    }
}
