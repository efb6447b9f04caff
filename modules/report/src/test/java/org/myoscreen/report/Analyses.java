package org.myoscreen.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.myoscreen.analysis.AnalysisInput;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.ReferencePopulation;
import org.myoscreen.analysis.ReferenceTable;
import org.myoscreen.analysis.RiskModels;
import org.myoscreen.analysis.Sex;
import org.myoscreen.phantom.PhantomStudy;

/** Runs the real analysis (shipped reference table and risk models) on a phantom. */
final class Analyses {

    private Analyses() {
    }

    static AnalysisResult analyze(PhantomStudy study) {
        MuscleAnalyzer analyzer = new MuscleAnalyzer(
                ReferencePopulation.of(ReferenceTable.read(conf("reference/provisional.yml"))),
                RiskModels.read(conf("risk-models.yml")), AnalysisOptions.defaults());
        var p = study.patient();
        PatientFacts facts = new PatientFacts(Optional.of(Sex.valueOf(p.sex().name())), OptionalInt.of(p.ageYears()),
                OptionalDouble.of(p.weightKg()), OptionalDouble.of(p.heightM()));
        if (!study.seriesOf(org.myoscreen.phantom.Contrast.DIXON_WATER).isEmpty()) {
            org.myoscreen.volume.DixonPair pair = org.myoscreen.volume.DixonPair.of("phantom",
                    study.seriesOf(org.myoscreen.phantom.Contrast.DIXON_WATER).get(0).volume(),
                    study.seriesOf(org.myoscreen.phantom.Contrast.DIXON_FAT).get(0).volume());
            return analyzer.analyze(AnalysisInput.dixon(pair, study.labels(), Fixtures.structures(), facts));
        }
        return analyzer.analyze(AnalysisInput.singleContrast(Fixtures.image(study), "T2 HASTE", study.labels(),
                Fixtures.structures(), facts));
    }

    private static Path conf(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("conf"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("conf/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("conf").resolve(name);
    }
}
