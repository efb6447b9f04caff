package org.myoscreen.phantom;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What phantom to make. Every empty optional is drawn from the seed within realistic adult ranges
 * (sex; age 30–75; height by sex; BMI 20–34; IMAT 3–15 %; 1–4 stations for axial; in-plane
 * spacing from a 420–500 mm field of view; slice thickness 3–6 mm; matrix 256–320), so one seed
 * always gives the same study, and a value given here overrides only that draw: the anatomy and the
 * image content at a patient position do not depend on the number of stations, the matrix or the
 * spacing. Build with {@link #builder()}; {@code bin/myoscreen phantom} maps its options one to one:
 * {@code --seed --sex --age --weight --height --imat-percent --stations --dixon --spacing
 * --slice-thickness --matrix --transfer-syntax}.
 *
 * <p>Immutable; validated at creation ({@link IllegalArgumentException} naming the option).
 *
 * @param seed random seed
 * @param sex patient sex, or drawn
 * @param ageYears age in years (18–100), or drawn
 * @param weightKg weight in kg (30–250), or drawn from height and a BMI
 * @param heightM height in m (1.2–2.2), or drawn
 * @param imatPercent IMAT in % of the paraspinal compartment (0–60), or drawn
 * @param stations number of axial stations (1–8), or drawn (non-axial orientations: 1)
 * @param contrasts contrasts to write, at least one; {@code --dixon} adds the four Dixon images
 * @param spacingMm in-plane pixel spacing in mm (0.5–10), or drawn
 * @param sliceThicknessMm slice thickness = spacing between slices in mm (0.5–20), or drawn
 * @param matrix rows = columns (16–1024), or drawn
 * @param transferSyntax Explicit or Implicit VR Little Endian
 * @param orientation slice orientation (tests)
 * @param negateDirections write row and column direction cosines negated (tests)
 */
public record PhantomOptions(
        long seed,
        Optional<Sex> sex,
        OptionalInt ageYears,
        OptionalDouble weightKg,
        OptionalDouble heightM,
        OptionalDouble imatPercent,
        OptionalInt stations,
        Set<Contrast> contrasts,
        OptionalDouble spacingMm,
        OptionalDouble sliceThicknessMm,
        OptionalInt matrix,
        TransferSyntaxChoice transferSyntax,
        Orientation orientation,
        boolean negateDirections) {

    /** Transfer syntax of the written files. */
    public enum TransferSyntaxChoice {
        /** Explicit VR Little Endian (1.2.840.10008.1.2.1). */
        EXPLICIT,
        /** Implicit VR Little Endian (1.2.840.10008.1.2). */
        IMPLICIT;

        /**
         * Parses {@code --transfer-syntax}: explicit or implicit, any case.
         *
         * @throws IllegalArgumentException naming the option and the accepted values
         */
        public static TransferSyntaxChoice parse(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "explicit" -> EXPLICIT;
                case "implicit" -> IMPLICIT;
                default ->
                    throw new IllegalArgumentException(
                            "transfer-syntax: expected explicit or implicit, got '" + value + "'");
            };
        }
    }

    /** Validates ranges and cross-option rules. */
    public PhantomOptions {
        Objects.requireNonNull(sex, "sex is null");
        Objects.requireNonNull(ageYears, "ageYears is null");
        Objects.requireNonNull(weightKg, "weightKg is null");
        Objects.requireNonNull(heightM, "heightM is null");
        Objects.requireNonNull(imatPercent, "imatPercent is null");
        Objects.requireNonNull(stations, "stations is null");
        Objects.requireNonNull(spacingMm, "spacingMm is null");
        Objects.requireNonNull(sliceThicknessMm, "sliceThicknessMm is null");
        Objects.requireNonNull(matrix, "matrix is null");
        Objects.requireNonNull(transferSyntax, "transferSyntax is null");
        Objects.requireNonNull(orientation, "orientation is null");
        Objects.requireNonNull(contrasts, "contrasts is null");
        if (contrasts.isEmpty()) {
            throw new IllegalArgumentException("contrasts: at least one contrast is needed");
        }
        // Enum order, so toString (and the UIDs derived from it) is the same in every JVM.
        contrasts = Collections.unmodifiableSet(EnumSet.copyOf(contrasts));
        check("age", ageYears.isPresent() ? ageYears.getAsInt() : 50, 18, 100);
        check("weight", weightKg.orElse(70), 30, 250);
        check("height", heightM.orElse(1.7), 1.2, 2.2);
        check("imat-percent", imatPercent.orElse(5), 0, 60);
        check("stations", stations.orElse(1), 1, 8);
        check("spacing", spacingMm.orElse(1), 0.5, 10);
        check("slice-thickness", sliceThicknessMm.orElse(1), 0.5, 20);
        check("matrix", matrix.orElse(64), 16, 1024);
        if (orientation != Orientation.AXIAL && stations.orElse(1) != 1) {
            throw new IllegalArgumentException(
                    "stations: more than one station needs the axial orientation, not " + orientation);
        }
    }

    private static void check(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + ": " + value + " is outside " + min + ".." + max);
        }
    }

    /** A builder with seed 1, everything else drawn, T2 HASTE only, Explicit VR, axial. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults for a seed. */
    public static PhantomOptions ofSeed(long seed) {
        return builder().seed(seed).build();
    }

    /** A builder preset with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.sex = sex;
        b.ageYears = ageYears;
        b.weightKg = weightKg;
        b.heightM = heightM;
        b.imatPercent = imatPercent;
        b.stations = stations;
        b.contrasts = EnumSet.copyOf(contrasts);
        b.spacingMm = spacingMm;
        b.sliceThicknessMm = sliceThicknessMm;
        b.matrix = matrix;
        b.transferSyntax = transferSyntax;
        b.orientation = orientation;
        b.negateDirections = negateDirections;
        return b;
    }

    /** Builder for {@link PhantomOptions}; not thread-safe. */
    public static final class Builder {
        private long seed = 1;
        private Optional<Sex> sex = Optional.empty();
        private OptionalInt ageYears = OptionalInt.empty();
        private OptionalDouble weightKg = OptionalDouble.empty();
        private OptionalDouble heightM = OptionalDouble.empty();
        private OptionalDouble imatPercent = OptionalDouble.empty();
        private OptionalInt stations = OptionalInt.empty();
        private EnumSet<Contrast> contrasts = EnumSet.of(Contrast.T2_HASTE);
        private OptionalDouble spacingMm = OptionalDouble.empty();
        private OptionalDouble sliceThicknessMm = OptionalDouble.empty();
        private OptionalInt matrix = OptionalInt.empty();
        private TransferSyntaxChoice transferSyntax = TransferSyntaxChoice.EXPLICIT;
        private Orientation orientation = Orientation.AXIAL;
        private boolean negateDirections;

        private Builder() {}

        /** {@code --seed}. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** {@code --sex}. */
        public Builder sex(Sex v) {
            sex = Optional.of(v);
            return this;
        }

        /** {@code --age}. */
        public Builder ageYears(int v) {
            ageYears = OptionalInt.of(v);
            return this;
        }

        /** {@code --weight}. */
        public Builder weightKg(double v) {
            weightKg = OptionalDouble.of(v);
            return this;
        }

        /** {@code --height}. */
        public Builder heightM(double v) {
            heightM = OptionalDouble.of(v);
            return this;
        }

        /** {@code --imat-percent}. */
        public Builder imatPercent(double v) {
            imatPercent = OptionalDouble.of(v);
            return this;
        }

        /** {@code --stations}. */
        public Builder stations(int v) {
            stations = OptionalInt.of(v);
            return this;
        }

        /** {@code --dixon}: adds (true) or removes (false) the four Dixon contrasts. */
        public Builder dixon(boolean v) {
            EnumSet<Contrast> dixon = EnumSet.of(
                    Contrast.DIXON_WATER, Contrast.DIXON_FAT, Contrast.DIXON_IN_PHASE, Contrast.DIXON_OPPOSED_PHASE);
            if (v) {
                contrasts.addAll(dixon);
            } else {
                contrasts.removeAll(dixon);
            }
            return this;
        }

        /** Exactly these contrasts. */
        public Builder contrasts(Set<Contrast> v) {
            contrasts = v.isEmpty() ? EnumSet.noneOf(Contrast.class) : EnumSet.copyOf(v);
            return this;
        }

        /** {@code --spacing}. */
        public Builder spacingMm(double v) {
            spacingMm = OptionalDouble.of(v);
            return this;
        }

        /** {@code --slice-thickness}. */
        public Builder sliceThicknessMm(double v) {
            sliceThicknessMm = OptionalDouble.of(v);
            return this;
        }

        /** {@code --matrix}. */
        public Builder matrix(int v) {
            matrix = OptionalInt.of(v);
            return this;
        }

        /** {@code --transfer-syntax explicit|implicit}. */
        public Builder transferSyntax(TransferSyntaxChoice v) {
            transferSyntax = Objects.requireNonNull(v, "transferSyntax is null");
            return this;
        }

        /** Slice orientation. */
        public Builder orientation(Orientation v) {
            orientation = Objects.requireNonNull(v, "orientation is null");
            return this;
        }

        /** Negated row and column direction cosines. */
        public Builder negateDirections(boolean v) {
            negateDirections = v;
            return this;
        }

        /** The options; throws {@link IllegalArgumentException} naming a bad option. */
        public PhantomOptions build() {
            return new PhantomOptions(
                    seed,
                    sex,
                    ageYears,
                    weightKg,
                    heightM,
                    imatPercent,
                    stations,
                    contrasts,
                    spacingMm,
                    sliceThicknessMm,
                    matrix,
                    transferSyntax,
                    orientation,
                    negateDirections);
        }
    }
}
