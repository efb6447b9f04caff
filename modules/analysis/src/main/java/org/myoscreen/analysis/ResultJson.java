package org.myoscreen.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes the {@code measurements}, {@code zscores}, {@code risk} and {@code qc} blocks of
 * result.json (docs/INTERFACE.md) from an {@link AnalysisResult}, with the documented keys only;
 * per-region and per-level values go to a separate {@code measurement_details} block the app may
 * add. A value that could not be computed, or any value when QC failed, is {@code null} and
 * {@code qc.flags} says why. Numbers are rounded to 2 decimals. Stateless; thread-safe.
 */
public final class ResultJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /** An object with the four blocks {@code measurements, zscores, risk, qc}. */
    public static ObjectNode blocks(AnalysisResult r) {
        ObjectNode o = F.objectNode();
        o.set("measurements", measurements(r));
        o.set("zscores", zscores(r));
        o.set("risk", risk(r));
        o.set("qc", qc(r));
        return o;
    }

    /** {@link #blocks} as a JSON string. */
    public static String toJson(AnalysisResult r) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(blocks(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code measurements} block. */
    public static ObjectNode measurements(AnalysisResult r) {
        Optional<Measurements> reported = r.reported();
        Optional<CompartmentValues> total = reported.flatMap(Measurements::split);
        ObjectNode o = F.objectNode();
        put(
                o,
                "lmm_volume_cm3",
                total.map(v -> OptionalDouble.of(v.lmmVolumeCm3())).orElse(OptionalDouble.empty()));
        put(
                o,
                "imat_volume_cm3",
                total.map(v -> OptionalDouble.of(v.imatVolumeCm3())).orElse(OptionalDouble.empty()));
        put(o, "imat_percent", total.map(CompartmentValues::imatPercent).orElse(OptionalDouble.empty()));
        put(
                o,
                "lmm_index_cm3_per_bmi",
                reported.map(Measurements::lmmIndexCm3PerBmi).orElse(OptionalDouble.empty()));
        o.set("left", side(reported.flatMap(Measurements::left)));
        o.set("right", side(reported.flatMap(Measurements::right)));
        put(o, "psoas_area_l3_cm2", reported.map(Measurements::psoasAreaL3Cm2).orElse(OptionalDouble.empty()));
        put(o, "pmi_cm2_per_m2", reported.map(Measurements::pmiCm2PerM2).orElse(OptionalDouble.empty()));
        put(
                o,
                "fat_fraction_percent",
                reported.map(Measurements::fatFractionPercent).orElse(OptionalDouble.empty()));
        return o;
    }

    /**
     * Extras beyond INTERFACE.md's keys: {@code regions} (thoracic, lumbar), {@code levels} (per
     * vertebral level, cranial first), {@code fat_fraction_lean_percent}, {@code method},
     * {@code level_range} (the levels the {@code measurements} block's volumes, IMAT % and LMM index
     * are summed over, e.g. {@code "L1-L5"}, or {@code "whole compartment"}); values
     * null when QC failed.
     */
    public static ObjectNode measurementDetails(AnalysisResult r) {
        Optional<Measurements> reported = r.reported();
        ObjectNode o = F.objectNode();
        ObjectNode regions = o.putObject("regions");
        for (Region region : new Region[] {Region.THORACIC, Region.LUMBAR}) {
            regions.set(
                    region.name().toLowerCase(java.util.Locale.ROOT),
                    side(reported.map(m -> Optional.ofNullable(m.regions().get(region)))
                            .orElse(Optional.empty())));
        }
        ObjectNode levels = o.putObject("levels");
        reported.ifPresent(m -> {
            for (Map.Entry<String, CompartmentValues> e : m.levels().entrySet()) {
                levels.set(e.getKey(), side(Optional.of(e.getValue())));
            }
        });
        put(
                o,
                "fat_fraction_lean_percent",
                reported.map(Measurements::leanFatFractionPercent).orElse(OptionalDouble.empty()));
        o.put("method", r.measurements().method());
        o.put("level_range", r.measurements().levelRange());
        return o;
    }

    /**
     * The {@code partial_coverage} block (additive to INTERFACE.md): JSON null unless QC failed only
     * for incomplete spine coverage and some lumbar or thoracic level was identified; then
     * {@code level_range} (e.g. {@code "L2-L5"}), {@code levels} (per identified level, cranial
     * first, as {@code left}/{@code right} blocks write both sides together),
     * {@code psoas_area_l3_cm2} and {@code pmi_cm2_per_m2} (null without L3) and {@code refused}
     * (what is not reported and the missing levels it needs).
     */
    public static com.fasterxml.jackson.databind.JsonNode partialCoverage(AnalysisResult r) {
        if (r.partial().isEmpty()) {
            return F.nullNode();
        }
        PartialCoverage p = r.partial().get();
        ObjectNode o = F.objectNode();
        o.put("level_range", p.levelRange());
        ObjectNode levels = o.putObject("levels");
        for (Map.Entry<String, CompartmentValues> e : p.levels().entrySet()) {
            levels.set(e.getKey(), side(Optional.of(e.getValue())));
        }
        put(o, "psoas_area_l3_cm2", p.psoasAreaL3Cm2());
        put(o, "pmi_cm2_per_m2", p.pmiCm2PerM2());
        ArrayNode refused = o.putArray("refused");
        p.refused().forEach(refused::add);
        return o;
    }

    /** The {@code zscores} block. */
    public static ObjectNode zscores(AnalysisResult r) {
        ObjectNode o = F.objectNode();
        put(o, "imat_percent", r.zScores().imatPercent());
        put(o, "lmm_index", r.zScores().lmmIndex());
        Optional<String> ref = r.zScores().referenceText();
        if (ref.isPresent()) {
            o.put("reference", ref.get());
        } else {
            o.putNull("reference");
        }
        return o;
    }

    /** The {@code risk} array. */
    public static ArrayNode risk(AnalysisResult r) {
        ArrayNode a = F.arrayNode();
        for (RiskResult m : r.risk()) {
            ObjectNode o = a.addObject();
            o.put("id", m.id());
            o.put("outcome", m.outcome());
            o.put("flag", m.flag().json());
            o.put("effect", m.effect());
            o.put("source", m.source());
            o.put("wording", m.wording());
        }
        return a;
    }

    /** The {@code qc} block. */
    public static ObjectNode qc(AnalysisResult r) {
        ObjectNode o = F.objectNode();
        o.put("passed", r.qc().passed());
        ArrayNode flags = o.putArray("flags");
        r.qc().flags().forEach(flags::add);
        return o;
    }

    private static ObjectNode side(Optional<CompartmentValues> v) {
        ObjectNode o = F.objectNode();
        put(o, "lmm_volume_cm3", v.map(x -> OptionalDouble.of(x.lmmVolumeCm3())).orElse(OptionalDouble.empty()));
        put(
                o,
                "imat_volume_cm3",
                v.map(x -> OptionalDouble.of(x.imatVolumeCm3())).orElse(OptionalDouble.empty()));
        put(o, "imat_percent", v.map(CompartmentValues::imatPercent).orElse(OptionalDouble.empty()));
        return o;
    }

    private static void put(ObjectNode o, String key, OptionalDouble v) {
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
            o.put(key, BigDecimal.valueOf(v.getAsDouble()).setScale(2, RoundingMode.HALF_UP));
        } else {
            o.putNull(key);
        }
    }
}
