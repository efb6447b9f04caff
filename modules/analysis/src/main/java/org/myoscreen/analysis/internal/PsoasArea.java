package org.myoscreen.analysis.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.myoscreen.analysis.LevelAssignment;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.analysis.VertebralLevel;

/**
 * The psoas cross-section at the centre of L3 and the psoas muscle index (area / height²), with
 * what keeps them from being computed.
 *
 * @param areaCm2 psoas area at L3 (both sides)
 * @param pmiCm2PerM2 area / height²
 * @param notes why a value is missing, in the order the measurement lists them
 */
record PsoasArea(OptionalDouble areaCm2, OptionalDouble pmiCm2PerM2, List<String> notes) {

    /** Copies the list. */
    PsoasArea {
        notes = List.copyOf(notes);
    }

    /** Measures the psoas of {@code tissues} at L3 of {@code levels}. */
    static PsoasArea atL3(Tissues tissues, StructureMap map, LevelAssignment levels, PatientFacts patient) {
        Optional<VertebralLevel> l3 = levels.level("L3");
        if (!map.has(StructureKind.PSOAS)) {
            return missing("no psoas label: psoas_area_l3 and pmi not computed");
        } else if (l3.isEmpty()) {
            return missing("L3 not identified: psoas_area_l3 and pmi not computed");
        }
        double area = areaAt(
                tissues.psoas(),
                tissues.geometry(),
                tissues.grid().voxelVolumeMm3(),
                l3.get().centreZMm());
        if (patient.heightM().isEmpty()) {
            return new PsoasArea(
                    OptionalDouble.of(area), OptionalDouble.empty(), List.of("no PatientSize: pmi not computed"));
        }
        double h = patient.heightM().getAsDouble();
        return new PsoasArea(OptionalDouble.of(area), OptionalDouble.of(area / (h * h)), List.of());
    }

    private static PsoasArea missing(String note) {
        return new PsoasArea(OptionalDouble.empty(), OptionalDouble.empty(), List.of(note));
    }

    /**
     * Area (cm²) of {@code voxels} in the axial plane {@code z0}: each voxel contributes its volume
     * over its z extent, weighted by a triangle of that extent around {@code z0} — linear
     * interpolation between the two nearest slices of an axial grid, exact for sagittal and
     * coronal grids too.
     */
    static double areaAt(Ints voxels, Geometry geo, double voxelVolumeMm3, double z0) {
        double dz = geo.voxelExtentZ();
        double perVoxel = voxelVolumeMm3 / dz;
        double sum = 0;
        for (int q = 0; q < voxels.size(); q++) {
            double w = 1 - Math.abs(geo.z(voxels.get(q)) - z0) / dz;
            if (w > 0) {
                sum += w * perVoxel;
            }
        }
        return sum / 100;
    }
}
