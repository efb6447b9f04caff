package org.myoscreen.pipeline.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link StowRsSender} authenticates to a DICOMweb server: not at all, with a bearer token (RFC 6750)
 * or with HTTP basic authentication (RFC 7617). Immutable. {@link #toString()} names the scheme only, so
 * that logging this object never reveals a secret.
 */
public final class StowRsAuth {
    private static final StowRsAuth NONE = new StowRsAuth("none", Optional.empty());

    private final String scheme;
    private final Optional<String> authorization;

    private StowRsAuth(String scheme, Optional<String> authorization) {
        this.scheme = scheme;
        this.authorization = authorization;
    }

    /** No Authorization header. */
    public static StowRsAuth none() {
        return NONE;
    }

    /**
     * {@code Authorization: Bearer TOKEN}.
     *
     * @throws IllegalArgumentException when the token is blank or holds whitespace or control characters
     */
    public static StowRsAuth bearer(String token) {
        Objects.requireNonNull(token, "token is null");
        if (token.isBlank() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            throw new IllegalArgumentException("bearer token must be non-empty printable ASCII without spaces");
        }
        return new StowRsAuth("bearer", Optional.of("Bearer " + token));
    }

    /**
     * {@code Authorization: Basic base64(user:password)}, UTF-8.
     *
     * @throws IllegalArgumentException when the user name is empty or holds a colon
     */
    public static StowRsAuth basic(String user, String password) {
        Objects.requireNonNull(user, "user is null");
        Objects.requireNonNull(password, "password is null");
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("basic auth user name must be non-empty and hold no colon");
        }
        String pair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new StowRsAuth("basic", Optional.of("Basic " + pair));
    }

    /** The Authorization header's value; empty for {@link #none()}. Never log it. */
    Optional<String> authorization() {
        return authorization;
    }

    /** {@code none}, {@code bearer} or {@code basic}: the scheme, never the secret. */
    @Override
    public String toString() {
        return scheme;
    }
}
