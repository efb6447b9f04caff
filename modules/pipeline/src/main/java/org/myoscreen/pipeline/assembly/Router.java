package org.myoscreen.pipeline.assembly;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Matches series against the {@link RoutingConfig} rules: the first rule whose criteria all match wins.
 * Immutable and thread-safe (the regular expressions are compiled once).
 */
public final class Router {

    private final RoutingConfig config;
    private final List<Optional<Pattern>> patterns;

    /**
     * Compiles the rules of {@code config}.
     *
     * @param config the rules
     */
    public Router(RoutingConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
        List<Optional<Pattern>> p = new ArrayList<>();
        for (RoutingRule r : config.rules()) {
            p.add(r.seriesDescriptionRegex().map(re -> RoutingRule.compile(r.id(), re)));
        }
        this.patterns = List.copyOf(p);
    }

    /**
     * The configuration this router applies.
     *
     * @return the configuration
     */
    public RoutingConfig config() {
        return config;
    }

    /**
     * The first rule that matches, or empty when none does.
     *
     * @param facts the series
     * @return the rule, or empty
     */
    public Optional<RoutingRule> match(SeriesFacts facts) {
        List<RoutingRule> rules = config.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (matches(rules.get(i), patterns.get(i), facts)) {
                return Optional.of(rules.get(i));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(RoutingRule r, Optional<Pattern> pattern, SeriesFacts f) {
        if (!anyEquals(r.modalities(), f.modality())) {
            return false;
        }
        if (!r.sopClassUids().isEmpty() && !r.sopClassUids().contains(f.sopClassUid())) {
            return false;
        }
        if (pattern.isPresent()
                && !f.seriesDescription()
                        .map(d -> pattern.get().matcher(d).find())
                        .orElse(false)) {
            return false;
        }
        List<String> types = f.imageTypeValues().stream().map(Router::norm).toList();
        for (String v : r.imageTypeAllOf()) {
            if (!types.contains(norm(v))) {
                return false;
            }
        }
        if (!r.imageTypeAnyOf().isEmpty()
                && r.imageTypeAnyOf().stream().map(Router::norm).noneMatch(types::contains)) {
            return false;
        }
        if (!r.orientations().isEmpty() && !r.orientations().contains(f.orientation())) {
            return false;
        }
        if (!r.bodyPartsExamined().isEmpty()
                && !f.bodyPartExamined()
                        .map(b -> anyEquals(r.bodyPartsExamined(), b))
                        .orElse(false)) {
            return false;
        }
        return anyEquals(r.callingAeTitles(), f.callingAeTitle());
    }

    /** True when {@code accepted} is empty or holds {@code value} ignoring case and surrounding spaces. */
    private static boolean anyEquals(List<String> accepted, String value) {
        if (accepted.isEmpty()) {
            return true;
        }
        String v = norm(value);
        return accepted.stream().map(Router::norm).anyMatch(v::equals);
    }

    private static String norm(String s) {
        return s.strip().toUpperCase(Locale.ROOT);
    }
}
