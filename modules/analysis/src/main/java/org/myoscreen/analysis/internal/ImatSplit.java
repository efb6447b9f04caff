package org.myoscreen.analysis.internal;

import java.util.Optional;
import org.myoscreen.analysis.AnalysisOptions;

/**
 * Separates each compartment voxel into lean muscle and IMAT from the image: calibrates
 * ({@link Calibration}), then gives each voxel its IMAT share. Fractional mode
 * {@code (v − muscle) / (IMAT level − muscle)}, clamped to [−1, 2] only against outliers (no clamp
 * to [0, 1], which would bias noisy lean voxels upward). Owns the two passes: on the image as
 * acquired, edge voxels are whole (1 at or above the midpoint, else 0) and the IMAT level is
 * {@link ImatLevel#blurred}; then, with the blur measured and undone ({@link BlurCorrection}), every
 * voxel but those on the grid border takes its share, the calibration of the first pass is kept and
 * the IMAT level is {@link ImatLevel#deblurred}. Voxel mode: every voxel whole (Dixon fat fraction:
 * at or above the fat fraction rule). Model-labelled IMAT is 1. Stateless; thread-safe.
 */
final class ImatSplit {

    private ImatSplit() {}

    /**
     * The split.
     *
     * @param shares IMAT share of each compartment voxel (meaningless when {@code problem} is present)
     * @param problem why IMAT cannot be computed (the study is blocked)
     * @param note what the measurement should say about the blur correction, if anything
     */
    record Result(double[] shares, Optional<String> problem, Optional<String> note) {}

    /** Splits the compartment of {@code tissues} on {@code sig}, of {@code kind}. */
    static Result split(float[] sig, SignalKind kind, Tissues tissues, AnalysisOptions options) {
        Compartment comp = tissues.compartment();
        Calibration.Outcome first = Calibration.estimate(sig, kind, tissues, options);
        if (first.problem().isPresent()) {
            return new Result(new double[comp.size()], first.problem(), Optional.empty());
        }
        Calibration cal = first.calibration().orElseThrow();
        double[] scale = {ImatLevel.blurred(sig, comp, cal, 0), ImatLevel.blurred(sig, comp, cal, 1)};
        double[] shares = shares(sig, kind, comp, cal, scale, options, false);
        if (!options.fractionalImat()) {
            return new Result(shares, Optional.empty(), Optional.empty());
        }
        // In-slice blur moves IMAT signal out of the compartment and outside fat into it;
        // undo it with the kernel measured on this image, then every voxel's share counts.
        double[] w = BlurCorrection.weights(sig, comp, cal, tissues.grid().nx());
        if (!(w[0] > 0 || w[1] > 0)) {
            return new Result(
                    shares,
                    Optional.empty(),
                    Optional.of(
                            "in-slice blur not measurable (too few "
                                    + "compartment edges against fat): edge voxels classified whole, IMAT may be underestimated"));
        }
        float[] sharp = BlurCorrection.deblur(sig, tissues.grid(), w);
        // Calibration from the image as acquired: deblurring amplifies noise, which would widen the
        // muscle mode and the fat-dominated tail; homogeneous levels are unchanged. The deblurred
        // image is calibrated only for its contrast check, which can still block the study.
        Optional<String> problem =
                Calibration.estimate(sharp, kind, tissues, options).problem();
        if (problem.isPresent()) {
            return new Result(shares, problem, Optional.empty());
        }
        int plane = tissues.grid().nx() * tissues.grid().ny();
        double[] sharpScale = {
            ImatLevel.deblurred(sharp, comp, cal, 0, plane), ImatLevel.deblurred(sharp, comp, cal, 1, plane)
        };
        return new Result(
                shares(sharp, kind, comp, cal, sharpScale, options, true), Optional.empty(), Optional.empty());
    }

    /** Each voxel's IMAT share on {@code sig} (deblurred or not) with IMAT level {@code fatScale} per side. */
    private static double[] shares(
            float[] sig,
            SignalKind kind,
            Compartment comp,
            Calibration cal,
            double[] fatScale,
            AnalysisOptions options,
            boolean deblurred) {
        double[] frac = new double[comp.size()];
        for (int c = 0; c < comp.size(); c++) {
            if (comp.modelImat(c)) {
                frac[c] = 1;
                continue;
            }
            double m = cal.muscleAt(comp, c);
            double f = m + fatScale[comp.side(c)] * (cal.fatAt(comp, c) - m);
            double v = sig[comp.voxel(c)];
            double threshold = kind == SignalKind.FAT_FRACTION && !options.fractionalImat()
                    ? options.imatFatFraction()
                    : 0.5 * (m + f);
            if (Double.isNaN(m)) {
                frac[c] = 0;
            } else if (options.fractionalImat() && comp.edge(c) == 0) {
                frac[c] = Math.max(-1, Math.min(2, (v - m) / (f - m)));
            } else if (options.fractionalImat() && comp.edge(c) != Compartment.AT_BORDER && deblurred) {
                frac[c] = Math.max(-1, Math.min(2, (v - m) / (f - m)));
            } else {
                frac[c] = v >= threshold ? 1 : 0;
            }
        }
        return frac;
    }
}
