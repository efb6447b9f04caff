package org.myoscreen.phantom.internal;

import java.util.Arrays;
import org.myoscreen.phantom.PatientInfo;
import org.myoscreen.phantom.Sex;
import org.myoscreen.phantom.TissueLabel;
import org.myoscreen.phantom.VertebralLevel;

/**
 * The phantom's anatomy as a function of patient position (LPS mm): {@link #classify} gives the
 * tissue label and vertebral level code at any point. Cross-sections are built per axial level
 * (precomputed every {@value #TABLE_STEP_MM} mm along z) from the upper thorax to the sacrum.
 * Every size is drawn once from the seed at construction; the object is then immutable and
 * thread-safe.
 */
public final class Anatomy {

    static final double TABLE_STEP_MM = 0.25;
    private static final int LEVELS = VertebralLevel.values().length;
    private static final double BODY_EXPONENT = 2.4;
    /** What the region classifiers return for a point outside their region: no label is negative. */
    private static final int ELSEWHERE = -1;

    private final long seed;
    private final double[] bodyBottom = new double[LEVELS];
    private final double[] bodyTop = new double[LEVELS];
    private final double zMin;
    private final double zMax;
    private final double diaphragmZ;
    private final double imatFraction;
    private final double[] imatThreshold = new double[2];
    private final double imatNoiseScaleMm;
    private final double streakAmplitude;
    private final double edgeAmplitude;
    private final double streakAngle;
    private final double muscleTilt;
    private final double visceralFatThreshold;
    private final Section[] table;
    private final double tableZ0;
    private final double paraspinalAreaL3Mm2;
    private final double psoasAreaL3Mm2;

    /** Cross-section parameters at one z (mm). */
    private static final class Section {
        double z;
        double a;
        double b;
        double fat;
        double fatCos2;
        double fatAnterior;
        double canalY;
        double canalR;
        double bodyY;
        double bodyRx;
        double bodyRy;
        int vertebra; // 0 none, 1 body, 2 disc
        int levelCode;
        boolean arch;
        double tpLength;
        double spinousTipY;
        double[] muscleA = new double[2];
        double[] muscleB = new double[2];
        double[] muscleX = new double[2];
        double muscleY;
        double psoasR;
        double psoasX;
        double psoasY;
        double lungScale;
        double heartScale;
        double liverScale;
        double spleenScale;
        double kidneyScale;
        double kidneyX;
        boolean abdomen;
    }

