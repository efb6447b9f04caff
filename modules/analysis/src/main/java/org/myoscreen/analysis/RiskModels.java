package org.myoscreen.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The risk markers of {@code conf/risk-models.yml} and their evaluation. A marker never produces an
 * absolute risk: only a flag, the published effect and the wording. Immutable and thread-safe.
 *
 * @param markers the markers, in file order
 */
public record RiskModels(List<RiskMarker> markers) {

    /** Copies the list and rejects duplicate ids. */
    public RiskModels {
        markers = List.copyOf(markers);
        Set<String> ids = new HashSet<>();
        for (RiskMarker m : markers) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("duplicate risk marker id " + m.id());
            }
        }
    }

    /**
     * Evaluates every marker. A marker is not-applicable when the patient's sex is unknown or not
     * one it applies to, when its z-score is missing, or when {@code qcPassed} is false.
     */
    public List<RiskResult> evaluate(Optional<Sex> sex, ZScores z, boolean qcPassed) {
        List<RiskResult> out = new ArrayList<>();
        for (RiskMarker m : markers) {
            OptionalDouble value = m.predictor() == RiskMarker.Predictor.IMAT_Z ? z.imatPercent() : z.lmmIndex();
            RiskFlag flag;
            String why = null;
            if (!qcPassed) {
                flag = RiskFlag.NOT_APPLICABLE;
                why = "not assessed: quality control did not pass";
            } else if (sex.isEmpty() || !m.appliesTo().contains(sex.get())) {
                flag = RiskFlag.NOT_APPLICABLE;
                why = sex.isEmpty()
                        ? "not assessed: patient sex unknown"
                        : "not applicable: the association was found in " + describe(m.appliesTo()) + " only";
            } else if (value.isEmpty()) {
                flag = RiskFlag.NOT_APPLICABLE;
                why = "not assessed: " + (m.predictor() == RiskMarker.Predictor.IMAT_Z ? "IMAT" : "LMM index")
                        + " z-score not available";
            } else {
                flag = m.flag(value.getAsDouble());
            }
            String wording = m.wording().get(flag) + (why != null ? " (" + why + ")" : "");
            out.add(new RiskResult(
                    m.id(),
                    m.outcome(),
                    flag,
                    flag == RiskFlag.NOT_APPLICABLE ? OptionalDouble.empty() : value,
                    m.effect(),
                    wording,
                    m.source()));
        }
        return out;
    }

    private static String describe(Set<Sex> sexes) {
        return sexes.equals(EnumSet.of(Sex.M)) ? "men" : sexes.equals(EnumSet.of(Sex.F)) ? "women" : "men and women";
    }

    /**
     * Reads the markers from YAML (format in docs/reference-population.md).
     *
     * @throws IllegalArgumentException on a missing key or invalid value
     * @throws UncheckedIOException when reading fails
     */
    public static RiskModels read(InputStream yaml) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            List<RiskMarker> markers = new ArrayList<>();
            for (JsonNode m : ReferenceTable.required(root, "markers")) {
                String id = ReferenceTable.required(m, "id").asText();
                Set<Sex> sexes = EnumSet.noneOf(Sex.class);
                for (JsonNode s : ReferenceTable.required(m, "applies_to_sex")) {
                    sexes.add(Sex.valueOf(s.asText()));
                }
                JsonNode flag = ReferenceTable.required(m, "flag");
                Map<RiskFlag, String> wording = new EnumMap<>(RiskFlag.class);
                JsonNode w = ReferenceTable.required(m, "wording");
                for (RiskFlag f : RiskFlag.values()) {
                    wording.put(f, ReferenceTable.required(w, f.json()).asText());
                }
                String predictor =
                        ReferenceTable.required(m, "predictor").asText().toUpperCase(Locale.ROOT);
                markers.add(new RiskMarker(
                        id,
                        ReferenceTable.required(m, "outcome").asText(),
                        RiskMarker.Predictor.valueOf(predictor),
                        ReferenceTable.required(m, "effect").asText(),
                        sexes,
                        rule(ReferenceTable.required(flag, "elevated")),
                        rule(ReferenceTable.required(flag, "low")),
                        wording,
                        ReferenceTable.required(m, "source").asText()));
            }
            return new RiskModels(markers);
        } catch (IOException e) {
            throw new UncheckedIOException("reading risk models", e);
        }
    }

    /** Reads the markers from a YAML file. */
    public static RiskModels read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading risk models " + file, e);
        }
    }

    private static RiskMarker.Rule rule(JsonNode n) {
        if (n.has("z_at_least")) {
            return new RiskMarker.Rule(true, n.get("z_at_least").asDouble());
        }
        if (n.has("z_at_most")) {
            return new RiskMarker.Rule(false, n.get("z_at_most").asDouble());
        }
        throw new IllegalArgumentException("flag rule needs z_at_least or z_at_most: " + n);
    }
}
