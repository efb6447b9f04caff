package org.myoscreen.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.StructureMap;

/**
 * One segment of the segmentation: which label values it covers and how it is coded (PS3.3
 * C.8.20.4.1 Segment Description Macro). Immutable.
 *
 * @param number Segment Number (1..n, unique in the instance)
 * @param label Segment Label
 * @param description Segment Description
 * @param kind the structure kind
 * @param laterality the patient's side
 * @param category Segmented Property Category (CID 7150)
 * @param type Segmented Property Type (CID 7151)
 * @param anatomicRegion Anatomic Region, when the type does not imply it
 * @param labelValues the label map values belonging to the segment
 * @param rgb display colour (sRGB, 0xRRGGBB) of the summary images, also written as Recommended
 *     Display CIELab Value
 */
public record Segment(
        int number,
        String label,
        String description,
        StructureKind kind,
        Laterality laterality,
        CodedConcept category,
        CodedConcept type,
        Optional<CodedConcept> anatomicRegion,
        int[] labelValues,
        int rgb) {

    /** Segment Label of the {@linkplain #wholeCompartment() whole-compartment} segment. */
    public static final String WHOLE_COMPARTMENT_LABEL = "Paraspinal muscles, both sides";

    /** Validates and copies. */
    public Segment {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("segment number must be 1..65535: " + number);
        }
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(laterality, "laterality is null");
        Objects.requireNonNull(category, "category is null");
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(anatomicRegion, "anatomicRegion is null");
        labelValues = labelValues.clone();
        if (labelValues.length == 0) {
            throw new IllegalArgumentException("segment " + number + " has no label values");
        }
    }

    @Override
    public int[] labelValues() {
        return labelValues.clone();
    }

    /**
     * {@link #rgb()} as Recommended Display CIELab Value (PS3.3 C.10.7.1.1): sRGB to CIE XYZ (D65) to
     * CIELab with the D50 white of the ICC profile connection space approximated by the D65 white, L* scaled
     * from 0..100 and a*, b* from -128..127 to 0..65535.
     */
    public int[] cieLab() {
        double[] lin = new double[3];
        for (int c = 0; c < 3; c++) {
            double v = ((rgb >> (16 - 8 * c)) & 0xFF) / 255.0;
            lin[c] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        double x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047;
        double y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
        double z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883;
        double fx = labF(x);
        double fy = labF(y);
        double fz = labF(z);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double b = 200 * (fy - fz);
        return new int[] {scale(l / 100.0), scale((a + 128) / 255.0), scale((b + 128) / 255.0)};
    }

    private static double labF(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static int scale(double unit) {
        return (int) Math.round(Math.max(0, Math.min(1, unit)) * 65535);
    }

    /** Laterality modifier code (Left / Right), empty for midline structures. */
    public Optional<CodedConcept> lateralityCode() {
        return switch (laterality) {
            case LEFT -> Optional.of(Codes.LEFT);
            case RIGHT -> Optional.of(Codes.RIGHT);
            case NONE -> Optional.empty();
        };
    }

    /**
     * True for the segment of the whole paraspinal compartment (both sides, lean muscle and IMAT): the region
     * the compartment measurements of the report are made on, overlapping the per-side segments.
     */
    public boolean wholeCompartment() {
        return kind == StructureKind.PARASPINAL && laterality == Laterality.NONE;
    }

    /** True when {@code value} belongs to this segment. */
    public boolean covers(int value) {
        for (int v : labelValues) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * The segments for a label convention: paraspinal muscle left and right, IMAT left and right
     * (when the model labels IMAT), psoas left and right, and optionally one segment for all vertebral
     * bodies; numbered 1.. in that order. Several labels with the same structure (kind and side) form
     * one segment. Kinds not listed here (discs, subcutaneous fat, other) get no segment. Last, when
     * paraspinal muscle is labelled, one {@linkplain #wholeCompartment() whole-compartment} segment
     * (paraspinal muscle and IMAT of both sides), which the report's compartment measurement group
     * references as TID 1411 requires; it overlaps the per-side segments.
     */
    public static List<Segment> forStructures(StructureMap structures, boolean includeVertebrae) {
        boolean imatLabelled = structures.has(StructureKind.IMAT);
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (StructureKind kind :
                new StructureKind[] {StructureKind.PARASPINAL, StructureKind.IMAT, StructureKind.PSOAS}) {
            for (Laterality side : new Laterality[] {Laterality.LEFT, Laterality.RIGHT}) {
                order.add(kind + "/" + side);
            }
        }
        if (includeVertebrae) {
            order.add(StructureKind.VERTEBRA + "/" + Laterality.NONE);
        }
        structures.labels().forEach((value, s) -> {
            Laterality side = s.kind() == StructureKind.VERTEBRA ? Laterality.NONE : s.laterality();
            byKey.computeIfAbsent(s.kind() + "/" + side, k -> new ArrayList<>()).add(value);
        });
        List<Segment> segments = new ArrayList<>();
        for (String key : order) {
            List<Integer> values = byKey.get(key);
            if (values == null) {
                continue;
            }
            String[] parts = key.split("/");
            StructureKind kind = StructureKind.valueOf(parts[0]);
            Laterality side = Laterality.valueOf(parts[1]);
            int[] labels = values.stream().mapToInt(Integer::intValue).sorted().toArray();
            segments.add(of(segments.size() + 1, kind, side, labels, imatLabelled));
        }
        int[] compartment = structures.labels().entrySet().stream()
                .filter(e -> e.getValue().kind() == StructureKind.PARASPINAL
                        || e.getValue().kind() == StructureKind.IMAT)
                .mapToInt(Map.Entry::getKey)
                .sorted()
                .toArray();
        if (structures.has(StructureKind.PARASPINAL)) {
            segments.add(new Segment(
                    segments.size() + 1,
                    WHOLE_COMPARTMENT_LABEL,
                    "Paraspinal muscle compartment of both sides (erector spinae and multifidus"
                            + (imatLabelled ? ", lean muscle and IMAT)" : ")"),
                    StructureKind.PARASPINAL,
                    Laterality.NONE,
                    Codes.ANATOMICAL_STRUCTURE,
                    Codes.ERECTOR_SPINAE_MUSCLE,
                    Optional.empty(),
                    compartment,
                    0xB464DC));
        }
        return List.copyOf(segments);
    }

    private static Segment of(int number, StructureKind kind, Laterality side, int[] labels, boolean imatLabelled) {
        String sideText = side == Laterality.LEFT ? " left" : side == Laterality.RIGHT ? " right" : "";
        boolean left = side == Laterality.LEFT;
        return switch (kind) {
            case PARASPINAL ->
                new Segment(
                        number,
                        "Paraspinal muscle" + sideText,
                        imatLabelled
                                ? "Paraspinal lean muscle (erector spinae and multifidus, without IMAT)"
                                : "Paraspinal muscle compartment (erector spinae and multifidus)",
                        kind,
                        side,
                        Codes.ANATOMICAL_STRUCTURE,
                        Codes.ERECTOR_SPINAE_MUSCLE,
                        Optional.empty(),
                        labels,
                        left ? 0xE0483C : 0x3C8CE6);
            case IMAT ->
                new Segment(
                        number,
                        "IMAT" + sideText,
                        "Intermuscular adipose tissue inside the paraspinal fascia",
                        kind,
                        side,
                        Codes.TISSUE,
                        Codes.BODY_FAT,
                        Optional.of(Codes.ERECTOR_SPINAE_MUSCLE),
                        labels,
                        left ? 0xFFE600 : 0xFFC800);
            case PSOAS ->
                new Segment(
                        number,
                        "Psoas muscle" + sideText,
                        "Psoas major muscle",
                        kind,
                        side,
                        Codes.TISSUE,
                        Codes.MUSCLE,
                        Optional.empty(),
                        labels,
                        left ? 0xF08CC8 : 0x50D2B4);
            case VERTEBRA ->
                new Segment(
                        number,
                        "Vertebral bodies",
                        "Vertebral bodies",
                        kind,
                        side,
                        Codes.ANATOMICAL_STRUCTURE,
                        Codes.VERTEBRA,
                        Optional.empty(),
                        labels,
                        0xC8C8C8);
            default -> throw new IllegalArgumentException("no segment for " + kind);
        };
    }

    @Override
    public String toString() {
        return "Segment[" + number + " " + label + " labels=" + Arrays.toString(labelValues) + "]";
    }
}
