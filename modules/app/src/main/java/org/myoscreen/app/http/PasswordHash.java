package org.myoscreen.app.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password hash as the configuration holds it: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash
 * in base64 (PBKDF2 with HMAC-SHA-256, RFC 8018), the same as Python's {@code hashlib.pbkdf2_hmac}
 * makes. Immutable and thread-safe.
 *
 * @param iterations PBKDF2 iterations (at least 10,000)
 * @param salt the salt (at least 8 bytes)
 * @param hash the derived key (at least 16 bytes)
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int MIN_ITERATIONS = 10_000;

    /** Checks the sizes. */
    public PasswordHash {
        if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("password hash too weak: needs at least " + MIN_ITERATIONS
                    + " iterations, 8 bytes of salt and 16 bytes of hash");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /**
     * Parses the configuration's text.
     *
     * @param text {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}
     * @return the hash
     * @throws IllegalArgumentException naming what is wrong (never echoing the text)
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("expected " + SCHEME + "$ITERATIONS$SALT$HASH");
        }
        try {
            return new PasswordHash(
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations is not a number", e);
        }
    }

    /**
     * The configuration key's validation.
     *
     * @param text the configured value
     * @return what is wrong, or empty
     */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Hashes a password with a fresh salt (tests and documentation examples).
     *
     * @param password the password
     * @param iterations PBKDF2 iterations
     * @return the configuration text
     */
    public static String create(String password, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, 32);
        return SCHEME + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    /**
     * Whether a password matches, compared in constant time.
     *
     * @param password the password offered
     * @return true when it matches
     */
    public boolean matches(String password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int lengthBytes) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, lengthBytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        // never print the hash into logs or error messages
        return SCHEME + "$" + iterations + "$…";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p
                && iterations == p.iterations
                && MessageDigest.isEqual(salt, p.salt)
                && MessageDigest.isEqual(hash, p.hash);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }
}