    /** The anatomy of {@code patient} for {@code seed}, with {@code imatFraction} (0..1) of IMAT. */
    public Anatomy(long seed, PatientInfo patient, double imatFraction) {
        this.seed = seed;
        this.imatFraction = imatFraction;
        Draw d = new Draw(seed, "anatomy");
        double scale = patient.heightM() / 1.75 * d.uniform(0.96, 1.04);
        boolean male = patient.sex() == Sex.M;
        double bmi = patient.bmi();

        // Spine from S1 upwards: vertebral body and disc heights (mm) for an adult of 1.75 m. Where
        // S1 lies relative to the scanner's isocentre varies with how the patient lies on the table.
        double z = -300 + d.uniform(-60, 60);
        for (int lv = LEVELS - 1; lv >= 0; lv--) {
            VertebralLevel level = VertebralLevel.values()[lv];
            double body;
            if (level == VertebralLevel.S1) {
                body = 30;
            } else if (level.isLumbar()) {
                body = 27;
            } else {
                body = 17 + 7 * lv / 11.0; // T1 17 mm .. T12 24 mm
            }
            bodyBottom[lv] = z;
            bodyTop[lv] = z + body * scale * d.uniform(0.96, 1.04);
            double disc = lv == 0 ? 0 : (level.isLumbar() || level == VertebralLevel.S1 ? 10 : (lv >= 10 ? 7 : 5));
            z = bodyTop[lv] + disc * scale * d.uniform(0.9, 1.1);
        }
        zMin = bodyBottom[LEVELS - 1] - 15;
        zMax = bodyTop[0] + 10;
        int diaphragmLevel = d.integer(VertebralLevel.T9.ordinal(), VertebralLevel.T11.ordinal());
        diaphragmZ = 0.5 * (bodyBottom[diaphragmLevel] + bodyTop[diaphragmLevel]);

        // Muscles: paraspinal compartment area per side at L3 (includes IMAT), psoas at L3.
        double sizeFactor = Math.pow(patient.heightM() / 1.75, 2) * (1 - 0.004 * Math.max(0, patient.ageYears() - 40));
        paraspinalAreaL3Mm2 = clamp((male ? 2200 : 1650) * sizeFactor * d.uniform(0.85, 1.15), 1200, 2800);
        psoasAreaL3Mm2 = clamp((male ? 950 : 650) * sizeFactor * d.uniform(0.85, 1.15), 350, 1400);
        double aspect = d.uniform(1.4, 1.8);
        double[] sideFactor = {d.uniform(0.93, 1.07), d.uniform(0.93, 1.07)};
        muscleTilt = d.uniform(-0.15, 0.15);

        // Body outline (semi-axes, mm) at landmarks, adjusted for sex, BMI and height.
        double widthFactor = Math.pow(bmi / 24, 0.45) * Math.sqrt(scale) * d.uniform(0.96, 1.04);
        double depthFactor = Math.pow(bmi / 24, 0.6) * Math.sqrt(scale) * d.uniform(0.96, 1.04);
        double fat0 = clamp((male ? 6 + 1.6 * (bmi - 20) : 10 + 2.0 * (bmi - 20)) * d.uniform(0.8, 1.2), 3, 70);
        double fatCos2 = d.uniform(-0.2, 0.2);
        double fatAnterior = d.uniform(0, 0.35);

        imatNoiseScaleMm = d.uniform(7, 14);
        streakAmplitude = d.uniform(0.1, 0.6);
        edgeAmplitude = d.uniform(0.1, 0.6);
        streakAngle = d.uniform(0, Math.PI);
        double visceral = clamp(0.08 + 0.03 * (bmi - 22) + (male ? 0.05 : 0), 0.03, 0.6);
        visceralFatThreshold = 1 - visceral;
        double kidneyOffset = d.uniform(20, 32);

        tableZ0 = zMin - 300;
        int n = (int) Math.ceil((zMax + 300 - tableZ0) / TABLE_STEP_MM) + 1;
        table = new Section[n];
        for (int i = 0; i < n; i++) {
            Section s = new Section();
            s.z = tableZ0 + i * TABLE_STEP_MM;
            double t = clamp((s.z - bodyBottom[LEVELS - 1]) / (bodyTop[0] - bodyBottom[LEVELS - 1]), 0, 1);
            boolean female = !male;
            s.a = interpolate(t, new double[] {0, 0.12, 0.35, 0.55, 0.9, 1.0}, new double[] {
                        female ? 175 : 165,
                        female ? 150 : 150,
                        female ? 140 : 150,
                        female ? 150 : 160,
                        female ? 152 : 165,
                        female ? 140 : 150
                    })
                    * widthFactor;
            s.b = interpolate(
                            t, new double[] {0, 0.12, 0.35, 0.55, 0.9, 1.0}, new double[] {105, 100, 100, 105, 110, 100
                            })
                    * depthFactor
                    * (female ? 0.95 : 1);
            s.fat = fat0
                    * interpolate(t, new double[] {0, 0.15, 0.4, 0.6, 1.0}, new double[] {1.2, 1.15, 1.1, 0.8, 0.7});
            s.fatCos2 = fatCos2;
            s.fatAnterior = s.z < diaphragmZ ? fatAnterior : 0;
            sectionSpine(s, scale);
            // Paraspinal compartment per side.
            double rel = relativeParaspinalArea(s.z);
            for (int side = 0; side < 2; side++) {
                double area = paraspinalAreaL3Mm2 * rel * sideFactor[side];
                double asp = aspect * (s.z > bodyTop[VertebralLevel.T12.ordinal()] ? 1.15 : 1);
                s.muscleA[side] = Math.sqrt(area * asp / Math.PI);
                s.muscleB[side] = Math.sqrt(area / (asp * Math.PI));
                s.muscleX[side] = (side == 0 ? 1 : -1) * (5 + s.muscleA[side]);
            }
            double bMax = Math.max(s.muscleB[0], s.muscleB[1]);
            double posteriorFat = s.fat * (1 - s.fatCos2);
            double wall = s.b - posteriorFat;
            s.muscleY = wall - 2 - bMax;
            s.canalY = s.muscleY - bMax - 6;
            s.bodyY = s.canalY - s.canalR - 6 - s.bodyRy;
            s.spinousTipY = wall - 5;
            // Psoas: appears at L1, grows to L5, fades over S1.
            double psoasRel = interpolate(
                    s.z,
                    new double[] {
                        bodyBottom[17] - 10, bodyBottom[17] + 10, mid(16), mid(14), mid(13), mid(12), bodyTop[12] + 0.01
                    },
                    new double[] {0.6, 1.15, 1.25, 1.0, 0.55, 0.2, 0});
            if (s.z > bodyTop[12]) {
                psoasRel = 0;
            }
            s.psoasR = Math.sqrt(psoasAreaL3Mm2 * psoasRel / Math.PI);
            s.psoasX = s.bodyRx + s.psoasR + 3;
            s.psoasY = s.bodyY + 0.25 * s.bodyRy;
            s.abdomen = s.z < diaphragmZ;
            s.lungScale = s.z >= diaphragmZ && s.z <= bodyTop[0]
                    ? Math.sqrt(clamp((s.z - diaphragmZ) / 40, 0, 1) * clamp((bodyTop[0] + 10 - s.z) / 60, 0, 1))
                    : 0;
            s.heartScale = dome(s.z, bodyBottom[8], bodyTop[4]);
            s.liverScale = dome(s.z, bodyBottom[13], diaphragmZ + 15);
            s.spleenScale = dome(s.z, bodyTop[12], diaphragmZ + 5);
            s.kidneyScale = dome(s.z, mid(14), mid(11));
            s.kidneyX = s.bodyRx + 2 * Math.sqrt(psoasAreaL3Mm2 / Math.PI) + kidneyOffset + 28;
            table[i] = s;
        }
        // Left and right differ, in opposite directions, so the whole stays at the requested amount.
        double asymmetry = d.uniform(-0.12, 0.12);
        imatThreshold[0] = Double.POSITIVE_INFINITY;
        imatThreshold[1] = Double.POSITIVE_INFINITY;
        double left = imatThreshold(0, imatFraction * (1 + asymmetry));
        double right = imatThreshold(1, imatFraction * (1 - asymmetry));
        imatThreshold[0] = left;
        imatThreshold[1] = right;
    }

