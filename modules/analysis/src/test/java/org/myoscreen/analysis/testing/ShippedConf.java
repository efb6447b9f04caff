package org.myoscreen.analysis.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.analysis.ReferencePopulation;
import org.myoscreen.analysis.ReferenceTable;
import org.myoscreen.analysis.RiskModels;

/**
 * The repository's shipped configuration ({@code conf/}) for tests in any module: found by walking up
 * from the working directory, since Maven runs each module's tests in that module's folder.
 */
public final class ShippedConf {

    private ShippedConf() {}

    /**
     * A path below the repository's {@code conf/} folder.
     *
     * @param name relative to {@code conf/} (may climb out of it, e.g. {@code ../models/reference})
     * @return the path (not checked for existence)
     * @throws IllegalStateException when no folder above the working directory has a {@code conf/}
     */
    public static Path file(String name) {
        Path start = Path.of("").toAbsolutePath();
        Path p = start;
        while (p != null && !Files.isDirectory(p.resolve("conf"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("conf/ not found above " + start);
        }
        return p.resolve("conf").resolve(name);
    }

    /** The analyzer with the shipped provisional reference table and risk models, default options. */
    public static MuscleAnalyzer analyzer() {
        return analyzer(AnalysisOptions.defaults());
    }

    /** The analyzer with the shipped provisional reference table and risk models. */
    public static MuscleAnalyzer analyzer(AnalysisOptions options) {
        return new MuscleAnalyzer(
                ReferencePopulation.of(ReferenceTable.read(file("reference/provisional.yml"))),
                RiskModels.read(file("risk-models.yml")),
                options);
    }
}
