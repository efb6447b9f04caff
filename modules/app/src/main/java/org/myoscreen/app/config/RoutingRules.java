package org.myoscreen.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.myoscreen.dicom.Uids;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * Reads the {@code rules:} section of the configuration file into {@link RoutingRule}s, in
 * priority order (the first rule that matches a series wins). Without a {@code rules:} section the
 * node has one rule, {@code default}: MR Image Storage and Enhanced MR Image Storage series of
 * modality MR go to the {@code reference} model and the configured {@code destination}s.
 *
 * <p>Each rule: {@code id} (required, unique), {@code model} (default {@code reference}),
 * {@code match} (all given criteria must hold: {@code modality}, {@code sop-class},
 * {@code series-description} (a regular expression, searched), {@code image-type-all-of},
 * {@code image-type-any-of}, {@code orientation} (axial, coronal, sagittal), {@code body-part},
 * {@code calling-ae}), {@code destination} (default: the global {@code destination} list),
 * {@code quiet-period} and {@code instance-count}. Errors name the entry, e.g.
 * {@code rules[1].match.orientation}.
 */
public final class RoutingRules {
    /** The model a rule uses when it names none. */
    public static final String DEFAULT_MODEL = "reference";

    private static final Set<String> RULE_FIELDS =
            Set.of("id", "model", "match", "destination", "quiet-period", "instance-count");
    private static final Set<String> MATCH_FIELDS = Set.of(
            "modality",
            "sop-class",
            "series-description",
            "image-type-all-of",
            "image-type-any-of",
            "orientation",
            "body-part",
            "calling-ae");

    private RoutingRules() {}

    /** The rules of {@code settings}, or the single default rule. */
    public static List<RoutingRule> from(Settings settings, String source) {
        List<Destination> globalDestinations =
                destinations(settings.get(NodeConfigKeys.DESTINATION), NodeConfigKeys.DESTINATION.name(), source);
        Optional<JsonNode> section = settings.section("rules");
        if (section.isEmpty() || section.get().isNull()) {
            return List.of(defaultRule(globalDestinations));
        }
        JsonNode rules = section.get();
        if (!rules.isArray() || rules.isEmpty()) {
            throw new ConfigException("rules", source, "expected a non-empty list of rules");
        }
        List<RoutingRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "rules[" + i + "]";
            RoutingRule rule = rule(rules.get(i), at, source, globalDestinations);
            if (!ids.add(rule.id())) {
                throw new ConfigException(at + ".id", source, "duplicate rule id '" + rule.id() + "'");
            }
            out.add(rule);
        }
        return List.copyOf(out);
    }

    /** The rule used when the configuration has no {@code rules:} section. */
    public static RoutingRule defaultRule(List<Destination> destinations) {
        return RoutingRule.builder("default", DEFAULT_MODEL)
                .modalities("MR")
                .sopClassUids(Uids.MR_IMAGE_STORAGE, Uids.ENHANCED_MR_IMAGE_STORAGE)
                .destinations(destinations.toArray(Destination[]::new))
                .build();
    }

    private static RoutingRule rule(JsonNode node, String at, String source, List<Destination> globalDestinations) {
        if (!node.isObject()) {
            throw new ConfigException(at, source, "expected a mapping with id, model, match, ...");
        }
        checkFields(node, RULE_FIELDS, at, source);
        String id = text(node, "id", at, source)
                .orElseThrow(() -> new ConfigException(at + ".id", source, "every rule needs an id"));
        String model = text(node, "model", at, source).orElse(DEFAULT_MODEL);
        RoutingRule.Builder b = RoutingRule.builder(id, model);
        JsonNode match = node.get("match");
        if (match != null && !match.isNull()) {
            String m = at + ".match";
            if (!match.isObject()) {
                throw new ConfigException(m, source, "expected a mapping of criteria");
            }
            checkFields(match, MATCH_FIELDS, m, source);
            list(match, "modality", m, source).ifPresent(v -> b.modalities(v.toArray(String[]::new)));
            list(match, "sop-class", m, source).ifPresent(v -> {
                for (String uid : v) {
                    if (!Uids.isValid(uid)) {
                        throw new ConfigException(m + ".sop-class", source, "'" + uid + "' is not a UID");
                    }
                }
                b.sopClassUids(v.toArray(String[]::new));
            });
            text(match, "series-description", m, source).ifPresent(b::seriesDescriptionRegex);
            list(match, "image-type-all-of", m, source).ifPresent(v -> b.imageTypeAllOf(v.toArray(String[]::new)));
            list(match, "image-type-any-of", m, source).ifPresent(v -> b.imageTypeAnyOf(v.toArray(String[]::new)));
            list(match, "orientation", m, source).ifPresent(v -> {
                List<Orientation> planes = new ArrayList<>();
                for (String o : v) {
                    try {
                        Orientation plane = Orientation.valueOf(o.toUpperCase(Locale.ROOT));
                        if (plane == Orientation.UNKNOWN) {
                            throw new IllegalArgumentException(o);
                        }
                        planes.add(plane);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(
                                m + ".orientation", source, "expected axial, coronal or sagittal, got '" + o + "'");
                    }
                }
                b.orientations(planes.toArray(Orientation[]::new));
            });
            list(match, "body-part", m, source).ifPresent(v -> b.bodyPartsExamined(v.toArray(String[]::new)));
            list(match, "calling-ae", m, source).ifPresent(v -> b.callingAeTitles(v.toArray(String[]::new)));
        }
        List<Destination> destinations = list(node, "destination", at, source)
                .map(v -> destinations(v, at + ".destination", source))
                .orElse(globalDestinations);
        b.destinations(destinations.toArray(Destination[]::new));
        text(node, "quiet-period", at, source)
                .ifPresent(
                        q -> b.quietPeriod(NodeConfigKeys.QUIET_PERIOD.parse(q, source + " " + at + ".quiet-period")));
        if (node.has("instance-count")) {
            JsonNode count = node.get("instance-count");
            if (!count.canConvertToInt() || count.asInt() < 1) {
                throw new ConfigException(
                        at + ".instance-count", source, "expected a positive integer, got '" + count.asText() + "'");
            }
            b.instanceCount(count.asInt());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, source, e.getMessage());
        }
    }

    private static List<Destination> destinations(List<String> values, String at, String source) {
        List<Destination> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(Destination.parse(v));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at, source, e.getMessage());
            }
        }
        return out;
    }

    private static void checkFields(JsonNode node, Set<String> known, String at, String source) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!known.contains(name)) {
                throw new ConfigException(
                        at + "." + name,
                        source,
                        "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static Optional<String> text(JsonNode node, String field, String at, String source) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw new ConfigException(at + "." + field, source, "expected a single value");
        }
        return Optional.of(v.asText());
    }

    private static Optional<List<String>> list(JsonNode node, String field, String at, String source) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isValueNode()) {
                    throw new ConfigException(at + "." + field, source, "list items must be plain values");
                }
                out.add(item.asText());
            }
        } else if (v.isValueNode()) {
            out.add(v.asText());
        } else {
            throw new ConfigException(at + "." + field, source, "expected a value or a list");
        }
        return Optional.of(List.copyOf(out));
    }
}
