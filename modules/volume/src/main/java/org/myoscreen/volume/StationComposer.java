package org.myoscreen.volume;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fuses the stations of one multi-station acquisition (same orientation, overlapping along the
 * slice axis) into one volume on a common grid. The common grid takes the first station's
 * directions, the finest spacing per axis over all stations, and the union of their extents.
 * Each station is resampled trilinearly; where stations overlap they are blended with weights that
 * fall linearly to zero at each station's outermost slices (feathering), so a seam does not show.
 *
 * <p>Stateless and thread-safe. Throws {@link VolumeException} ({@code INCOMPATIBLE_VOLUMES})
 * when the stations' orientations differ.
 */
public final class StationComposer {

    private static final Logger LOG = LoggerFactory.getLogger(StationComposer.class);
    private static final double DIRECTION_TOLERANCE = 1e-3;

    private StationComposer() {}

    /**
     * Composes {@code stations} (at least one) into one volume. {@code name} names the result in
     * error messages (for example the series description shared by the stations).
     */
    public static Volume compose(String name, List<Volume> stations) {
        if (stations.isEmpty()) {
            throw new VolumeException(name, VolumeException.Problem.MISSING_GEOMETRY, "no stations to compose");
        }
        Grid common = commonGrid(name, stations);
        int n = common.size();
        float[] sum = new float[n];
        float[] weight = new float[n];
        for (Volume station : stations) {
            accumulate(station, common, sum, weight);
        }
        for (int i = 0; i < n; i++) {
            sum[i] = weight[i] > 0 ? sum[i] / weight[i] : 0f;
        }
        LOG.debug(
                "event=stations_composed name={} stations={} dims={}x{}x{}",
                name,
                stations.size(),
                common.nx(),
                common.ny(),
                common.nz());
        return new Volume(common, sum);
    }

    /**
     * Groups series into the stations of one acquisition each: same Frame of Reference, Image Type,
     * orientation (direction cosines within 1e-3), matrix and pixel spacing; stations of a group are
     * ordered along the slice normal. Series that match no other form a group of their own. Groups
     * keep the order of their first series in {@code series}.
     */
    public static List<List<LoadedSeries>> groupStations(List<LoadedSeries> series) {
        List<List<LoadedSeries>> groups = new java.util.ArrayList<>();
        for (LoadedSeries s : series) {
            List<LoadedSeries> match = null;
            for (List<LoadedSeries> g : groups) {
                if (sameAcquisition(g.get(0), s)) {
                    match = g;
                    break;
                }
            }
            if (match == null) {
                match = new java.util.ArrayList<>();
                groups.add(match);
            }
            match.add(s);
        }
        List<List<LoadedSeries>> out = new java.util.ArrayList<>();
        for (List<LoadedSeries> g : groups) {
            double[] normal = g.get(0).volume().grid().affine().direction(2);
            out.add(g.stream()
                    .sorted(java.util.Comparator.comparingDouble(
                            (LoadedSeries s) -> Vec.dot(s.volume().grid().worldOf(0, 0, 0), normal)))
                    .toList());
        }
        return out;
    }

