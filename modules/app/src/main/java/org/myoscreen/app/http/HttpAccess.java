package org.myoscreen.app.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;

/**
 * Who may use the HTTP side, from {@code http.bind}, {@code http.token}, {@code http.user} and
 * {@code http.password-hash}. On a loopback address without a credential everyone on the machine may; on
 * any other address a credential is required, or {@link #from} refuses (exit code 2). {@code /health} and
 * {@code /metrics} are always open (they carry no patient data); the page and {@code /api/} need the
 * credential when one is configured. Also holds this process's CSRF token for state-changing requests.
 * Immutable and thread-safe.
 *
 * @param bind the HTTP listen address
 * @param token the bearer token, when configured
 * @param user the basic-auth user, when configured (always with a hash)
 * @param passwordHash the user's password hash
 * @param csrfToken a random per-process token that POST requests must echo in {@code X-CSRF-Token}
 */
public record HttpAccess(
        String bind,
        Optional<String> token,
        Optional<String> user,
        Optional<PasswordHash> passwordHash,
        String csrfToken) {

    /** Who a request was authenticated as: {@code anonymous} (loopback without credential), {@code token} or the user. */
    public record Principal(String name) {
        /** Checks for null. */
        public Principal {
            Objects.requireNonNull(name, "name is null");
        }
    }

    /** Checks the combination. */
    public HttpAccess {
        Objects.requireNonNull(bind, "bind is null");
        Objects.requireNonNull(token, "token is null");
        Objects.requireNonNull(user, "user is null");
        Objects.requireNonNull(passwordHash, "passwordHash is null");
        Objects.requireNonNull(csrfToken, "csrfToken is null");
        if (user.isPresent() != passwordHash.isPresent()) {
            throw new IllegalArgumentException("http.user and http.password-hash go together");
        }
    }

    /**
     * The access rules of a node's settings.
     *
     * @param settings the node's settings
     * @return the rules
     * @throws UsageException (exit code 2, one line) when the bind address is not loopback and no credential
     *     is configured, or when only one of http.user and http.password-hash is set
     */
    public static HttpAccess from(Settings settings) {
        String bind = settings.get(NodeConfigKeys.HTTP_BIND);
        Optional<String> token = settings.find(NodeConfigKeys.HTTP_TOKEN);
        Optional<String> user = settings.find(NodeConfigKeys.HTTP_USER);
        Optional<String> hash = settings.find(NodeConfigKeys.HTTP_PASSWORD_HASH);
        if (user.isPresent() != hash.isPresent()) {
            throw new UsageException("configuration: http.user and http.password-hash must be set together (from "
                    + settings.origin(NodeConfigKeys.HTTP_USER) + ", "
                    + settings.origin(NodeConfigKeys.HTTP_PASSWORD_HASH)
                    + ")");
        }
        HttpAccess access = new HttpAccess(bind, token, user, hash.map(PasswordHash::parse), newCsrfToken());
        if (!isLoopback(bind) && !access.requiresCredential()) {
            throw new UsageException("configuration: http.bind " + bind + " (from "
                    + settings.origin(NodeConfigKeys.HTTP_BIND) + ") is not a loopback address, so it needs a "
                    + "credential: set http.token (or MYOSCREEN_HTTP_TOKEN), or http.user and http.password-hash");
        }
        return access;
    }

    /**
     * Open access on a loopback address (tests).
     *
     * @return rules without a credential on 127.0.0.1
     */
    public static HttpAccess loopbackOnly() {
        return new HttpAccess("127.0.0.1", Optional.empty(), Optional.empty(), Optional.empty(), newCsrfToken());
    }

    /** Whether requests to the page and the API must carry a credential. */
    public boolean requiresCredential() {
        return token.isPresent() || user.isPresent();
    }

    /**
     * Checks a request's {@code Authorization} header.
     *
     * @param authorization the header's value, empty when absent
     * @return who it is, or empty when the request must be refused (401)
     */
    public Optional<Principal> authenticate(Optional<String> authorization) {
        if (!requiresCredential()) {
            return Optional.of(new Principal("anonymous"));
        }
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String header = authorization.get().trim();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String offered = header.substring(7).trim();
            return token.filter(t -> constantTimeEquals(t, offered)).map(t -> new Principal("token"));
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String name = decoded.substring(0, colon);
            String password = decoded.substring(colon + 1);
            if (user.isPresent()
                    && user.get().equals(name)
                    && passwordHash.orElseThrow().matches(password)) {
                return Optional.of(new Principal(name));
            }
            // the token also works as a basic-auth password, so that a browser's own login prompt can carry it
            if (token.isPresent() && constantTimeEquals(token.get(), password)) {
                return Optional.of(new Principal(name.isEmpty() ? "token" : name + " (token)"));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a state-changing request carries this process's CSRF token.
     *
     * @param header the {@code X-CSRF-Token} header, empty when absent
     * @return true when it matches
     */
    public boolean csrfValid(Optional<String> header) {
        return header.filter(h -> constantTimeEquals(csrfToken, h)).isPresent();
    }

    /**
     * Whether an address is a loopback address (127.0.0.0/8, ::1, localhost).
     *
     * @param bind the address as configured
     * @return true for loopback
     */
    public static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean constantTimeEquals(String expected, String offered) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
    }

    private static String newCsrfToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        // never print secrets
        return "HttpAccess[bind=" + bind + ", token=" + (token.isPresent() ? "set" : "none") + ", user="
                + user.orElse("none") + "]";
    }
}
