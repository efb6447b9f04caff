package org.myoscreen.analysis.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.Sex;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.TissueLabel;

/** The phantom's {@link TissueLabel} convention as analysis inputs, for tests in any module. */
public final class PhantomStructures {

    private PhantomStructures() {}

    /** The phantom's labels as they are: lean and IMAT labelled separately (a "model" that labels IMAT). */
    public static StructureMap withImatLabels() {
        Map<Integer, Structure> m = outsideCompartment();
        m.put(TissueLabel.PARASPINAL_LEAN_LEFT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.LEFT));
        m.put(TissueLabel.IMAT_LEFT.value(), Structure.of(StructureKind.IMAT, Laterality.LEFT));
        m.put(TissueLabel.PARASPINAL_LEAN_RIGHT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT));
        m.put(TissueLabel.IMAT_RIGHT.value(), Structure.of(StructureKind.IMAT, Laterality.RIGHT));
        return StructureMap.of(m);
    }

    /**
     * The phantom's labels with lean and IMAT both mapped to the compartment, so that lean and IMAT
     * are separated from the image (what a model that labels only the compartment gives).
     */
    public static StructureMap compartmentOnly() {
        Map<Integer, Structure> m = outsideCompartment();
        m.put(TissueLabel.PARASPINAL_LEAN_LEFT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.LEFT));
        m.put(TissueLabel.IMAT_LEFT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.LEFT));
        m.put(TissueLabel.PARASPINAL_LEAN_RIGHT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT));
        m.put(TissueLabel.IMAT_RIGHT.value(), Structure.of(StructureKind.PARASPINAL, Laterality.RIGHT));
        return StructureMap.of(m);
    }

    /** The phantom patient's sex, age, weight and height. */
    public static PatientFacts facts(PhantomStudy study) {
        var p = study.patient();
        return new PatientFacts(
                Optional.of(Sex.valueOf(p.sex().name())),
                OptionalInt.of(p.ageYears()),
                OptionalDouble.of(p.weightKg()),
                OptionalDouble.of(p.heightM()));
    }

    private static Map<Integer, Structure> outsideCompartment() {
        Map<Integer, Structure> m = new HashMap<>();
        m.put(TissueLabel.PSOAS_LEFT.value(), Structure.of(StructureKind.PSOAS, Laterality.LEFT));
        m.put(TissueLabel.PSOAS_RIGHT.value(), Structure.of(StructureKind.PSOAS, Laterality.RIGHT));
        m.put(TissueLabel.VERTEBRAL_BODY.value(), Structure.of(StructureKind.VERTEBRA, Laterality.NONE));
        m.put(TissueLabel.INTERVERTEBRAL_DISC.value(), Structure.of(StructureKind.DISC, Laterality.NONE));
        m.put(TissueLabel.SUBCUTANEOUS_FAT.value(), Structure.of(StructureKind.SUBCUTANEOUS_FAT, Laterality.NONE));
        return m;
    }
}
