package org.myoscreen.report;

import org.myoscreen.analysis.AnalysisInput;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.testing.PhantomStructures;
import org.myoscreen.analysis.testing.ShippedConf;
import org.myoscreen.phantom.PhantomStudy;

/** Runs the real analysis (shipped reference table and risk models) on a phantom. */
final class Analyses {

    private Analyses() {}

    static AnalysisResult analyze(PhantomStudy study) {
        MuscleAnalyzer analyzer = ShippedConf.analyzer();
        PatientFacts facts = PhantomStructures.facts(study);
        if (!study.seriesOf(org.myoscreen.phantom.Contrast.DIXON_WATER).isEmpty()) {
            org.myoscreen.volume.DixonPair pair = org.myoscreen.volume.DixonPair.of(
                    "phantom",
                    study.seriesOf(org.myoscreen.phantom.Contrast.DIXON_WATER)
                            .get(0)
                            .volume(),
                    study.seriesOf(org.myoscreen.phantom.Contrast.DIXON_FAT)
                            .get(0)
                            .volume());
            return analyzer.analyze(
                    AnalysisInput.dixon(pair, study.labels(), PhantomStructures.withImatLabels(), facts));
        }
        return analyzer.analyze(AnalysisInput.singleContrast(
                Fixtures.image(study), "T2 HASTE", study.labels(), PhantomStructures.withImatLabels(), facts));
    }
}
