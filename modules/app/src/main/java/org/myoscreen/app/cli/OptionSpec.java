package org.myoscreen.app.cli;

import java.util.Objects;

/**
 * One command-line option: its long name (without dashes), the placeholder of its value (empty
 * for a flag without value), whether it may repeat, and the one-line help text.
 */
public record OptionSpec(String name, String valueName, boolean repeatable, String help) {
    public OptionSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(valueName, "valueName is null");
        Objects.requireNonNull(help, "help is null");
        if (name.isEmpty() || name.startsWith("-")) {
            throw new IllegalArgumentException("option name must be given without dashes: " + name);
        }
    }

    /** An option that takes one value. */
    public static OptionSpec value(String name, String valueName, String help) {
        return new OptionSpec(name, valueName, false, help);
    }

    /** An option that takes one value and may be given several times. */
    public static OptionSpec repeatable(String name, String valueName, String help) {
        return new OptionSpec(name, valueName, true, help);
    }

    /** A flag: present or absent, no value. */
    public static OptionSpec flag(String name, String help) {
        return new OptionSpec(name, "", false, help);
    }

    public boolean takesValue() {
        return !valueName.isEmpty();
    }

    /** The left column of the help text, e.g. {@code --port N}. */
    public String synopsis() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }
}
