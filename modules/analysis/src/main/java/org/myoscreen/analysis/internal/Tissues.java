package org.myoscreen.analysis.internal;

import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;

/**
 * The labelled voxels the measurement works on, gathered in one pass over the label map: the
 * compartment, the subcutaneous fat that calibrates it and the psoas (muscle reference of an
 * all-fat compartment, and its area at L3).
 *
 * @param grid the label map's grid
 * @param geometry patient coordinates on {@code grid}
 * @param compartment the paraspinal compartment
 * @param subcutaneousFat voxel indices labelled subcutaneous fat, ascending
 * @param psoas voxel indices labelled psoas, ascending
 */
record Tissues(Grid grid, Geometry geometry, Compartment compartment, Ints subcutaneousFat, Ints psoas) {

    /** Gathers the voxels of {@code labels}. */
    static Tissues of(LabelMap labels, StructureMap map) {
        Grid grid = labels.grid();
        Geometry geo = new Geometry(grid);
        short[] lab = labels.labels();
        int n = lab.length;
        int count = 0;
        for (int p = 0; p < n; p++) {
            StructureKind k = map.of(lab[p]).kind();
            if (k == StructureKind.PARASPINAL || k == StructureKind.IMAT) {
                count++;
            }
        }
        int[] comp = new int[count];
        byte[] side = new byte[count];
        boolean[] modelImat = new boolean[count];
        int nc = 0;
        Ints sat = new Ints();
        Ints psoas = new Ints();
        for (int p = 0; p < n; p++) {
            Structure s = map.of(lab[p]);
            if (Compartment.isCompartment(s)) {
                comp[nc] = p;
                side[nc] = Compartment.sideOf(s);
                modelImat[nc] = s.kind() == StructureKind.IMAT;
                nc++;
            } else if (s.kind() == StructureKind.SUBCUTANEOUS_FAT) {
                sat.add(p);
            } else if (s.kind() == StructureKind.PSOAS) {
                psoas.add(p);
            }
        }
        double zLo = Double.MAX_VALUE;
        double zHi = -Double.MAX_VALUE;
        for (int c = 0; c < nc; c++) {
            double z = geo.z(comp[c]);
            zLo = Math.min(zLo, z);
            zHi = Math.max(zHi, z);
        }
        byte[] edges = Compartment.edges(lab, map, grid, comp, side);
        return new Tissues(grid, geo, new Compartment(comp, side, modelImat, edges, zLo, zHi), sat, psoas);
    }
}
