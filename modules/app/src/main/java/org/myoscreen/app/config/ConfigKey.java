package org.myoscreen.app.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key, defined once: its name in {@code conf/myoscreen.yml} (dotted for nested
 * keys), the command-line flag ({@code --NAME}) and environment variable
 * ({@code MYOSCREEN_NAME}, dots and dashes as underscores) derived from it, its type, default,
 * validation and documentation. The reference documentation is generated from these definitions.
 *
 * <p>Published names are forever: add keys, never rename them.
 *
 * @param <T> the parsed value's type
 */
public final class ConfigKey<T> {
    private final String name;
    private final ConfigType<T> type;
    private final T defaultValue;
    private final String documentation;
    private final Function<T, Optional<String>> validator;

    private ConfigKey(
            String name,
            ConfigType<T> type,
            T defaultValue,
            String documentation,
            Function<T, Optional<String>> validator) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.type = Objects.requireNonNull(type, "type is null");
        this.defaultValue = defaultValue;
        this.documentation = Objects.requireNonNull(documentation, "documentation is null");
        this.validator = Objects.requireNonNull(validator, "validator is null");
    }

    /** A key with a default value. */
    public static <T> ConfigKey<T> of(String name, ConfigType<T> type, T defaultValue, String documentation) {
        return new ConfigKey<>(
                name,
                type,
                Objects.requireNonNull(defaultValue, "defaultValue is null"),
                documentation,
                v -> Optional.empty());
    }

    /** A key without a default: absent unless configured. */
    public static <T> ConfigKey<T> optional(String name, ConfigType<T> type, String documentation) {
        return new ConfigKey<>(name, type, null, documentation, v -> Optional.empty());
    }

    /** This key with a validation rule: the function returns the problem, or empty when fine. */
    public ConfigKey<T> validatedBy(Function<T, Optional<String>> rule) {
        return new ConfigKey<>(name, type, defaultValue, documentation, rule);
    }

    public String name() {
        return name;
    }

    public ConfigType<T> type() {
        return type;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String documentation() {
        return documentation;
    }

    public String flag() {
        return "--" + name;
    }

    public String environmentVariable() {
        return "MYOSCREEN_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses and validates text from {@code source}; errors name this key and the source. */
    public T parse(String text, String source) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, source, e.getMessage());
        }
        return validate(value, source);
    }

    T validate(T value, String source) {
        Optional<String> problem = validator.apply(value);
        if (problem.isPresent()) {
            throw new ConfigException(name, source, problem.get());
        }
        return value;
    }
}