    private void sectionSpine(Section s, double scale) {
        int level = -1;
        int kind = 0;
        for (int lv = 0; lv < LEVELS; lv++) {
            if (s.z >= bodyBottom[lv] && s.z < bodyTop[lv]) {
                level = lv;
                kind = 1;
                break;
            }
            if (lv + 1 < LEVELS && s.z >= bodyTop[lv + 1] && s.z < bodyBottom[lv]) {
                level = lv; // disc below level lv
                kind = 2;
                break;
            }
        }
        s.vertebra = kind;
        s.levelCode = kind == 1
                ? VertebralLevel.values()[level].bodyCode()
                : kind == 2 ? VertebralLevel.values()[level].discBelowCode() : 0;
        // The arch spans the body and reaches half-way into the disc below (the facets).
        s.arch = kind == 1 || (kind == 2 && s.z > 0.5 * (bodyBottom[level] + bodyTop[level + 1]));
        double lvPos = level >= 0 ? level : (s.z > bodyTop[0] ? 0 : LEVELS - 1);
        double f = clamp(lvPos / 16.0, 0, 1);
        s.bodyRx = (14 + 11 * f) * scale;
        s.bodyRy = (11 + 6 * f) * scale;
        s.canalR = (7 + 1.5 * f) * scale;
        s.tpLength = (22 + 14 * f) * scale;
    }

    private double mid(int level) {
        return 0.5 * (bodyBottom[level] + bodyTop[level]);
    }

