package org.myoscreen.phantom.internal;

import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.TissueLabel;

/**
 * Signal per tissue and contrast: proton density, fat fraction and T2 weighting per tissue
 * (each varied per seed by up to 8 %), the base signal, Rician noise level and bias field
 * amplitude. Dixon images follow the two-point model: water = S0·PD·(1−FF), fat = S0·PD·FF,
 * in-phase = water + fat, opposed-phase = |water − fat|. Immutable and thread-safe.
 */
public final class ContrastModel {

    private static final double[][] BASE = new double[TissueLabel.values().length][];

    static {
        // {proton density, fat fraction, T2 HASTE signal}, by label
        set(TissueLabel.BACKGROUND, 0, 0, 0);
        set(TissueLabel.PARASPINAL_LEAN_LEFT, 0.75, 0.03, 0.14);
        set(TissueLabel.PARASPINAL_LEAN_RIGHT, 0.75, 0.03, 0.14);
        set(TissueLabel.IMAT_LEFT, 0.95, 0.88, 0.80);
        set(TissueLabel.IMAT_RIGHT, 0.95, 0.88, 0.80);
        set(TissueLabel.PSOAS_LEFT, 0.75, 0.03, 0.14);
        set(TissueLabel.PSOAS_RIGHT, 0.75, 0.03, 0.14);
        set(TissueLabel.VERTEBRAL_BODY, 0.8, 0.45, 0.45);
        set(TissueLabel.INTERVERTEBRAL_DISC, 0.85, 0.0, 0.65);
        set(TissueLabel.SPINAL_CANAL, 1.0, 0.0, 1.0);
        set(TissueLabel.SUBCUTANEOUS_FAT, 0.95, 0.92, 0.85);
        set(TissueLabel.POSTERIOR_ELEMENTS, 0.4, 0.4, 0.25);
        set(TissueLabel.LUNG, 0.05, 0.0, 0.03);
        set(TissueLabel.LIVER, 0.7, 0.05, 0.2);
        set(TissueLabel.KIDNEY, 0.85, 0.01, 0.5);
        set(TissueLabel.SPLEEN, 0.85, 0.01, 0.45);
        set(TissueLabel.HEART, 0.8, 0.0, 0.08);
        set(TissueLabel.BOWEL, 0.8, 0.05, 0.55);
        set(TissueLabel.SOFT_TISSUE, 0.75, 0.05, 0.18);
        set(TissueLabel.VISCERAL_FAT, 0.95, 0.9, 0.8);
    }

    private final double[] pd = new double[BASE.length];
    private final double[] ff = new double[BASE.length];
    private final double[] t2 = new double[BASE.length];
    private final double s0;
    private final double noiseSigma;
    private final double biasAmplitude;
    private final double[] biasPhase = new double[3];
    private final long noiseSeed;

    /** The contrast model for {@code seed}. */
    public ContrastModel(long seed) {
        Draw d = new Draw(seed, "contrast");
        for (int i = 0; i < BASE.length; i++) {
            pd[i] = BASE[i][0] * d.uniform(0.92, 1.08);
            ff[i] = Math.min(1, BASE[i][1] * d.uniform(0.92, 1.08));
            t2[i] = BASE[i][2] * d.uniform(0.92, 1.08);
        }
        s0 = d.uniform(800, 1200);
        noiseSigma = s0 * d.uniform(0.01, 0.03);
        biasAmplitude = d.uniform(0.05, 0.2);
        for (int i = 0; i < 3; i++) {
            biasPhase[i] = d.uniform(0, 2 * Math.PI);
        }
        noiseSeed = d.nextLong();
    }

    private static void set(TissueLabel label, double pd, double ff, double t2) {
        BASE[label.value()] = new double[] {pd, ff, t2};
    }

    /** Noise-free, bias-free signal of {@code label} in {@code contrast}. */
    public double signal(Contrast contrast, int label) {
        double water = s0 * pd[label] * (1 - ff[label]);
        double fat = s0 * pd[label] * ff[label];
        return switch (contrast) {
            case T2_HASTE -> 1.2 * s0 * t2[label];
            case DIXON_WATER -> water;
            case DIXON_FAT -> fat;
            case DIXON_IN_PHASE -> water + fat;
            case DIXON_OPPOSED_PHASE -> Math.abs(water - fat);
        };
    }

    /** The true fat fraction (0..1) of a tissue. */
    public double fatFraction(int label) {
        return ff[label];
    }

    /** Smooth multiplicative receive-field inhomogeneity at a patient position (mm). */
    public double bias(double x, double y, double z) {
        return 1
                + biasAmplitude
                        * (0.6 * Math.sin(x / 230 + biasPhase[0]) * Math.cos(y / 260 + biasPhase[1])
                                + 0.4 * Math.sin(z / 380 + biasPhase[2]));
    }

    /** Standard deviation of the Gaussian noise in each of the real and imaginary channels. */
    public double noiseSigma() {
        return noiseSigma;
    }

    /** Seed of the per-voxel noise for one contrast. */
    public long noiseSeed(Contrast contrast) {
        return noiseSeed + 1000003L * contrast.ordinal();
    }
}
