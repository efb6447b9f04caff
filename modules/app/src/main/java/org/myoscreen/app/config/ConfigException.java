package org.myoscreen.app.config;

import org.myoscreen.app.cli.UsageException;

/**
 * A configuration value that cannot be used. The message is one line naming the key, where the
 * value came from and what is wrong; start-up stops with exit code 2.
 */
public final class ConfigException extends UsageException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String source, String problem) {
        super("configuration: " + key + " (from " + source + "): " + problem);
        this.key = key;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