    private double relativeParaspinalArea(double z) {
        double[] zs = new double[LEVELS + 2];
        double[] v = {
            0.45, 0.55, 0.85, 1.0, 1.0, 0.95, 0.85, 0.7, 0.55, 0.5, 0.45, 0.42, 0.4, 0.37, 0.35, 0.32, 0.3, 0.27, 0.25,
            0.22
        };
        // zs ascending: below S1, S1..T1 mids, above T1
        zs[0] = bodyBottom[LEVELS - 1] - 20;
        for (int i = 0; i < LEVELS; i++) {
            zs[i + 1] = mid(LEVELS - 1 - i);
        }
        zs[LEVELS + 1] = bodyTop[0] + 20;
        return interpolate(z, zs, Arrays.copyOf(v, zs.length));
    }

    /**
     * The IMAT field's threshold that makes {@code fraction} of one side's compartment fat: the
     * quantile of the field over points drawn uniformly from the compartment as {@link #classify}
     * bounds it (clipped by bone and body wall).
     */
    private double imatThreshold(int side, double fraction) {
        double target = clamp(fraction, 0, 0.95);
        if (target <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        int samples = 30000;
        double[] g = new double[samples];
        Draw pts = new Draw(seed, "imat-samples-" + side);
        int n = 0;
        double maxArea = 0;
        for (Section s : table) {
            if (s.z >= zMin && s.z <= zMax) {
                maxArea = Math.max(maxArea, s.muscleA[side] * s.muscleB[side]);
            }
        }
        while (n < samples) {
            double z = pts.uniform(zMin, zMax);
            Section s = at(z);
            if (!pts.chance(s.muscleA[side] * s.muscleB[side] / maxArea)) {
                continue;
            }
            double r = Math.sqrt(pts.uniform(0, 1));
            double phi = pts.uniform(0, 2 * Math.PI);
            double u = r * Math.cos(phi);
            double v = r * Math.sin(phi);
            double[] xy = muscleToPatient(s, side, u, v);
            int label = classify(xy[0], xy[1], z) & 0xFF;
            boolean inside = side == 0
                    ? label == TissueLabel.PARASPINAL_LEAN_LEFT.value()
                    : label == TissueLabel.PARASPINAL_LEAN_RIGHT.value();
            if (inside) {
                g[n++] = imatField(side, xy[0], xy[1], z, r);
            }
        }
        Arrays.sort(g);
        return g[(int) Math.min(samples - 1, Math.round((1 - target) * samples))];
    }

    /** Tissue label (low 8 bits) and level-map code (bits 8 and up) at an LPS point (mm). */
    public int classify(double x, double y, double z) {
        Section s = at(z);
        // Outside in: body outline and subcutaneous fat, spine, muscles, organs, then what fills the rest.
        int label = envelope(s, x, y);
        if (label == ELSEWHERE) {
            label = spine(s, x, y);
        }
        if (label == ELSEWHERE) {
            label = muscle(s, x, y, z);
        }
        if (label == ELSEWHERE) {
            label = organ(s, x, y);
        }
        if (label != ELSEWHERE) {
            return label;
        }
        double vf = Noise.value(seed ^ 0x7F4A7C15L, x / 18, y / 18, z / 25);
        if (vf > visceralFatThreshold) {
            return TissueLabel.VISCERAL_FAT.value();
        }
        if (s.abdomen && y < s.bodyY - s.bodyRy) {
            return TissueLabel.BOWEL.value();
        }
        return TissueLabel.SOFT_TISSUE.value();
    }

    /**
     * Background outside the body outline (a superellipse), subcutaneous fat between it and the
     * inner outline (the fat layer thicker at the flanks and anteriorly), else {@link #ELSEWHERE}.
     */
    private static int envelope(Section s, double x, double y) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        double outer = Math.pow(ax / s.a, BODY_EXPONENT) + Math.pow(ay / s.b, BODY_EXPONENT);
        if (outer > 1) {
            return TissueLabel.BACKGROUND.value();
        }
        double r2 = x * x + y * y;
        double cos2 = r2 > 0 ? (x * x - y * y) / r2 : 0;
        double anterior = r2 > 0 && y < 0 ? -y / Math.sqrt(r2) : 0;
        double fat = s.fat * (1 + s.fatCos2 * cos2 + s.fatAnterior * anterior);
        double inner = Math.pow(ax / Math.max(1, s.a - fat), BODY_EXPONENT)
                + Math.pow(ay / Math.max(1, s.b - fat), BODY_EXPONENT);
        if (inner > 1) {
            return TissueLabel.SUBCUTANEOUS_FAT.value();
        }
        return ELSEWHERE;
    }

