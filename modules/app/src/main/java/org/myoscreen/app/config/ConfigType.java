package org.myoscreen.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a configuration value is written and parsed. Each type parses the text form used by flags,
 * environment variables and scalar YAML values; a failure throws {@link IllegalArgumentException}
 * whose message says what was expected (the caller adds the key's name).
 *
 * @param <T> the parsed value's type
 */
public final class ConfigType<T> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE =
            Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?", Pattern.CASE_INSENSITIVE);

    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final boolean list;

    private ConfigType(String description, Function<String, T> parser, Function<T, String> formatter, boolean list) {
        this.description = description;
        this.parser = parser;
        this.formatter = formatter;
        this.list = list;
    }

    public String description() {
        return description;
    }

    public boolean isList() {
        return list;
    }

    public T parse(String text) {
        return parser.apply(text.strip());
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    public static final ConfigType<String> STRING = new ConfigType<>("string", s -> s, s -> s, false);

    public static final ConfigType<Integer> INT = new ConfigType<>(
            "integer",
            s -> {
                try {
                    return Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected an integer, got '" + s + "'");
                }
            },
            String::valueOf,
            false);

    public static final ConfigType<Boolean> BOOLEAN = new ConfigType<>(
            "true|false",
            s -> {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true":
                    case "yes":
                    case "on":
                        return true;
                    case "false":
                    case "no":
                    case "off":
                        return false;
                    default:
                        throw new IllegalArgumentException("expected true or false, got '" + s + "'");
                }
            },
            String::valueOf,
            false);

    /** Decimal numbers such as {@code 2} or {@code 1.5}; finite. */
    public static final ConfigType<Double> DECIMAL = new ConfigType<>(
            "decimal number",
            s -> {
                try {
                    double d = Double.parseDouble(s);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a decimal number, got '" + s + "'");
                }
            },
            d -> d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d),
            false);

    /** Durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT30S}. */
    public static final ConfigType<Duration> DURATION_TYPE = new ConfigType<>(
            "duration (500ms, 30s, 5m, 2h, 1d)", ConfigType::parseDuration, ConfigType::formatDuration, false);

    /** Byte sizes as {@code 512MB}, {@code 2GiB} or a plain number of bytes. */
    public static final ConfigType<Long> SIZE_BYTES =
            new ConfigType<>("size (bytes, or 500MB, 2GiB)", ConfigType::parseSize, String::valueOf, false);

    /** A list of strings: a YAML list, or comma-separated text in flags and the environment. */
    public static final ConfigType<List<String>> STRING_LIST = new ConfigType<>(
            "list (comma-separated in the environment)",
            s -> {
                List<String> out = new ArrayList<>();
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
                return List.copyOf(out);
            },
            l -> String.join(",", l),
            true);

    /** One of a fixed set of lower-case words. */
    public static ConfigType<String> oneOf(String... choices) {
        Set<String> allowed = Set.of(choices);
        return new ConfigType<>(
                String.join("|", choices),
                s -> {
                    String v = s.toLowerCase(Locale.ROOT);
                    if (!allowed.contains(v)) {
                        throw new IllegalArgumentException(
                                "expected one of " + String.join(", ", choices) + ", got '" + s + "'");
                    }
                    return v;
                },
                s -> s,
                false);
    }

    static Duration parseDuration(String s) {
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a duration such as 30s, got '" + s + "'");
            }
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 2h or 1d, got '" + s + "'");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms > 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0 && ms > 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0 && ms > 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    static long parseSize(String s) {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 500MB or 2GiB, got '" + s + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor;
        switch (unit) {
            case "B":
                factor = 1L;
                break;
            case "KB":
                factor = 1000L;
                break;
            case "MB":
                factor = 1000L * 1000;
                break;
            case "GB":
                factor = 1000L * 1000 * 1000;
                break;
            case "TB":
                factor = 1000L * 1000 * 1000 * 1000;
                break;
            case "KIB":
                factor = 1L << 10;
                break;
            case "MIB":
                factor = 1L << 20;
                break;
            case "GIB":
                factor = 1L << 30;
                break;
            default:
                factor = 1L << 40;
                break;
        }
        return Math.multiplyExact(n, factor);
    }
}
