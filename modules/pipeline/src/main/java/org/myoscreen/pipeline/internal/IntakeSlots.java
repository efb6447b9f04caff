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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.myoscreen.volume.Sha256;

/**
 * Intake slots: empty files in the spool's {@code .incoming/} folder whose names were made durable (one folder
 * fsync per batch) before any instance is written into them. An instance written into a slot and fdatasynced
 * can be found again after a crash without any further folder fsync, so one sync per instance is enough before
 * Success (decision 0016).
 *
 * <p>A slot holds a whole Part 10 file. Its 128-byte preamble, which PS3.10 section 7.1 leaves to the
 * implementation, carries the completeness marker: {@link #MAGIC}, the file length and the CRC-32C of the file
 * as written with a zero preamble. After a crash, a slot whose marker matches its content is a complete instance
 * (written before the fdatasync that preceded its Success, or at least before the crash); anything else was never
 * acknowledged and is discarded. The marker stays in the stored file; readers skip the preamble.
 *
 * <p>Thread-safe.
 */
public final class IntakeSlots {

    /** Name prefix of slot files. */
    public static final String PREFIX = ".slot-";
    /** First bytes of a completed slot's preamble. */
    static final byte[] MAGIC = "MYOSCREEN-SLOT-1".getBytes(StandardCharsets.US_ASCII);
    /** Length of the Part 10 preamble. */
    public static final int PREAMBLE = 128;

    private static final int BATCH = 16;

    private final Path dir;
    private final ConcurrentLinkedQueue<Path> free = new ConcurrentLinkedQueue<>();
    private final Object refill = new Object();

    /**
     * @param dir the folder of the slots (the spool's {@code .incoming/}); must exist
     */
    public IntakeSlots(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir is null");
    }

    /**
     * Hands out an empty slot whose name is durable. When none is left, creates a batch of them and fsyncs the
     * folder once.
     *
     * @return the slot file (empty, exists)
     * @throws IOException when slots cannot be created or the folder cannot be forced
     */
    public Path take() throws IOException {
        Path slot = free.poll();
        if (slot != null) {
            return slot;
        }
        synchronized (refill) {
            slot = free.poll();
            if (slot != null) {
                return slot;
            }
            List<Path> made = new ArrayList<>(BATCH);
            try {
                for (int i = 0; i < BATCH; i++) {
                    Path p = dir.resolve(PREFIX + UUID.randomUUID() + ".dcm");
                    Files.createFile(p);
                    made.add(p);
                }
                AtomicFiles.fsyncDirectory(dir);
            } catch (IOException e) {
                made.forEach(AtomicFiles::deleteQuietly);
                throw e;
            }
            free.addAll(made.subList(1, made.size()));
            return made.get(0);
        }
    }

    /**
     * The preamble of a complete slot: the marker followed by zeros.
     *
     * @param lengthBytes the whole file's length
     * @param crc32c the CRC-32C of the whole file written with a zero preamble
     * @return 128 bytes
     */
    public static byte[] preamble(long lengthBytes, int crc32c) {
        ByteBuffer b = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putLong(lengthBytes).putInt(crc32c);
        return b.array();
    }

    /**
     * Writes the completeness marker into the file's preamble (positional write; no sync).
     *
     * @param ch the slot, opened for writing
     * @param preamble from {@link #preamble}
     * @throws IOException when the write fails
     */
    public static void writePreamble(FileChannel ch, byte[] preamble) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(preamble);
        long at = 0;
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    /**
     * True when the file's preamble holds a marker that matches its length and content.
     *
     * @param file a slot
     * @return whether it is a complete instance
     * @throws IOException when it cannot be read
     */
    public static boolean isComplete(Path file) throws IOException {
        long size = Files.size(file);
        if (size <= PREAMBLE) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PREAMBLE);
            Optional<Marker> marker = Marker.in(head);
            if (marker.isEmpty() || marker.get().lengthBytes() != size) {
                return false;
            }
            return marker.get().matches(Content.after(head, in, Optional.empty()));
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
    private record Marker(long lengthBytes, int crc32c) {

        static Optional<Marker> in(byte[] head) {
            if (head.length != PREAMBLE || !Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(head, MAGIC.length, 12).order(ByteOrder.LITTLE_ENDIAN);
            return Optional.of(new Marker(b.getLong(), b.getInt()));
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

    /**
     * True for a slot not written into yet (an empty slot file): no instance, nothing to recover.
     *
     * @param file any file
     * @return whether it is a free slot
     * @throws IOException when its size cannot be read
     */
    public static boolean isFree(Path file) throws IOException {
        return file.getFileName().toString().startsWith(PREFIX) && Files.size(file) == 0;
    }

    /**
     * The slots present in {@code dir} (free or filled), for recovery at start-up.
     *
     * @param dir the folder
     * @return the slot files, sorted by name
     * @throws IOException when the folder cannot be listed
     */
    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .sorted()
                    .toList();
        }
    }
}
