package org.myoscreen.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.myoscreen.volume.Sha256;

/**
 * The completeness marker of a spooled instance, in the 128-byte preamble that PS3.10 section 7.1 leaves to the
 * implementation: {@link #MAGIC}, the file length, the CRC-32C of the file as written with a zero preamble, and a
 * sequence number that orders acknowledgements (later is larger, also across restarts while the clock does not go
 * back; zeros in markers written before it existed). It is written only after the instance was accepted and
 * before its fdatasync, so a file whose marker matches its content is a whole acknowledged instance (decisions
 * 0016 and 0022). The marker stays in the stored file; readers skip the preamble.
 */
public final class CompletenessMarker {

    /** First bytes of a completed slot's preamble. */
    static final byte[] MAGIC = "MYOSCREEN-SLOT-1".getBytes(StandardCharsets.US_ASCII);
    /** Length of the Part 10 preamble. */
    public static final int PREAMBLE = 128;

    private CompletenessMarker() {}

    /** The preamble of a complete slot: the marker followed by zeros. */
    static byte[] of(long lengthBytes, int crc32c, long sequence) {
        ByteBuffer b = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putLong(lengthBytes).putInt(crc32c).putLong(sequence);
        return b.array();
    }

    /**
     * Writes the completeness marker into the file's preamble (positional write; no sync).
     *
     * @param ch the slot, opened for writing
     * @param preamble from {@link IntakeSlots.Slot#marker}
     * @throws IOException when the write fails
     */
    public static void write(FileChannel ch, byte[] preamble) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(preamble);
        long at = 0;
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    /**
     * The sequence of a complete file: its preamble holds a marker that matches its length and content. Reads the
     * file once.
     *
     * @param file a slot
     * @return the marker's sequence, or empty when the file is not a complete instance
     * @throws IOException when it cannot be read
     */
    public static OptionalLong completeSequence(Path file) throws IOException {
        long size = Files.size(file);
        if (size <= PREAMBLE) {
            return OptionalLong.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PREAMBLE);
            Optional<Marker> marker = Marker.in(head);
            if (marker.isEmpty()
                    || marker.get().lengthBytes() != size
                    || !marker.get().matches(Content.after(head, in, Optional.empty()))) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(marker.get().sequence());
        }
    }

    /**
     * The sequence number in a file's completeness marker: which of two complete copies of an instance was
     * acknowledged later. 0 for a file without a marker or with one from before the sequence was written.
     *
     * @param file a slot or a stored instance
     * @return the sequence, or 0
     * @throws IOException when the file cannot be read
     */
    public static long sequenceOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Marker.in(in.readNBytes(PREAMBLE)).map(Marker::sequence).orElse(0L);
        }
    }

    /** Thrown by {@link #sha256Verified} when a file's content no longer matches the marker in its preamble. */
    public static final class ChangedOnDiskException extends IOException {
        ChangedOnDiskException(String message) {
            super(message);
        }
    }

    /**
     * The SHA-256 of the whole file (hex), read once; a file that came through a slot (its preamble holds the
     * marker) is checked against the marker's length and CRC-32C in the same read, so bytes that changed on
     * disk after the instance was acknowledged are found before anyone is handed this hash. A file without the
     * marker (written before decision 0016) is only hashed.
     *
     * @param file a spooled instance
     * @return the hash, lower-case hex
     * @throws ChangedOnDiskException when the marker does not match the file
     * @throws IOException when the file cannot be read
     */
    public static String sha256Verified(Path file) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PREAMBLE);
            Content content = Content.after(head, in, Optional.of(sha));
            Optional<Marker> marker = Marker.in(head);
            if (marker.isPresent() && !marker.get().matches(content)) {
                throw new ChangedOnDiskException(file + " changed on disk since it was received: length "
                        + content.lengthBytes() + " (marker " + marker.get().lengthBytes() + "), CRC-32C "
                        + Integer.toHexString(content.crc32c()) + " (marker "
                        + Integer.toHexString(marker.get().crc32c()) + ")");
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    /** The completeness marker read from a preamble: the file length and CRC-32C it promises. */
    private record Marker(long lengthBytes, int crc32c, long sequence) {

        static Optional<Marker> in(byte[] head) {
            if (head.length != PREAMBLE || !Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return Optional.empty();
            }
            // markers written before the sequence existed have zeros there: older than any that has one
            ByteBuffer b = ByteBuffer.wrap(head, MAGIC.length, 20).order(ByteOrder.LITTLE_ENDIAN);
            return Optional.of(new Marker(b.getLong(), b.getInt(), b.getLong()));
        }

        boolean matches(Content content) {
            return content.lengthBytes() == lengthBytes && content.crc32c() == crc32c;
        }
    }

    /** What a file holds as the marker describes it: its length, and its CRC-32C with a zero preamble. */
    private record Content(long lengthBytes, int crc32c) {

        /** Reads the rest of {@code in}, whose first bytes were {@code head}; {@code sha} sees every byte. */
        static Content after(byte[] head, InputStream in, Optional<MessageDigest> sha) throws IOException {
            CRC32C crc = new CRC32C();
            crc.update(new byte[PREAMBLE]);
            sha.ifPresent(d -> d.update(head));
            long length = head.length;
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
                if (sha.isPresent()) {
                    sha.get().update(buf, 0, n);
                }
                length += n;
            }
            return new Content(length, (int) crc.getValue());
        }
    }
}
