package org.myoscreen.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolved configuration: a value (or absence) for every key, with where each came from, plus
 * the structured sections of the configuration file (such as {@code rules}). Immutable.
 */
public final class Settings {
    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, String> origins;
    private final Map<String, JsonNode> sections;
    private final Optional<Path> configFile;

    Settings(
            Map<ConfigKey<?>, Object> values,
            Map<ConfigKey<?>, String> origins,
            Map<String, JsonNode> sections,
            Optional<Path> configFile) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
        this.sections = Map.copyOf(sections);
        this.configFile = configFile;
    }

    /** The configuration file that was read, if any. */
    public Optional<Path> configFile() {
        return configFile;
    }

    /** The value of a key that has a default, or was configured. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("configuration key " + key.name() + " has no value");
        }
        return (T) v;
    }

    /** The value of a key without default: empty when not configured. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(ConfigKey<T> key) {
        return Optional.ofNullable((T) values.get(key));
    }

    /** Where the key's value came from: default, a file, the environment or a flag. */
    public String origin(ConfigKey<?> key) {
        return origins.getOrDefault(key, "default");
    }

    /** A structured section of the configuration file, e.g. {@code rules}. */
    public Optional<JsonNode> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }
}
