package org.myoscreen.pipeline.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where results are sent, in one of two forms that {@link #parse} reads and {@link #toString} writes:
 * a DICOM peer {@code AE@HOST:PORT} (C-STORE, PS3.7) or a DICOMweb origin server
 * {@code stow+http://HOST:PORT/PATH} / {@code stow+https://HOST:PORT/PATH} (STOW-RS, PS3.18 10.5), where
 * PATH is the service's base (the part before {@code /studies}). Immutable.
 *
 * <p>Credentials never appear in a destination (it is logged and written to the outbox and the job
 * files); a STOW-RS URL with user information, a query or a fragment is refused.
 *
 * @param aeTitle the called AE title of a DIMSE peer, 1–16 characters, no backslash or control characters
 *     (PS3.5 AE VR); empty for a STOW-RS destination
 * @param host host name or IP address
 * @param port TCP port, 1–65535
 * @param stowRsBase the DICOMweb service base ({@code http(s)://HOST:PORT/PATH}, no trailing slash) of a
 *     STOW-RS destination; empty for a DIMSE peer
 */
public record Destination(String aeTitle, String host, int port, Optional<URI> stowRsBase) {

    /** How results reach a destination. */
    public enum Kind {
        /** C-STORE over a DICOM association ({@link DicomSender}). */
        DIMSE,
        /** HTTP POST of a multipart/related body to {@code {base}/studies/{uid}} ({@link StowRsSender}). */
        STOW_RS
    }

    private static final String STOW_PREFIX = "stow+";

    /**
     * Validates the AE title, host and port, or the STOW-RS base.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public Destination {
        Objects.requireNonNull(aeTitle, "aeTitle is null");
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(stowRsBase, "stowRsBase is null");
        if (stowRsBase.isPresent()) {
            if (!aeTitle.isEmpty()) {
                throw new IllegalArgumentException("a STOW-RS destination has no AE title, got '" + aeTitle + "'");
            }
        } else {
            String trimmed = aeTitle.strip();
            if (trimmed.isEmpty()
                    || aeTitle.length() > 16
                    || aeTitle.chars().anyMatch(c -> c == '\\' || c < 0x20 || c > 0x7E)) {
                throw new IllegalArgumentException(
                        "invalid AE title '" + aeTitle + "' (1-16 printable characters, no backslash)");
            }
            aeTitle = trimmed;
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid host '" + host + "' for destination " + aeTitle);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535 for destination " + aeTitle);
        }
    }

    /**
     * A DICOM peer (C-STORE).
     *
     * @param aeTitle the called AE title, 1–16 characters, no backslash or control characters (PS3.5 AE VR)
     * @param host host name or IP address
     * @param port TCP port, 1–65535
     */
    public Destination(String aeTitle, String host, int port) {
        this(aeTitle, host, port, Optional.empty());
    }

    /**
     * A DICOMweb STOW-RS service.
     *
     * @param base {@code http://HOST[:PORT]/PATH} or {@code https://...}: the service base, without credentials,
     *     query or fragment; a trailing slash is dropped; the port defaults to 80 or 443
     * @return the destination
     * @throws IllegalArgumentException naming what is wrong with the URL
     */
    public static Destination stowRs(URI base) {
        Objects.requireNonNull(base, "base is null");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("STOW-RS destination '" + base + "' is not http:// or https://");
        }
        if (base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("STOW-RS destination must not carry credentials; configure "
                    + "dicomweb.username/password or dicomweb.bearer-token instead");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("STOW-RS destination '" + base + "' must not have a query or fragment");
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("STOW-RS destination '" + base + "' has no host");
        }
        int port = base.getPort() >= 0 ? base.getPort() : scheme.equals("https") ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = base.getHost();
        URI normal;
        try {
            normal = new URI(scheme + "://"
                    + (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("STOW-RS destination '" + base + "': " + e.getMessage(), e);
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new Destination("", bareHost, port, Optional.of(normal));
    }

    /**
     * Parses {@code AE@HOST:PORT} (IPv6 hosts in brackets: {@code AE@[::1]:104}) or
     * {@code stow+http(s)://HOST:PORT/PATH}.
     *
     * @param text the destination
     * @return the destination
     * @throws IllegalArgumentException naming the text and what is wrong
     */
    public static Destination parse(String text) {
        Objects.requireNonNull(text, "text is null");
        if (text.regionMatches(true, 0, STOW_PREFIX, 0, STOW_PREFIX.length())) {
            try {
                return stowRs(new URI(text.substring(STOW_PREFIX.length())));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("destination '" + text + "' is not a URL: " + e.getMessage(), e);
            }
        }
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    "destination '" + text + "' is not AE@HOST:PORT or stow+http(s)://HOST:PORT/PATH");
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

    /** How results reach this destination. */
    public Kind kind() {
        return stowRsBase.isPresent() ? Kind.STOW_RS : Kind.DIMSE;
    }

    /** {@code AE@HOST:PORT} or {@code stow+http(s)://HOST:PORT/PATH}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        if (stowRsBase.isPresent()) {
            return STOW_PREFIX + stowRsBase.get();
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return aeTitle + "@" + h + ":" + port;
    }
}
