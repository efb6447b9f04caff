package org.myoscreen.pipeline;

import java.util.Objects;

/**
 * A DICOM peer that results are sent to, written {@code AE@HOST:PORT} in configuration. Immutable.
 *
 * @param aeTitle the called AE title, 1–16 characters, no backslash or control characters (PS3.5 AE VR)
 * @param host host name or IP address
 * @param port TCP port, 1–65535
 */
public record Destination(String aeTitle, String host, int port) {

    /**
     * Validates the AE title, host and port.
     *
     * @param aeTitle the called AE title, 1–16 characters, no backslash or control characters (PS3.5 AE VR)
     * @param host host name or IP address
     * @param port TCP port, 1–65535
     */
    public Destination {
        Objects.requireNonNull(aeTitle, "aeTitle is null");
        Objects.requireNonNull(host, "host is null");
        String trimmed = aeTitle.strip();
        if (trimmed.isEmpty() || aeTitle.length() > 16
                || aeTitle.chars().anyMatch(c -> c == '\\' || c < 0x20 || c > 0x7E)) {
            throw new IllegalArgumentException("invalid AE title '" + aeTitle + "' (1-16 printable characters, no backslash)");
        }
        aeTitle = trimmed;
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid host '" + host + "' for AE " + aeTitle);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535 for AE " + aeTitle);
        }
    }

    /**
     * Parses {@code AE@HOST:PORT}; IPv6 hosts are written in brackets ({@code AE@[::1]:104}).
     *
     * @param text the destination
     * @return the destination
     * @throws IllegalArgumentException naming the text and what is wrong
     */
    public static Destination parse(String text) {
        Objects.requireNonNull(text, "text is null");
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("destination '" + text + "' is not AE@HOST:PORT");
        }
        String host = text.substring(at + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("destination '" + text + "' has a non-numeric port", e);
        }
        return new Destination(text.substring(0, at), host, port);
    }

    /** {@code AE@HOST:PORT}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return aeTitle + "@" + h + ":" + port;
    }
}
