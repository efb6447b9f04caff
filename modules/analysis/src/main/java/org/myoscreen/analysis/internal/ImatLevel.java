package org.myoscreen.analysis.internal;

/**
 * One side's own pure-fat (IMAT) level relative to subcutaneous fat, on the scale where muscle is 0
 * and subcutaneous fat 1: IMAT need not be exactly as bright (or as fatty) as subcutaneous fat, and
 * that difference scales every fractional share. Owns the two estimators: one on the image as
 * acquired, one on the image with its in-slice blur undone. Stateless; thread-safe.
 */
final class ImatLevel {

    /** Quantile of the fat-dominated interior voxels taken as the pure-fat level. */
    static final double FAT_LEVEL_QUANTILE = 0.9;
    /** Share of the interior voxels that must be fat-dominated before the pure-fat level is estimated. */
    static final double MIN_FAT_SHARE = 0.03;
    /** Bounds of a credible pure-fat level relative to subcutaneous fat. */
    static final double MIN_FAT_SCALE = 0.75;
    /** Upper bound, see {@link #MIN_FAT_SCALE}. */
    static final double MAX_FAT_SCALE = 1.25;
    /** Half-width of the IMAT-level mode window (muscle 0, subcutaneous fat 1). */
    static final double SCALE_WINDOW = 0.1;

    private ImatLevel() {}

    /**
     * On the image as acquired: the {@link #FAT_LEVEL_QUANTILE} quantile of the fat-dominated
     * (≥ 0.5) interior voxels of side {@code whichSide} — most of them are partial-volume voxels, so a
     * high quantile approximates the pure level — used only when those voxels are at least
     * {@link #MIN_FAT_SHARE} of the interior (and 50) and the estimate lies in
     * [{@link #MIN_FAT_SCALE}, {@link #MAX_FAT_SCALE}]; else 1 (subcutaneous fat).
     */
    static double blurred(float[] sig, Compartment comp, Calibration cal, int whichSide) {
        Floats fatDominated = new Floats();
        int interior = 0;
        for (int c = 0; c < comp.size(); c++) {
            double m = cal.muscleAt(comp, c);
            if (comp.side(c) != whichSide || comp.modelImat(c) || comp.edge(c) != 0 || Double.isNaN(m)) {
                continue;
            }
            interior++;
            double u = (sig[comp.voxel(c)] - m) / (cal.fatAt(comp, c) - m);
            if (u >= 0.5) {
                fatDominated.add((float) u);
            }
        }
        if (fatDominated.size() < Math.max(50, MIN_FAT_SHARE * interior)) {
            return 1;
        }
        double scale = fatDominated.quantile(FAT_LEVEL_QUANTILE);
        return scale >= MIN_FAT_SCALE && scale <= MAX_FAT_SCALE ? scale : 1;
    }

    /**
     * On the deblurred image: the mode of the fat-dominated (≥ 0.5) voxels' values of side
     * {@code whichSide}, each averaged with its two through-plane neighbours where both are in the
     * compartment ({@code plane} = voxels per slice; 0: no averaging) — once blur is undone, voxels
     * wholly inside IMAT form a peak at IMAT's own level. Used when those voxels are at least
     * {@link #MIN_FAT_SHARE} of the side (and 50) and the mode lies in
     * [{@link #MIN_FAT_SCALE}, {@link #MAX_FAT_SCALE}]; else 1.
     */
    static double deblurred(float[] sig, Compartment comp, Calibration cal, int whichSide, int plane) {
        Floats fatDominated = new Floats();
        int count = 0;
        for (int c = 0; c < comp.size(); c++) {
            double m = cal.muscleAt(comp, c);
            if (comp.side(c) != whichSide
                    || comp.modelImat(c)
                    || comp.edge(c) == Compartment.AT_BORDER
                    || Double.isNaN(m)) {
                continue;
            }
            count++;
            double v = sig[comp.voxel(c)];
            if (plane > 0) {
                // Averaged with its two through-plane neighbours (IMAT extends further along the
                // spine than across it): a third of the noise variance that deblurring amplified.
                if ((comp.edge(c) & 0x30) != 0) {
                    continue;
                }
                v = (sig[comp.voxel(c) - plane] + v + sig[comp.voxel(c) + plane]) / 3;
            }
            double u = (v - m) / (cal.fatAt(comp, c) - m);
            if (u >= 0.5) {
                fatDominated.add((float) u);
            }
        }
        if (fatDominated.size() < Math.max(50, MIN_FAT_SHARE * count)) {
            return 1;
        }
        double mode = IntensityModes.seekFixed(fatDominated, fatDominated.quantile(0.5), SCALE_WINDOW);
        return mode >= MIN_FAT_SCALE && mode <= MAX_FAT_SCALE ? mode : 1;
    }
}
