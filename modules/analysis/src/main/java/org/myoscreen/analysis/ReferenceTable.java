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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference population table: per sex and age band, mean and SD of IMAT % and of the LMM index.
 * Loaded from YAML ({@code conf/reference/provisional.yml}; format in docs/reference-population.md).
 * Immutable and thread-safe.
 *
 * @param name short name written with every z-score (for example {@code "provisional-2026.1"})
 * @param provisional true for the shipped table that is not a measured population
 * @param strata the strata
 */
public record ReferenceTable(String name, boolean provisional, List<Stratum> strata) {

    /**
     * Mean and standard deviation.
     *
     * @param mean mean
     * @param sd standard deviation (positive)
     */
    public record Stat(double mean, double sd) {
        /** Validates a positive SD. */
        public Stat {
            if (!(sd > 0) || !Double.isFinite(mean)) {
                throw new IllegalArgumentException(
                        "reference needs a finite mean and a positive SD: " + mean + ", " + sd);
            }
        }

        /** {@code (value − mean) / sd}. */
        public double z(double value) {
            return (value - mean) / sd;
        }
    }

    /**
     * One stratum.
     *
     * @param sex sex
     * @param ageMin lowest age in years (inclusive)
     * @param ageMax highest age in years (inclusive)
     * @param imatPercent IMAT % distribution
     * @param lmmIndex LMM index (cm³ per kg/m²) distribution
     */
    public record Stratum(Sex sex, int ageMin, int ageMax, Stat imatPercent, Stat lmmIndex) {
        /** Validates the age band. */
        public Stratum {
            Objects.requireNonNull(sex, "sex is null");
            if (ageMin < 0 || ageMax < ageMin) {
                throw new IllegalArgumentException("bad age band " + ageMin + "-" + ageMax);
            }
        }

        /** Label such as {@code "M 50-59"}. */
        public String label() {
            return sex + " " + ageMin + "-" + ageMax;
        }
    }

    /** Copies the strata and rejects overlapping bands. */
    public ReferenceTable {
        Objects.requireNonNull(name, "name is null");
        strata = List.copyOf(strata);
        for (int a = 0; a < strata.size(); a++) {
            for (int b = a + 1; b < strata.size(); b++) {
                Stratum x = strata.get(a);
                Stratum y = strata.get(b);
                if (x.sex() == y.sex() && x.ageMin() <= y.ageMax() && y.ageMin() <= x.ageMax()) {
                    throw new IllegalArgumentException("overlapping strata " + x.label() + " and " + y.label());
                }
            }
        }
    }

    /** The stratum for {@code sex} and {@code age}, if the table has one. */
    public Optional<Stratum> stratum(Sex sex, int age) {
        return strata.stream()
                .filter(s -> s.sex() == sex && age >= s.ageMin() && age <= s.ageMax())
                .findFirst();
    }

    /**
     * Reads a table from YAML.
     *
     * @throws IllegalArgumentException when a required key is missing or a value is invalid
     * @throws UncheckedIOException when reading fails
     */
    public static ReferenceTable read(InputStream yaml) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("reference table: expected a mapping");
            }
            List<Stratum> strata = new ArrayList<>();
            for (JsonNode s : required(root, "strata")) {
                strata.add(new Stratum(
                        Sex.valueOf(required(s, "sex").asText()),
                        required(s, "age_min").asInt(),
                        required(s, "age_max").asInt(),
                        stat(required(s, "imat_percent")),
                        stat(required(s, "lmm_index"))));
            }
            return new ReferenceTable(
                    required(root, "name").asText(), root.path("provisional").asBoolean(false), strata);
        } catch (IOException e) {
            throw new UncheckedIOException("reading reference table", e);
        }
    }

    /** Reads a table from a YAML file. */
    public static ReferenceTable read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading reference table " + file, e);
        }
    }

    private static Stat stat(JsonNode n) {
        return new Stat(required(n, "mean").asDouble(), required(n, "sd").asDouble());
    }

    static JsonNode required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return v;
    }
}
