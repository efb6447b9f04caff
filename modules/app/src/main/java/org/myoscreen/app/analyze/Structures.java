package org.myoscreen.app.analyze;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.inference.LabelDefinition;
import org.myoscreen.inference.ModelManifest;

/**
 * The analysis label convention of a model package: each manifest label becomes a
 * {@link Structure} of the same kind and side. The manifest has no subcutaneous-fat kind, so a
 * label of kind {@code OTHER} whose name contains {@code subcutaneous} is read as subcutaneous fat
 * (the single-contrast IMAT calibration and the Dixon swap check need it).
 */
public final class Structures {

    private Structures() {}

    /**
     * The structure map of {@code manifest}.
     *
     * @throws IllegalArgumentException when a paired structure (paraspinal, IMAT, psoas) has no side
     */
    public static StructureMap of(ModelManifest manifest) {
        Map<Integer, Structure> byLabel = new LinkedHashMap<>();
        for (LabelDefinition l : manifest.labels()) {
            byLabel.put(l.value(), Structure.of(kind(l), side(l.laterality())));
        }
        return StructureMap.of(byLabel);
    }

    private static StructureKind kind(LabelDefinition l) {
        return switch (l.structure()) {
            case PARASPINAL -> StructureKind.PARASPINAL;
            case PSOAS -> StructureKind.PSOAS;
            case VERTEBRA -> StructureKind.VERTEBRA;
            case DISC -> StructureKind.DISC;
            case IMAT -> StructureKind.IMAT;
            case OTHER ->
                l.name().toLowerCase(Locale.ROOT).contains("subcutaneous")
                        ? StructureKind.SUBCUTANEOUS_FAT
                        : StructureKind.OTHER;
        };
    }

    private static Laterality side(org.myoscreen.inference.Laterality l) {
        return switch (l) {
            case LEFT -> Laterality.LEFT;
            case RIGHT -> Laterality.RIGHT;
            case NONE -> Laterality.NONE;
        };
    }
}
