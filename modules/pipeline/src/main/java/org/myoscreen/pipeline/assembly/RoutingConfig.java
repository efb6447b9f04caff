package org.myoscreen.pipeline.assembly;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Routing configuration: the ordered rules (the first that matches wins) and what happens to series that
 * match none. Immutable.
 *
 * @param rules routing rules in priority order; ids must be unique
 * @param unmatchedRetention how long a complete series that matches no rule stays in the spool (counted from
 *     its last instance's arrival) before it is removed; default {@link #DEFAULT_UNMATCHED_RETENTION}
 */
public record RoutingConfig(List<RoutingRule> rules, Duration unmatchedRetention) {

    /** 24 hours: long enough for an administrator to notice a missing rule and re-route by hand. */
    public static final Duration DEFAULT_UNMATCHED_RETENTION = Duration.ofHours(24);

    /**
     * Validates unique rule ids and a non-negative retention.
     *
     * @param rules routing rules in priority order; ids must be unique
     * @param unmatchedRetention how long a complete series that matches no rule stays in the spool (counted from
     *     its last instance's arrival) before it is removed; default {@link #DEFAULT_UNMATCHED_RETENTION}
     */
    public RoutingConfig {
        rules = List.copyOf(rules);
        Objects.requireNonNull(unmatchedRetention, "unmatchedRetention is null");
        if (unmatchedRetention.isNegative()) {
            throw new IllegalArgumentException("unmatched retention " + unmatchedRetention + " is negative");
        }
        Set<String> ids = new HashSet<>();
        for (RoutingRule r : rules) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("duplicate routing rule id '" + r.id() + "'");
            }
        }
    }

    /**
     * The given rules with the default retention.
     *
     * @param rules the rules in priority order
     * @return the configuration
     */
    public static RoutingConfig of(List<RoutingRule> rules) {
        return new RoutingConfig(rules, DEFAULT_UNMATCHED_RETENTION);
    }
}
