package org.myoscreen.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.TissueLabel;
import org.myoscreen.volume.DixonPair;

/** Phantom studies as analysis inputs; the phantom's TissueLabel convention as a StructureMap. */
final class PhantomCases {

    private PhantomCases() {
    }

    /**
     * The phantom's labels with lean and IMAT both mapped to the compartment, so that lean and IMAT
     * are separated from the image (what a model that labels only the compartment gives).
     */
    static StructureMap compartmentOnly() {
        Map<Integer, Structure> m = base();
        m.put(TissueLabel.PARASPINAL_LEAN_LEFT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.LEFT));
        m.put(TissueLabel.IMAT_LEFT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.LEFT));
        m.put(TissueLabel.PARASPINAL_LEAN_RIGHT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT));
        m.put(TissueLabel.IMAT_RIGHT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT));
        return StructureMap.of(m);
    }

    /** The phantom's labels as they are: IMAT labelled by the "model". */
    static StructureMap withImatLabels() {
        Map<Integer, Structure> m = base();
        m.put(TissueLabel.PARASPINAL_LEAN_LEFT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.LEFT));
        m.put(TissueLabel.IMAT_LEFT.value(), Structure.of(StructureKind.IMAT, Laterality.LEFT));
        m.put(TissueLabel.PARASPINAL_LEAN_RIGHT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT));
        m.put(TissueLabel.IMAT_RIGHT.value(), Structure.of(StructureKind.IMAT, Laterality.RIGHT));
        return StructureMap.of(m);
    }

    private static Map<Integer, Structure> base() {
        Map<Integer, Structure> m = new HashMap<>();
        m.put(TissueLabel.PSOAS_LEFT.value(), Structure.of(StructureKind.PSOAS, Laterality.LEFT));
        m.put(TissueLabel.PSOAS_RIGHT.value(), Structure.of(StructureKind.PSOAS, Laterality.RIGHT));
        m.put(TissueLabel.VERTEBRAL_BODY.value(), Structure.of(StructureKind.VERTEBRA, Laterality.NONE));
        m.put(TissueLabel.INTERVERTEBRAL_DISC.value(), Structure.of(StructureKind.DISC, Laterality.NONE));
        m.put(TissueLabel.SUBCUTANEOUS_FAT.value(), Structure.of(StructureKind.SUBCUTANEOUS_FAT, Laterality.NONE));
        return m;
    }

    /** A small one-station phantom: 5 mm pixels, 3 mm slices. */
    static PhantomOptions.Builder small(long seed) {
        return PhantomOptions.builder().seed(seed).matrix(96).spacingMm(5).sliceThicknessMm(3).stations(1);
    }

    static PhantomStudy generate(PhantomOptions.Builder options, boolean dixon) {
        return Phantom.generate(options.contrasts(dixon ? EnumSet.of(Contrast.DIXON_WATER, Contrast.DIXON_FAT)
                : EnumSet.of(Contrast.T2_HASTE)).build());
    }

    static PatientFacts facts(PhantomStudy study) {
        var p = study.patient();
        return new PatientFacts(Optional.of(Sex.valueOf(p.sex().name())), OptionalInt.of(p.ageYears()),
                OptionalDouble.of(p.weightKg()), OptionalDouble.of(p.heightM()));
    }

    static AnalysisInput input(PhantomStudy study, StructureMap structures, PatientFacts facts) {
        if (study.options().contrasts().contains(Contrast.DIXON_WATER)) {
            DixonPair pair = DixonPair.of("phantom", study.seriesOf(Contrast.DIXON_WATER).get(0).volume(),
                    study.seriesOf(Contrast.DIXON_FAT).get(0).volume());
            return AnalysisInput.dixon(pair, study.labels(), structures, facts);
        }
        return AnalysisInput.singleContrast(study.seriesOf(Contrast.T2_HASTE).get(0).volume(), "T2 HASTE",
                study.labels(), structures, facts);
    }

    static AnalysisInput input(PhantomStudy study) {
        return input(study, compartmentOnly(), facts(study));
    }

    /** The analyzer with the shipped provisional table and risk models. */
    static MuscleAnalyzer analyzer(AnalysisOptions options) {
        return new MuscleAnalyzer(ReferencePopulation.of(ReferenceTable.read(conf("reference/provisional.yml"))),
                RiskModels.read(conf("risk-models.yml")), options);
    }

    static Path conf(String name) {
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
