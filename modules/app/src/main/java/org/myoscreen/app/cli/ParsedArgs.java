package org.myoscreen.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command line parsed against a list of {@link OptionSpec}s: the options in the order given and
 * the positional arguments. {@code --name value} and {@code --name=value} are both accepted;
 * {@code --} ends the options. Unknown options and missing values are {@link UsageException}s.
 */
public final class ParsedArgs {
    private final Map<String, List<String>> options;
    private final List<String> positionals;

    private ParsedArgs(Map<String, List<String>> options, List<String> positionals) {
        this.options = options;
        this.positionals = positionals;
    }

    /** Parses {@code args} for the command named {@code command} (used in error messages). */
    public static ParsedArgs parse(String command, List<String> args, List<OptionSpec> specs) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("--") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            OptionSpec spec = byName.get(name);
            if (spec == null) {
                throw new UsageException(
                        command + ": unknown option --" + name + " (see myoscreen " + command + " --help)");
            }
            String value;
            if (!spec.takesValue()) {
                if (inlineValue != null) {
                    throw new UsageException(command + ": option --" + name + " takes no value");
                }
                value = "true";
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(command + ": option --" + name + " needs a value " + spec.valueName());
            }
            List<String> values = options.computeIfAbsent(name, k -> new ArrayList<>());
            if (!spec.repeatable() && !values.isEmpty()) {
                throw new UsageException(command + ": option --" + name + " given more than once");
            }
            values.add(value);
        }
        return new ParsedArgs(options, List.copyOf(positionals));
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public Optional<String> value(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    public List<String> values(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    /** Every option given, by name, in the order first seen. */
    public Map<String, List<String>> options() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    public List<String> positionals() {
        return positionals;
    }

    /**
     * Refuses positional arguments, for commands that take options only.
     *
     * @param command the command's name, for the message
     * @throws UsageException naming the first positional argument
     */
    public void requireNoPositionals(String command) {
        if (!positionals.isEmpty()) {
            throw new UsageException(command + ": unexpected argument '" + positionals.get(0) + "'");
        }
    }
}
