package org.myoscreen.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;

/**
 * Resolves configuration from, lowest to highest precedence: the keys' defaults, the
 * configuration file ({@code --config}, else {@code MYOSCREEN_CONFIG}, else
 * {@code conf/myoscreen.yml} when it exists), {@code MYOSCREEN_…} environment variables and
 * command-line flags. Every problem is a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {
    /** The flag and environment variable that choose the configuration file. */
    public static final String CONFIG_FLAG = "config";

    public static final String CONFIG_ENV = "MYOSCREEN_CONFIG";
    public static final String DEFAULT_CONFIG_FILE = "conf/myoscreen.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<ConfigKey<?>> keys;
    private final Set<String> sectionNames;

    /**
     * @param keys the keys this command knows
     * @param sectionNames top-level file entries that are structured sections (e.g. {@code rules})
     *     and handed over unparsed
     */
    public ConfigLoader(List<ConfigKey<?>> keys, Set<String> sectionNames) {
        this.keys = List.copyOf(keys);
        this.sectionNames = Set.copyOf(sectionNames);
    }

    /** The command-line options that set these keys, plus {@code --config}. */
    public List<OptionSpec> optionSpecs() {
        List<OptionSpec> specs = new ArrayList<>();
        specs.add(OptionSpec.value(
                CONFIG_FLAG,
                "FILE",
                "configuration file (default " + DEFAULT_CONFIG_FILE + "; env " + CONFIG_ENV + ")"));
        for (ConfigKey<?> key : keys) {
            String placeholder = key.type().isList() ? "VALUE" : "VALUE";
            String help = key.documentation()
                    + key.defaultValue()
                            .map(d -> " Default: " + formatDefault(key))
                            .orElse("");
            specs.add(
                    key.type().isList()
                            ? OptionSpec.repeatable(key.name(), placeholder, help)
                            : OptionSpec.value(key.name(), placeholder, help));
        }
        return specs;
    }

    public Settings load(ParsedArgs args, Map<String, String> environment, Path workingDirectory) {
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        Map<ConfigKey<?>, String> origins = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            key.defaultValue().ifPresent(d -> values.put(key, d));
        }
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        java.util.Optional<Path> file = configFile(args, environment, workingDirectory);
        file.ifPresent(f -> readFile(f, values, origins, sections));
        for (ConfigKey<?> key : keys) {
            String text = environment.get(key.environmentVariable());
            if (text != null) {
                String source = "environment " + key.environmentVariable();
                values.put(key, key.parse(text, source));
                origins.put(key, source);
            }
        }
        for (ConfigKey<?> key : keys) {
            List<String> given = args.values(key.name());
            if (!given.isEmpty()) {
                String source = "flag " + key.flag();
                values.put(key, key.parse(String.join(",", given), source));
                origins.put(key, source);
            }
        }
        return new Settings(values, origins, sections, file);
    }

    private java.util.Optional<Path> configFile(
            ParsedArgs args, Map<String, String> environment, Path workingDirectory) {
        if (args.value(CONFIG_FLAG).isPresent()) {
            return java.util.Optional.of(
                    existing(workingDirectory.resolve(args.value(CONFIG_FLAG).get()), "flag --" + CONFIG_FLAG));
        }
        String fromEnv = environment.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return java.util.Optional.of(existing(workingDirectory.resolve(fromEnv), "environment " + CONFIG_ENV));
        }
        Path fallback = workingDirectory.resolve(DEFAULT_CONFIG_FILE);
        return Files.isRegularFile(fallback) ? java.util.Optional.of(fallback) : java.util.Optional.empty();
    }

    private static Path existing(Path file, String source) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config", source, "no such file: " + file);
        }
        return file;
    }

    private void readFile(
            Path file,
            Map<ConfigKey<?>, Object> values,
            Map<ConfigKey<?>, String> origins,
            Map<String, JsonNode> sections) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new ConfigException(
                    "config", file.toString(), "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config", file.toString(), "cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException("config", file.toString(), "the top level must be a mapping");
        }
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        keys.forEach(k -> byName.put(k.name(), k));
        flatten("", root, file, byName, values, origins, sections);
    }

    private void flatten(
            String prefix,
            JsonNode node,
            Path file,
            Map<String, ConfigKey<?>> byName,
            Map<ConfigKey<?>, Object> values,
            Map<ConfigKey<?>, String> origins,
            Map<String, JsonNode> sections) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (prefix.isEmpty() && sectionNames.contains(name)) {
                sections.put(name, value);
                continue;
            }
            ConfigKey<?> key = byName.get(name);
            if (key == null && value.isObject()) {
                flatten(name + ".", value, file, byName, values, origins, sections);
                continue;
            }
            if (key == null) {
                throw new ConfigException(
                        name, file.toString(), "unknown key (known keys: " + String.join(", ", byName.keySet()) + ")");
            }
            if (value.isNull()) {
                continue;
            }
            String text;
            if (value.isArray()) {
                if (!key.type().isList()) {
                    throw new ConfigException(name, file.toString(), "expected a single value, got a list");
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isValueNode()) {
                        throw new ConfigException(name, file.toString(), "list items must be plain values");
                    }
                    items.add(item.asText());
                }
                text = String.join(",", items);
            } else if (value.isValueNode()) {
                text = value.asText();
            } else {
                throw new ConfigException(name, file.toString(), "expected a value, got a mapping");
            }
            values.put(key, key.parse(text, file.toString()));
            origins.put(key, file.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String formatDefault(ConfigKey<T> key) {
        T value = key.defaultValue().orElseThrow();
        String text = key.type().format(value);
        return text.isEmpty() ? "(none)" : text;
    }

    /** The default of a key in its text form, "(none)" when it has none. */
    static String defaultText(ConfigKey<?> key) {
        return key.defaultValue().isPresent() ? formatDefault(key) : "(none)";
    }
}
