package org.myoscreen.pipeline.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake slots: files in the spool's {@code .incoming/} folder whose names were made durable (one folder fsync per
 * batch) before any instance is written into them. An instance written into a slot and fdatasynced can be found
 * again after a crash without any further sync, so one sync per instance is enough before Success (decision 0016).
 *
 * <p>A slot holds a whole Part 10 file whose preamble carries its {@link CompletenessMarker} once the instance was
 * accepted. After a crash, a slot whose marker matches its content is a complete instance; anything else was
 * never acknowledged and is discarded.
 *
 * <p>An acknowledged instance is hard-linked to its place in the spool and keeps its slot name until the folders
 * on its path have been forced ({@link Slot#release}). A background thread forces them in batches and only then
 * deletes the slot names, so that at every moment of a crash the instance can be reached under a name that is on
 * disk, without relying on a journal to order the link before anything else (decision 0022). The same thread
 * keeps a stock of free slots, so that creating them (and the folder fsync) is off the path of a C-STORE.
 *
 * <p>Thread-safe.
 */
public final class IntakeSlots implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeSlots.class);

    /** Name prefix of slot files. */
    public static final String PREFIX = ".slot-";
    /** Slots made per folder fsync. */
    private static final int BATCH = 32;
    /** Below this many free slots, the background thread makes a batch. */
    private static final int LOW_WATER = 32;
    /** How long released slots are gathered before their folders are forced together. */
    private static final long LINGER_MS = 50;
    /** Pause before forcing folders again after a failure. */
    private static final long RETRY_MS = 1000;

    private final Path dir;
    private final ConcurrentLinkedQueue<Path> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final Object refill = new Object();
    private final ConcurrentLinkedQueue<Released> released = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unreleased = new AtomicInteger();
    private final Object settling = new Object();
    private final AtomicLong lastSequence = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor background;
    private volatile boolean closed;

    /**
     * Slots whose background work (making slots, releasing them) runs on a thread of their own that ends when
     * idle, so that spools nobody closes (tools, tests) leave no thread behind.
     *
     * @param dir the folder of the slots (the spool's {@code .incoming/}); must exist
     */
    public IntakeSlots(Path dir) {
        this(dir, IdleEndingExecutor.named("spool-slots"));
    }

    /**
     * Slots whose background work runs on {@code background} (tests run it by hand).
     *
     * @param dir the folder of the slots (the spool's {@code .incoming/}); must exist
     * @param background runs the rounds that make and release slots; shut down by {@link #close} when it is an
     *     {@link ExecutorService}
     */
    public IntakeSlots(Path dir, Executor background) {
        this.dir = Objects.requireNonNull(dir, "dir is null");
        this.background = Objects.requireNonNull(background, "background is null");
    }

    /** A slot handed out by {@link #take}: deleted on {@link #close} unless its instance was released. */
    public final class Slot implements AutoCloseable {

        private final Path path;
        private boolean released;

        private Slot(Path path) {
            this.path = path;
        }

        /**
         * The slot file.
         *
         * @return its path in {@code .incoming/}
         */
        public Path path() {
            return path;
        }

        /**
         * The completeness marker for this slot's content, with the next sequence number.
         *
         * @param lengthBytes the whole file's length
         * @param crc32c the CRC-32C of the whole file written with a zero preamble
         * @return 128 bytes for the preamble
         */
        public byte[] marker(long lengthBytes, int crc32c) {
            long now = System.currentTimeMillis() * 1000;
            return CompletenessMarker.of(
                    lengthBytes, crc32c, lastSequence.updateAndGet(last -> Math.max(last + 1, now)));
        }

        /**
         * Hands the slot over once its (complete, fdatasynced) file was linked to its place in the spool: the slot
         * name is deleted after {@code folders} (the folders on the new name's path) have been forced, in the
         * background.
         *
         * @param folders the folders whose entries lead to the instance's place
         */
        public void release(List<Path> folders) {
            released = true;
            unreleased.incrementAndGet();
            IntakeSlots.this.released.add(new Released(path, List.copyOf(folders)));
            schedule();
        }

        /** Deletes the slot unless it was released: a refused or failed instance leaves nothing behind. */
        @Override
        public void close() {
            if (!released) {
                AtomicFiles.deleteQuietly(path);
            }
        }
    }

    private record Released(Path slot, List<Path> folders) {}

    /**
     * Hands out an empty slot whose name is durable, from the stock the background thread keeps; when the stock
     * is empty, makes a batch here (and fsyncs the folder once).
     *
     * @return the slot (an empty file)
     * @throws IOException when slots cannot be created or the folder cannot be forced
     */
    public Slot take() throws IOException {
        Path slot = poll();
        if (slot == null) {
            synchronized (refill) {
                slot = poll();
                if (slot == null) {
                    List<Path> made = makeBatch();
                    free.addAll(made.subList(1, made.size()));
                    freeCount.addAndGet(made.size() - 1);
                    slot = made.get(0);
                }
            }
        }
        if (freeCount.get() < LOW_WATER) {
            schedule();
        }
        return new Slot(slot);
    }

    private Path poll() {
        Path slot = free.poll();
        if (slot != null) {
            freeCount.decrementAndGet();
        }
        return slot;
    }

    /** Creates a batch of empty slots and makes their names durable; nothing is left behind on failure. */
    private List<Path> makeBatch() throws IOException {
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
        return made;
    }

    private void schedule() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            try {
                background.execute(this::work);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // closed: close() releases what is pending itself
            }
        }
    }

    /** The background thread's round: top up the free slots, then force and release what was handed over. */
    private void work() {
        scheduled.set(false);
        refillIfLow();
        if (released.isEmpty()) {
            return;
        }
        // gather released slots for a while (one folder fsync serves them all), still topping up the stock
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        while (!closed && System.nanoTime() < until) {
            sleepQuietly(5);
            refillIfLow();
        }
        if (!releasePending()) {
            sleepQuietly(RETRY_MS);
            schedule();
        }
    }

    private void refillIfLow() {
        if (freeCount.get() >= LOW_WATER) {
            return;
        }
        synchronized (refill) {
            if (freeCount.get() < LOW_WATER) {
                try {
                    List<Path> made = makeBatch();
                    free.addAll(made);
                    freeCount.addAndGet(made.size());
                } catch (IOException e) {
                    // take() makes its own batch and reports the failure to the sender
                    LOG.warn("event=spool_slots_not_made dir={} error=\"{}\"", dir, e.toString());
                }
            }
        }
    }

    /**
     * Forces the folders of every released slot, then deletes the slot names; here, on the caller's thread. Done
     * in the background on its own; tests and {@link #close} call it to finish now.
     *
     * @return false when a folder could not be forced (the slots stay, and are tried again)
     */
    public boolean releasePending() {
        synchronized (settling) {
            List<Released> batch = new ArrayList<>();
            for (Released r; (r = released.poll()) != null; ) {
                batch.add(r);
            }
            if (batch.isEmpty()) {
                return true;
            }
            Set<Path> folders = new LinkedHashSet<>();
            batch.forEach(r -> folders.addAll(r.folders()));
            for (Path folder : folders) {
                try {
                    AtomicFiles.fsyncDirectory(folder);
                } catch (IOException e) {
                    // the slot names stay: the instances remain reachable through them, and a restart places them
                    LOG.error(
                            "event=spool_folder_force_failed folder={} slots_kept={} error=\"{}\"",
                            folder,
                            batch.size(),
                            e.toString());
                    released.addAll(batch);
                    return false;
                }
            }
            for (Released r : batch) {
                AtomicFiles.deleteQuietly(r.slot());
            }
            unreleased.addAndGet(-batch.size());
            return true;
        }
    }

    /**
     * Acknowledged instances whose slot names are still kept because the folders on their new paths were not
     * forced yet: a handful while instances arrive; growing when forcing fails.
     *
     * @return the count
     */
    public int unreleased() {
        return unreleased.get();
    }

    /** Releases what is pending and stops the background thread; free slots stay (the next start deletes them). */
    @Override
    public void close() {
        closed = true;
        if (background instanceof ExecutorService pool) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        releasePending();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