    /**
     * Spinal canal, vertebral body or disc (with the level code), posterior elements, else
     * {@link #ELSEWHERE}.
     */
    private static int spine(Section s, double x, double y) {
        double ax = Math.abs(x);
        double dyC = y - s.canalY;
        double canalDist = Math.sqrt(x * x + dyC * dyC);
        if (canalDist <= s.canalR) {
            return TissueLabel.SPINAL_CANAL.value();
        }
        double ex = x / s.bodyRx;
        double ey = (y - s.bodyY) / s.bodyRy;
        if (s.vertebra != 0 && ex * ex + ey * ey <= 1) {
            int label = s.vertebra == 1 ? TissueLabel.VERTEBRAL_BODY.value() : TissueLabel.INTERVERTEBRAL_DISC.value();
            return label | (s.levelCode << 8);
        }
        if (s.arch) {
            boolean ring = canalDist <= s.canalR + 5 && y >= s.canalY - s.canalR - 6;
            boolean pedicle = ax <= s.canalR + 5 && y >= s.bodyY && y <= s.canalY;
            boolean spinous = ax <= 4 && y >= s.canalY && y <= s.spinousTipY;
            boolean transverse = Math.abs(dyC) <= 4 && ax <= s.canalR + s.tpLength;
            if (ring || pedicle || spinous || transverse) {
                return TissueLabel.POSTERIOR_ELEMENTS.value();
            }
        }
        return ELSEWHERE;
    }

    /** Paraspinal lean or IMAT, psoas, else {@link #ELSEWHERE}. */
    private int muscle(Section s, double x, double y, double z) {
        double ax = Math.abs(x);
        // Paraspinal compartments: side 0 = patient's left (+x), side 1 = right.
        int side = x >= 0 ? 0 : 1;
        double[] uv = patientToMuscle(s, side, x, y);
        double rr = uv[0] * uv[0] + uv[1] * uv[1];
        if (rr <= 1 && ax >= 4) {
            boolean imat = imatField(side, x, y, z, Math.sqrt(rr)) > imatThreshold[side];
            if (side == 0) {
                return (imat ? TissueLabel.IMAT_LEFT : TissueLabel.PARASPINAL_LEAN_LEFT).value();
            }
            return (imat ? TissueLabel.IMAT_RIGHT : TissueLabel.PARASPINAL_LEAN_RIGHT).value();
        }
        if (s.psoasR > 0) {
            double px = (ax - s.psoasX) / (1.1 * s.psoasR);
            double py = (y - s.psoasY) / (0.9 * s.psoasR);
            if (px * px + py * py <= 1) {
                return (x >= 0 ? TissueLabel.PSOAS_LEFT : TissueLabel.PSOAS_RIGHT).value();
            }
        }
        return ELSEWHERE;
    }

    /** Kidney, heart, lung, liver or spleen where the section has them, else {@link #ELSEWHERE}. */
    private static int organ(Section s, double x, double y) {
        double ax = Math.abs(x);
        if (s.kidneyScale > 0) {
            double kx = (ax - s.kidneyX) / (28 * s.kidneyScale);
            double ky = (y - (s.bodyY + 8)) / (22 * s.kidneyScale);
            if (kx * kx + ky * ky <= 1) {
                return TissueLabel.KIDNEY.value();
            }
        }
        double innerA = s.a - s.fat;
        double innerB = s.b - s.fat;
        if (s.heartScale > 0) {
            double hx = (x - 0.12 * innerA) / (0.32 * innerA * s.heartScale);
            double hy = (y + 0.35 * innerB) / (0.45 * innerB * s.heartScale);
            if (hx * hx + hy * hy <= 1) {
                return TissueLabel.HEART.value();
            }
        }
        if (s.lungScale > 0) {
            double lx = (ax - 0.5 * innerA) / (0.4 * innerA * s.lungScale);
            double ly = (y - 0.05 * innerB) / (0.75 * innerB * s.lungScale);
            if (lx * lx + ly * ly <= 1) {
                return TissueLabel.LUNG.value();
            }
        }
        if (s.liverScale > 0) {
            double lx = (x + 0.35 * innerA) / (0.55 * innerA * s.liverScale);
            double ly = (y + 0.05 * innerB) / (0.8 * innerB * s.liverScale);
            if (lx * lx + ly * ly <= 1) {
                return TissueLabel.LIVER.value();
            }
        }
        if (s.spleenScale > 0) {
            double sx = (x - 0.6 * innerA) / (0.2 * innerA * s.spleenScale);
            double sy = (y - 0.3 * innerB) / (0.35 * innerB * s.spleenScale);
            if (sx * sx + sy * sy <= 1) {
                return TissueLabel.SPLEEN.value();
            }
        }
        return ELSEWHERE;
    }

