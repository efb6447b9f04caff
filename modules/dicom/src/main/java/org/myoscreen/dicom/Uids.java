package org.myoscreen.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * UID generation and validation (PS3.5 section 9) and the SOP Class UIDs myoscreen uses (PS3.4 annex B, PS3.6 annex A).
 *
 * <p>Generated UIDs use the {@code 2.25} root with a UUID written as an unsigned decimal integer
 * (PS3.5 section B.2), so no registered organisation root is needed. Thread-safe.
 */
public final class Uids {

    /** Verification SOP Class (C-ECHO). */
    public static final String VERIFICATION = "1.2.840.10008.1.1";
    /** MR Image Storage. */
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    /** Enhanced MR Image Storage. */
    public static final String ENHANCED_MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4.1";
    /** Secondary Capture Image Storage. */
    public static final String SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7";
    /** Segmentation Storage. */
    public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    /** Comprehensive 3D SR Storage. */
    public static final String COMPREHENSIVE_3D_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.34";
    /** CT Image Storage. */
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    /** Namespace of name-based UIDs (a fixed random UUID chosen for myoscreen). */
    private static final UUID NAMESPACE = UUID.fromString("0e5c3a2e-6f2b-4a58-9c1d-7d3b5e8f4a61");

    private Uids() {}

    /**
     * Creates a new random UID: {@code 2.25.} and a random (version 4) UUID as decimal.
     *
     * @return a UID of at most 44 characters
     */
    public static String newUid() {
        return fromUuid(UUID.randomUUID());
    }

    /**
     * Derives a UID deterministically from a name: a name-based UUID (version 5, SHA-1, RFC 4122
     * section 4.3) in a myoscreen namespace, written under {@code 2.25}. Equal names give equal UIDs.
     *
     * @param name any text, e.g. a job key and model version
     * @return a UID of at most 44 characters
     */
    public static String fromName(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3F) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return fromUuid(new UUID(b.getLong(), b.getLong()));
    }

    /**
     * Writes a UUID as a UID under the {@code 2.25} root (PS3.5 section B.2).
     *
     * @param uuid any UUID
     * @return {@code 2.25.} followed by the UUID as an unsigned decimal integer
     */
    public static String fromUuid(UUID uuid) {
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /**
     * Checks a UID against PS3.5 section 9.1: 1 to 64 characters, components of digits separated by
     * single dots, no component with a leading zero (a single "0" is allowed).
     *
     * @param uid the candidate, without padding
     * @return true when valid
     */
    public static boolean isValid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            return false;
        }
        int componentStart = 0;
        for (int i = 0; i <= uid.length(); i++) {
            if (i == uid.length() || uid.charAt(i) == '.') {
                int length = i - componentStart;
                if (length == 0 || (length > 1 && uid.charAt(componentStart) == '0')) {
                    return false;
                }
                componentStart = i + 1;
            } else if (uid.charAt(i) < '0' || uid.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
