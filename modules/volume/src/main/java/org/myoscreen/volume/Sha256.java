package org.myoscreen.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a file, as lower-case hex: the one implementation behind model package checksums
 * (inference) and the spooled-instance hashes that jobs carry (pipeline). It lives here because
 * {@code volume} is the lowest module both may depend on ({@code inference} must not use
 * {@code dicom}); each caller maps {@link IOException} to its own exception.
 */
public final class Sha256 {

    private Sha256() {}

    /**
     * A fresh SHA-256 digest, for callers that hash while they read for another purpose.
     *
     * @return a new digest (not thread-safe, like every {@link MessageDigest})
     */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Reads the file once and returns its SHA-256.
     *
     * @param file the file to hash
     * @return 64 lower-case hex digits
     * @throws IOException when the file cannot be opened or read (a {@link java.nio.file.NoSuchFileException}
     *     when it is absent)
     */
    public static String ofFile(Path file) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