    private double imatField(int side, double x, double y, double z, double radius) {
        double sc = imatNoiseScaleMm;
        double marbling = 0.65 * Noise.value(seed + 11 + side, x / sc, y / sc, z / (2.5 * sc))
                + 0.35 * Noise.value(seed + 23 + side, x / (0.45 * sc), y / (0.45 * sc), z / sc);
        double along = x * Math.cos(streakAngle) + y * Math.sin(streakAngle);
        double wobble = 3 * Noise.value(seed + 37, x / 20, y / 20, z / 40);
        double streak = Math.max(0, 1 - 5 * Math.abs(Math.sin(Math.PI * along / 9 + wobble)));
        return marbling
                + streakAmplitude * streak * Noise.value(seed + 41, x / 25, y / 25, z / 15)
                + edgeAmplitude * Math.pow(radius, 4);
    }

    private double[] muscleToPatient(Section s, int side, double u, double v) {
        double tilt = side == 0 ? muscleTilt : -muscleTilt;
        double lx = u * s.muscleA[side];
        double ly = v * s.muscleB[side];
        return new double[] {
            s.muscleX[side] + lx * Math.cos(tilt) - ly * Math.sin(tilt),
            s.muscleY + lx * Math.sin(tilt) + ly * Math.cos(tilt)
        };
    }

    private double[] patientToMuscle(Section s, int side, double x, double y) {
        double tilt = side == 0 ? muscleTilt : -muscleTilt;
        double dx = x - s.muscleX[side];
        double dy = y - s.muscleY;
        double lx = dx * Math.cos(tilt) + dy * Math.sin(tilt);
        double ly = -dx * Math.sin(tilt) + dy * Math.cos(tilt);
        return new double[] {lx / s.muscleA[side], ly / s.muscleB[side]};
    }

    private Section at(double z) {
        int i = (int) Math.round((z - tableZ0) / TABLE_STEP_MM);
        return table[Math.max(0, Math.min(table.length - 1, i))];
    }

    /** Lowest z (mm) of the modelled coverage: just below S1. */
    public double zMin() {
        return zMin;
    }

    /** Highest z (mm) of the modelled coverage: just above T1. */
    public double zMax() {
        return zMax;
    }

    /** Mid-height (mm) of a vertebral body. */
    public double levelMidZ(VertebralLevel level) {
        return mid(level.ordinal());
    }

    /** Half-extents (mm) of the body outline at z: {lateral, anterior-posterior}. */
    public double[] bodyHalfExtentMm(double z) {
        Section s = at(z);
        return new double[] {s.a, s.b};
    }

    /** Largest body half-extents over the coverage: {lateral, anterior-posterior}. */
    public double[] maxBodyHalfExtentMm() {
        double a = 0;
        double b = 0;
        for (Section s : table) {
            if (s.z >= zMin && s.z <= zMax) {
                a = Math.max(a, s.a);
                b = Math.max(b, s.b);
            }
        }
        return new double[] {a, b};
    }

    private static double dome(double z, double lo, double hi) {
        if (z <= lo || z >= hi) {
            return 0;
        }
        double t = (z - lo) / (hi - lo);
        return Math.sqrt(Math.sin(Math.PI * t));
    }

    static double interpolate(double x, double[] xs, double[] ys) {
        if (x <= xs[0]) {
            return ys[0];
        }
        for (int i = 1; i < xs.length; i++) {
            if (x <= xs[i]) {
                double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + t * (ys[i] - ys[i - 1]);
            }
        }
        return ys[ys.length - 1];
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