    private static boolean sameAcquisition(LoadedSeries a, LoadedSeries b) {
        Grid ga = a.volume().grid();
        Grid gb = b.volume().grid();
        if (!a.frameOfReferenceUid().equals(b.frameOfReferenceUid())
                || !a.imageType().equals(b.imageType())
                || ga.nx() != gb.nx()
                || ga.ny() != gb.ny()) {
            return false;
        }
        double[] sa = ga.spacingMm();
        double[] sb = gb.spacingMm();
        if (Math.abs(sa[0] - sb[0]) > 1e-4 * sa[0] || Math.abs(sa[1] - sb[1]) > 1e-4 * sa[1]) {
            return false;
        }
        for (int axis = 0; axis < 2; axis++) {
            double[] da = ga.affine().direction(axis);
            double[] db = gb.affine().direction(axis);
            if (Vec.norm(Vec.sub(da, db)) > DIRECTION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** The common grid {@link #compose} uses: first station's directions, finest spacing, union extent. */
    public static Grid commonGrid(String name, List<Volume> stations) {
        Affine ref = stations.get(0).grid().affine();
        double[][] dir = {ref.direction(0), ref.direction(1), ref.direction(2)};
        double[] spacing = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] origin = ref.origin();
        for (int s = 0; s < stations.size(); s++) {
            Grid g = stations.get(s).grid();
            for (int a = 0; a < 3; a++) {
                double[] d = g.affine().direction(a);
                if (Math.abs(Math.abs(Vec.dot(d, dir[a])) - 1) > DIRECTION_TOLERANCE) {
                    throw new VolumeException(
                            name,
                            VolumeException.Problem.INCOMPATIBLE_VOLUMES,
                            "station " + s + " axis " + a + " direction differs from station 0's");
                }
                spacing[a] = Math.min(spacing[a], g.spacingMm()[a]);
            }
            for (int c = 0; c < 8; c++) {
                double[] p = g.worldOf(
                        (c & 1) == 0 ? 0 : g.nx() - 1, (c & 2) == 0 ? 0 : g.ny() - 1, (c & 4) == 0 ? 0 : g.nz() - 1);
                double[] rel = Vec.sub(p, origin);
                for (int a = 0; a < 3; a++) {
                    double t = Vec.dot(rel, dir[a]);
                    lo[a] = Math.min(lo[a], t);
                    hi[a] = Math.max(hi[a], t);
                }
            }
        }
        int[] dims = new int[3];
        double[] o = origin.clone();
        for (int a = 0; a < 3; a++) {
            dims[a] = (int) Math.floor((hi[a] - lo[a]) / spacing[a] + 1e-3) + 1;
            o = Vec.add(o, Vec.scale(dir[a], lo[a]));
        }
        Affine affine = Affine.fromAxes(
                o, Vec.scale(dir[0], spacing[0]), Vec.scale(dir[1], spacing[1]), Vec.scale(dir[2], spacing[2]));
        return new Grid(dims[0], dims[1], dims[2], affine);
    }

    private static void accumulate(Volume station, Grid common, float[] sum, float[] weight) {
        Grid s = station.grid();
        Affine m = s.affine().inverse().multiply(common.affine());
        double sliceSpacing = s.spacingMm()[2];
        float[] v = station.voxels();
        double[] di = {m.get(0, 0), m.get(1, 0), m.get(2, 0)};
        int idx = 0;
        for (int k = 0; k < common.nz(); k++) {
            double[] c0 = m.apply(0, 0, k);
            double[] c1 = m.apply(common.nx() - 1, common.ny() - 1, k);
            if (Math.max(c0[2], c1[2]) < -0.5 || Math.min(c0[2], c1[2]) > s.nz() - 0.5) {
                idx += common.nx() * common.ny();
                continue;
            }
            for (int j = 0; j < common.ny(); j++) {
                double[] p = m.apply(0, j, k);
                for (int i = 0; i < common.nx(); i++, idx++) {
                    double x = p[0] + i * di[0];
                    double y = p[1] + i * di[1];
                    double z = p[2] + i * di[2];
                    float value = Resampler.sample(v, s.nx(), s.ny(), s.nz(), x, y, z, Float.NaN);
                    if (Float.isNaN(value)) {
                        continue;
                    }
                    // Feathering: weight grows with the distance (mm) from the station's end slices;
                    // the small constant keeps a station's own edge voxels when no other covers them.
                    double zIndex = Math.min(Math.max(z, 0), s.nz() - 1);
                    double w = Math.min(zIndex, s.nz() - 1 - zIndex) * sliceSpacing + 1e-3;
                    sum[idx] += (float) (w * value);
                    weight[idx] += (float) w;
                }
            }
        }
    }
}
