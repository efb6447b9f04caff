package org.myoscreen.pipeline.assembly;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * One routing rule: which complete series become jobs, for which model and destinations. Immutable.
 *
 * <p>Every criterion that is empty matches anything; the criteria that are set must all match. String
 * comparisons are case-insensitive, except the Series Description regex, which is matched with
 * {@link java.util.regex.Matcher#find()} (use {@code ^...$} to anchor) and is case-insensitive too.
 *
 * @param id unique rule name (used in logs, jobs and the ledger)
 * @param modalities Modality (0008,0060) values accepted, e.g. [MR]
 * @param sopClassUids SOP Class UIDs accepted
 * @param seriesDescriptionRegex regular expression searched in Series Description (0008,103E); a series
 *     without a description does not match a rule that has one
 * @param imageTypeAllOf Image Type (0008,0008) values that must all be present (e.g. ORIGINAL)
 * @param imageTypeAnyOf Image Type values of which at least one must be present (e.g. W, F for Dixon
 *     water/fat); the Image Type values of a series are the union over its instances
 * @param orientations acquisition planes accepted
 * @param bodyPartsExamined Body Part Examined (0018,0015) values accepted
 * @param callingAeTitles calling AE titles accepted
 * @param modelId the model that processes matching series
 * @param destinations where results go (may be empty: results stay local)
 * @param quietPeriod overrides the assembler's default quiet period for matching series
 * @param instanceCount a series matching this rule is complete as soon as it holds this many instances
 */
public record RoutingRule(
        String id,
        List<String> modalities,
        List<String> sopClassUids,
        Optional<String> seriesDescriptionRegex,
        List<String> imageTypeAllOf,
        List<String> imageTypeAnyOf,
        Set<Orientation> orientations,
        List<String> bodyPartsExamined,
        List<String> callingAeTitles,
        String modelId,
        List<Destination> destinations,
        Optional<Duration> quietPeriod,
        OptionalInt instanceCount) {

    /**
     * Validates the rule: non-blank id and model, compilable regex, positive quiet period and count.
     *
     * @param id unique rule name (used in logs, jobs and the ledger)
     * @param modalities Modality (0008,0060) values accepted, e.g. [MR]
     * @param sopClassUids SOP Class UIDs accepted
     * @param seriesDescriptionRegex regular expression searched in Series Description (0008,103E); a series
     *     without a description does not match a rule that has one
     * @param imageTypeAllOf Image Type (0008,0008) values that must all be present (e.g. ORIGINAL)
     * @param imageTypeAnyOf Image Type values of which at least one must be present (e.g. W, F for Dixon
     *     water/fat); the Image Type values of a series are the union over its instances
     * @param orientations acquisition planes accepted
     * @param bodyPartsExamined Body Part Examined (0018,0015) values accepted
     * @param callingAeTitles calling AE titles accepted
     * @param modelId the model that processes matching series
     * @param destinations where results go (may be empty: results stay local)
     * @param quietPeriod overrides the assembler's default quiet period for matching series
     * @param instanceCount a series matching this rule is complete as soon as it holds this many instances
     */
    public RoutingRule {
        Objects.requireNonNull(id, "id is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("routing rule id is blank");
        }
        modalities = List.copyOf(modalities);
        sopClassUids = List.copyOf(sopClassUids);
        Objects.requireNonNull(seriesDescriptionRegex, "seriesDescriptionRegex is null");
        seriesDescriptionRegex.ifPresent(r -> compile(id, r));
        imageTypeAllOf = List.copyOf(imageTypeAllOf);
        imageTypeAnyOf = List.copyOf(imageTypeAnyOf);
        orientations = Set.copyOf(orientations);
        bodyPartsExamined = List.copyOf(bodyPartsExamined);
        callingAeTitles = List.copyOf(callingAeTitles);
        Objects.requireNonNull(modelId, "modelId is null");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("routing rule " + id + ": model id is blank");
        }
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(quietPeriod, "quietPeriod is null");
        quietPeriod.ifPresent(q -> {
            if (q.isNegative() || q.isZero()) {
                throw new IllegalArgumentException("routing rule " + id + ": quiet period " + q + " must be positive");
            }
        });
        Objects.requireNonNull(instanceCount, "instanceCount is null");
        instanceCount.ifPresent(c -> {
            if (c < 1) {
                throw new IllegalArgumentException("routing rule " + id + ": instance count " + c + " must be >= 1");
            }
        });
    }

    /**
     * A rule that matches every series and sends it to {@code modelId}; refine it with {@link #toBuilder()}.
     *
     * @param id the rule id
     * @param modelId the model
     * @return the builder
     */
    public static Builder builder(String id, String modelId) {
        return new Builder(id, modelId);
    }

    /**
     * A builder initialised from this rule.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id, modelId);
        b.modalities = modalities;
        b.sopClassUids = sopClassUids;
        b.seriesDescriptionRegex = seriesDescriptionRegex;
        b.imageTypeAllOf = imageTypeAllOf;
        b.imageTypeAnyOf = imageTypeAnyOf;
        b.orientations = orientations;
        b.bodyPartsExamined = bodyPartsExamined;
        b.callingAeTitles = callingAeTitles;
        b.destinations = destinations;
        b.quietPeriod = quietPeriod;
        b.instanceCount = instanceCount;
        return b;
    }

    static Pattern compile(String id, String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "routing rule " + id + ": invalid series description regex: " + e.getDescription(), e);
        }
    }

    /** Mutable builder for {@link RoutingRule}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String modelId;
        private List<String> modalities = List.of();
        private List<String> sopClassUids = List.of();
        private Optional<String> seriesDescriptionRegex = Optional.empty();
        private List<String> imageTypeAllOf = List.of();
        private List<String> imageTypeAnyOf = List.of();
        private Set<Orientation> orientations = Set.of();
        private List<String> bodyPartsExamined = List.of();
        private List<String> callingAeTitles = List.of();
        private List<Destination> destinations = List.of();
        private Optional<Duration> quietPeriod = Optional.empty();
        private OptionalInt instanceCount = OptionalInt.empty();

        private Builder(String id, String modelId) {
            this.id = id;
            this.modelId = modelId;
        }

        /**
         * Sets {@code modalities}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder modalities(String... v) {
            modalities = List.of(v);
            return this;
        }

        /**
         * Sets {@code sopClassUids}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder sopClassUids(String... v) {
            sopClassUids = List.of(v);
            return this;
        }

        /**
         * Sets {@code seriesDescriptionRegex}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder seriesDescriptionRegex(String v) {
            seriesDescriptionRegex = Optional.of(v);
            return this;
        }

        /**
         * Sets {@code imageTypeAllOf}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder imageTypeAllOf(String... v) {
            imageTypeAllOf = List.of(v);
            return this;
        }

        /**
         * Sets {@code imageTypeAnyOf}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder imageTypeAnyOf(String... v) {
            imageTypeAnyOf = List.of(v);
            return this;
        }

        /**
         * Sets {@code orientations}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder orientations(Orientation... v) {
            orientations = Set.of(v);
            return this;
        }

        /**
         * Sets {@code bodyPartsExamined}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder bodyPartsExamined(String... v) {
            bodyPartsExamined = List.of(v);
            return this;
        }

        /**
         * Sets {@code callingAeTitles}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder callingAeTitles(String... v) {
            callingAeTitles = List.of(v);
            return this;
        }

        /**
         * Sets {@code destinations}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder destinations(Destination... v) {
            destinations = List.of(v);
            return this;
        }

        /**
         * Sets {@code quietPeriod}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder quietPeriod(Duration v) {
            quietPeriod = Optional.of(v);
            return this;
        }

        /**
         * Sets {@code instanceCount}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder instanceCount(int v) {
            instanceCount = OptionalInt.of(v);
            return this;
        }

        /**
         * Builds and validates the rule.
         *
         * @return the rule
         */
        public RoutingRule build() {
            return new RoutingRule(
                    id,
                    modalities,
                    sopClassUids,
                    seriesDescriptionRegex,
                    imageTypeAllOf,
                    imageTypeAnyOf,
                    orientations,
                    bodyPartsExamined,
                    callingAeTitles,
                    modelId,
                    destinations,
                    quietPeriod,
                    instanceCount);
        }
    }
}
