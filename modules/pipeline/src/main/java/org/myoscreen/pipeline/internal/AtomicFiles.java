package org.myoscreen.pipeline.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Durable small-file writes: write a temporary file beside the target, force it to disk, rename it over
 * the target atomically, force the directory. A crash leaves either the old or the new content, and at
 * worst a {@code .tmp-} file that readers ignore and {@link #deleteTempFiles} removes.
 */
public final class AtomicFiles {

    /** Prefix of temporary files; readers skip names starting with it. */
    public static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {}

    /**
     * Writes {@code content} to {@code target} durably (see class comment).
     *
     * @param target the file
     * @param content its new content
     */
    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            moveAtomically(tmp, target);
            fsyncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames {@code source} to {@code target} atomically, replacing the target.
     *
     * @param source the file to move
     * @param target its new name
     * @throws IOException when the rename fails or is not atomic
     */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system of " + target + " cannot rename atomically", e);
        }
    }

    /**
     * Forces a directory's entries to disk so that a rename or delete in it survives a crash. File systems
     * that cannot open a directory for reading (not Linux) are tolerated.
     *
     * @param dir the directory
     * @throws IOException when it cannot be forced
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    /**
     * Deletes temporary files left in {@code dir} by an earlier crash; returns how many.
     *
     * @param dir the directory
     * @return the number of files deleted
     */
    public static int deleteTempFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (var s = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : s) {
                if (Files.deleteIfExists(p)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temporary files in " + dir, e);
        }
        return n;
    }

    /**
     * Deletes a file, ignoring errors (used on paths that are already failing).
     *
     * @param p the file
     */
    public static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the caller is already reporting the original failure; a leftover temp file is cleaned at start-up
        }
    }
}
