package org.myoscreen.phantom.internal;

import java.util.ArrayList;
import java.util.List;
import org.myoscreen.phantom.Orientation;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.Vec;

/**
 * The resolved acquisition geometry: every draw is made (in a fixed order) whether or not an
 * option overrides it, so one option never changes another's value. The slices of all stations lie
 * on one lattice (the {@link #union()} grid, anchored at the lowest slice), station {@code s}
 * (0 = most superior) covering union slices {@code firstSlice(s) .. firstSlice(s) + slicesPerStation - 1}.
 *
 * @param orientation slice orientation
 * @param matrix rows = columns
 * @param spacingMm in-plane pixel spacing
 * @param sliceThicknessMm slice thickness and spacing
 * @param stations number of stations
 * @param overlapSlices slices shared by neighbouring stations
 * @param slicesPerStation slices per station
 * @param union the grid covering all stations
 */
public record Acquisition(
        Orientation orientation,
        int matrix,
        double spacingMm,
        double sliceThicknessMm,
        int stations,
        int overlapSlices,
        int slicesPerStation,
        Grid union) {

    /** Resolves the geometry for {@code options} around {@code anatomy}. */
    public static Acquisition resolve(PhantomOptions options, Anatomy anatomy) {
        Draw d = new Draw(options.seed(), "acquisition");
        int drawnStations = d.integer(1, 4);
        int[] matrices = {256, 288, 320};
        int drawnMatrix = matrices[d.integer(0, 2)];
        double drawnFov = d.uniform(420, 500);
        double drawnThickness = Math.round(d.uniform(3, 6) * 2) / 2.0;
        double drawnOverlapMm = d.uniform(20, 40);
        // The field of view is centred on the table, the patient a little off it.
        double[] fovCentreOffset = {d.uniform(-15, 15), d.uniform(-20, 20)};

        double[] half = anatomy.maxBodyHalfExtentMm();
        double fov = Math.max(drawnFov, 2 * half[0] + 40);
        int matrix;
        double spacing;
        if (options.matrix().isPresent() && options.spacingMm().isPresent()) {
            matrix = options.matrix().getAsInt();
            spacing = options.spacingMm().getAsDouble();
        } else if (options.matrix().isPresent()) {
            matrix = options.matrix().getAsInt();
            spacing = fov / matrix;
        } else if (options.spacingMm().isPresent()) {
            spacing = options.spacingMm().getAsDouble();
            matrix = (int) Math.ceil(fov / spacing);
        } else {
            matrix = drawnMatrix;
            spacing = fov / matrix;
        }
        spacing = Math.round(spacing * 1e4) / 1e4; // what DS can carry exactly
        double thickness = options.sliceThicknessMm().orElse(drawnThickness);
        Orientation orientation = options.orientation();
        int stations = orientation == Orientation.AXIAL ? options.stations().orElse(drawnStations) : 1;

        double[] row;
        double[] col;
        switch (orientation) {
            case SAGITTAL -> {
                row = new double[] {0, 1, 0};
                col = new double[] {0, 0, -1};
            }
            case CORONAL -> {
                row = new double[] {1, 0, 0};
                col = new double[] {0, 0, -1};
            }
            case OBLIQUE -> {
                double ax = Math.toRadians(14);
                double ay = Math.toRadians(-9);
                // Rotation Ry(ay) * Rx(ax) applied to the axial row (x) and column (y) directions.
                row = new double[] {Math.cos(ay), 0, -Math.sin(ay)};
                col = new double[] {Math.sin(ay) * Math.sin(ax), Math.cos(ax), Math.cos(ay) * Math.sin(ax)};
            }
            default -> {
                row = new double[] {1, 0, 0};
                col = new double[] {0, 1, 0};
            }
        }
        if (options.negateDirections()) {
            row = Vec.scale(row, -1);
            col = Vec.scale(col, -1);
        }
        double[] normal = Vec.cross(row, col);
        double zMid = 0.5 * (anatomy.zMin() + anatomy.zMax());
        double[] centre = {fovCentreOffset[0], fovCentreOffset[1], zMid};
        double extent = switch (orientation) {
            case SAGITTAL -> 2 * half[0] + 20;
            case CORONAL -> 2 * half[1] + 20;
            default -> anatomy.zMax() - anatomy.zMin();
        };
        int total = (int) Math.floor(extent / thickness + 1e-6) + 1;
        int overlap = 0;
        int perStation = total;
        if (stations > 1) {
            overlap = Math.max(2, (int) Math.round(drawnOverlapMm / thickness));
            perStation = (int) Math.ceil((total + (stations - 1.0) * overlap) / stations);
            overlap = Math.min(overlap, perStation / 2);
            total = (stations - 1) * (perStation - overlap) + perStation;
        }
        // Anchor the lattice at the low end of the extent, so the slice positions do not depend on
        // how many stations share it.
        double[] low = Vec.sub(centre, Vec.scale(normal, 0.5 * extent));
        double[] origin = Vec.sub(
                low,
                Vec.add(Vec.scale(row, 0.5 * (matrix - 1) * spacing), Vec.scale(col, 0.5 * (matrix - 1) * spacing)));
        Affine affine =
                Affine.fromAxes(origin, Vec.scale(row, spacing), Vec.scale(col, spacing), Vec.scale(normal, thickness));
        Grid union = new Grid(matrix, matrix, total, affine);
        return new Acquisition(orientation, matrix, spacing, thickness, stations, overlap, perStation, union);
    }

    /** First union slice of station {@code s} (0 = most superior for axial). */
    public int firstSlice(int station) {
        return union.nz() - slicesPerStation - station * (slicesPerStation - overlapSlices);
    }

    /** The grid of station {@code s}. */
    public Grid stationGrid(int station) {
        Affine a = union.affine();
        double[] origin = union.worldOf(0, 0, firstSlice(station));
        return new Grid(
                union.nx(), union.ny(), slicesPerStation, Affine.fromAxes(origin, a.step(0), a.step(1), a.step(2)));
    }

    /** All station grids, most superior first. */
    public List<Grid> stationGrids() {
        List<Grid> grids = new ArrayList<>();
        for (int s = 0; s < stations; s++) {
            grids.add(stationGrid(s));
        }
        return grids;
    }
}
