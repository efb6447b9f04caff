package org.myoscreen.analysis;

import java.nio.file.Path;
import java.util.EnumSet;
import org.myoscreen.analysis.testing.PhantomStructures;
import org.myoscreen.analysis.testing.ShippedConf;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.volume.DixonPair;

/** Phantom studies as analysis inputs; the phantom's TissueLabel convention as a StructureMap. */
final class PhantomCases {

    private PhantomCases() {}

    /** See {@link PhantomStructures#compartmentOnly()}. */
    static StructureMap compartmentOnly() {
        return PhantomStructures.compartmentOnly();
    }

    /** See {@link PhantomStructures#withImatLabels()}. */
    static StructureMap withImatLabels() {
        return PhantomStructures.withImatLabels();
    }

    /** A small one-station phantom: 5 mm pixels, 3 mm slices. */
    static PhantomOptions.Builder small(long seed) {
        return PhantomOptions.builder()
                .seed(seed)
                .matrix(96)
                .spacingMm(5)
                .sliceThicknessMm(3)
                .stations(1);
    }

    static PhantomStudy generate(PhantomOptions.Builder options, boolean dixon) {
        return Phantom.generate(options.contrasts(
                        dixon ? EnumSet.of(Contrast.DIXON_WATER, Contrast.DIXON_FAT) : EnumSet.of(Contrast.T2_HASTE))
                .build());
    }

    static PatientFacts facts(PhantomStudy study) {
        return PhantomStructures.facts(study);
    }

    static AnalysisInput input(PhantomStudy study, StructureMap structures, PatientFacts facts) {
        if (study.options().contrasts().contains(Contrast.DIXON_WATER)) {
            DixonPair pair = DixonPair.of(
                    "phantom",
                    study.seriesOf(Contrast.DIXON_WATER).get(0).volume(),
                    study.seriesOf(Contrast.DIXON_FAT).get(0).volume());
            return AnalysisInput.dixon(pair, study.labels(), structures, facts);
        }
        return AnalysisInput.singleContrast(
                study.seriesOf(Contrast.T2_HASTE).get(0).volume(), "T2 HASTE", study.labels(), structures, facts);
    }

    static AnalysisInput input(PhantomStudy study) {
        return input(study, compartmentOnly(), facts(study));
    }

    /** The analyzer with the shipped provisional table and risk models. */
    static MuscleAnalyzer analyzer(AnalysisOptions options) {
        return ShippedConf.analyzer(options);
    }

    static Path conf(String name) {
        return ShippedConf.file(name);
    }
}
