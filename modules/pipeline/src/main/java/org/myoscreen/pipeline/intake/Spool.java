package org.myoscreen.pipeline.intake;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetStructure;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.DicomParseException;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.assembly.SeriesAssembler;
import org.myoscreen.pipeline.assembly.SpoolIndex;
import org.myoscreen.pipeline.assembly.Summaries;
import org.myoscreen.pipeline.internal.AtomicFiles;
import org.myoscreen.pipeline.internal.CompletenessMarker;
import org.myoscreen.pipeline.internal.IntakeSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable spool: the validate and persist steps of C-STORE. {@link #store} validates the request
 * ({@link #validate}), then writes the instance as a Part 10 file
 * (file meta information, then the received dataset bytes unchanged) into an intake slot in {@code .incoming/}
 * (an empty file whose name is already durable, see {@link IntakeSlots}) while
 * {@link DatasetStructure} checks the framing of the whole dataset as it streams (a dataset cut short, even in
 * Pixel Data, is refused with C000 and not kept), reads its header up to Pixel Data from the first 64 KiB kept in
 * memory as they were written (from the file only beyond them; no hash: that is taken when the job is built),
 * checks the identifying UIDs, marks the slot complete in its preamble,
 * forces it to disk (fdatasync: the one sync before Success), and hard-links it as
 * {@code <StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}. The link is not forced before Success: the slot name stays
 * until a background thread has forced the folders on the new path (decisions 0016 and 0022), and after a crash
 * the constructor finds every complete slot still in {@code .incoming/} and puts it in place.
 * Every failure removes the slot, so nothing partial is left behind; incomplete slots a crash left are deleted.
 * {@link #close} finishes the background work.
 *
 * <p>UIDs become path names only after {@link Uids#isValid} accepted them (digits and dots, ≤ 64
 * characters), so no dataset can name a path outside the spool.
 *
 * <p>Thread-safe: concurrent stores write distinct slots; a duplicate SOP Instance UID arriving
 * twice at once is resolved atomically (hard link for keep-first; for overwrite, a link beside the target
 * renamed over it).
 */
public final class Spool implements SpoolIndex, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    /** Directory under the spool root for files being written. */
    static final String INCOMING = ".incoming";

    private final SpoolConfig config;
    private final Clock clock;
    private final Path root;
    private final Path incoming;
    private final UnaryOperator<OutputStream> fileStreamDecorator;
    /** Resolved once: looking a file store up by path parses the mount table on Linux. */
    private final FileStore fileStore;

    private final IntakeSlots slots;
    private final SlotBuffers.Pool buffers = new SlotBuffers.Pool();

    /**
     * Opens the spool, creating its directories, putting in place every complete intake slot an earlier crash
     * left in {@code .incoming/} and deleting the rest (temporary files, incomplete or empty slots).
     *
     * @param config directory, watermark, duplicate policy
     * @param clock the time source of arrival times
     * @throws UncheckedIOException when the directories cannot be created
     */
    public Spool(SpoolConfig config, Clock clock) {
        this(config, clock, UnaryOperator.identity(), Optional.empty());
    }

    /** For tests: {@code fileStreamDecorator} wraps the stream to each temporary file (to inject write errors). */
    Spool(SpoolConfig config, Clock clock, UnaryOperator<OutputStream> fileStreamDecorator) {
        this(config, clock, fileStreamDecorator, Optional.empty());
    }

    /** For tests: {@code background} runs the intake slots' background rounds (by hand). */
    Spool(SpoolConfig config, Clock clock, Executor background) {
        this(config, clock, UnaryOperator.identity(), Optional.of(background));
    }

    private Spool(
            SpoolConfig config,
            Clock clock,
            UnaryOperator<OutputStream> fileStreamDecorator,
            Optional<Executor> background) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.fileStreamDecorator = fileStreamDecorator;
        this.root = config.directory().toAbsolutePath();
        this.incoming = root.resolve(INCOMING);
        try {
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool " + incoming + ": " + e.getMessage(), e);
        }
        try {
            this.fileStore = Files.getFileStore(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot find the file system of spool " + incoming + ": " + e.getMessage(), e);
        }
        int removed = AtomicFiles.deleteTempFiles(incoming) + deleteLinksLeftBeside();
        if (removed > 0) {
            LOG.warn("event=spool_leftovers_removed dir={} files={}", root, removed);
        }
        recoverSlots();
        this.slots = background.map(b -> new IntakeSlots(incoming, b)).orElseGet(() -> new IntakeSlots(incoming));
    }

    /**
     * Finishes what a crash interrupted, before anyone scans: every complete slot is linked to its spool path (with
     * the duplicate policy; with overwrite, the copy acknowledged last wins, by the sequence in the markers), the
     * folders on those paths are forced, and only then are the slot names deleted. Incomplete slots (never
     * acknowledged) and free ones are deleted.
     */
    private void recoverSlots() {
        int placed = 0;
        int alreadyPlaced = 0;
        int discarded = 0;
        int free = 0;
        try {
            List<RecoveredSlot> complete = new ArrayList<>();
            for (Path slot : IntakeSlots.list(incoming)) {
                if (IntakeSlots.isFree(slot)) {
                    Files.delete(slot);
                    free++;
                    continue;
                }
                OptionalLong sequence = CompletenessMarker.completeSequence(slot);
                Optional<Path> target = sequence.isPresent() ? recoveredTarget(slot) : Optional.empty();
                if (target.isEmpty()) {
                    LOG.warn("event=spool_slot_discarded file={} reason=incomplete_or_unreadable", slot);
                    Files.delete(slot);
                    discarded++;
                    continue;
                }
                complete.add(new RecoveredSlot(slot, target.get(), sequence.getAsLong()));
            }
            complete.sort(Comparator.comparingLong(RecoveredSlot::sequence)); // oldest first: the last one stays
            Set<Path> folders = new LinkedHashSet<>();
            for (RecoveredSlot c : complete) {
                Files.createDirectories(c.target().getParent());
                if (shouldPlace(c)) {
                    linkReplacing(c.slot(), c.target());
                    placed++;
                } else {
                    alreadyPlaced++; // this very file, the kept first copy, or a copy acknowledged later
                }
                folders.addAll(foldersOf(c.target()));
            }
            for (Path folder : folders) {
                AtomicFiles.fsyncDirectory(folder);
            }
            for (RecoveredSlot c : complete) {
                Files.deleteIfExists(c.slot());
            }
            if (placed + alreadyPlaced + discarded + free > 0) {
                AtomicFiles.fsyncDirectory(incoming);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover intake slots in " + incoming + ": " + e.getMessage(), e);
        }
        if (placed + alreadyPlaced + discarded > 0) {
            LOG.warn(
                    "event=spool_slots_recovered dir={} placed={} already_placed={} discarded={}",
                    incoming,
                    placed,
                    alreadyPlaced,
                    discarded);
        }
    }

    /**
     * Deletes the {@code .tmp-} links that a crash between linking an instance beside its stored copy and renaming
     * it over that copy (overwrite policy) left in series folders: extra names of files that are also elsewhere
     * (the slot, or the stored copy). Only at start-up, when no store can be in that window.
     */
    private int deleteLinksLeftBeside() {
        int removed = 0;
        try (Stream<Path> studies = Files.list(root)) {
            for (Path study : studies.filter(p -> Files.isDirectory(p) && SpoolPaths.isSafeUid(name(p)))
                    .toList()) {
                try (Stream<Path> series = Files.list(study)) {
                    for (Path s : series.filter(Files::isDirectory).toList()) {
                        removed += AtomicFiles.deleteTempFiles(s);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean spool " + root + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** A complete slot found at start-up, with where it belongs and its marker's sequence. */
    private record RecoveredSlot(Path slot, Path target, long sequence) {}

    private boolean shouldPlace(RecoveredSlot c) throws IOException {
        if (!Files.exists(c.target())) {
            return true;
        }
        if (Files.isSameFile(c.slot(), c.target()) || config.duplicates() == SpoolConfig.DuplicatePolicy.KEEP_FIRST) {
            return false;
        }
        return CompletenessMarker.sequenceOf(c.target()) <= c.sequence();
    }

    private Optional<Path> recoveredTarget(Path slot) {
        try {
            Attributes ds = Part10Reader.readUntilPixelData(slot).dataset();
            return Optional.of(SpoolPaths.instancePath(
                    root,
                    ds.getString(Tag.StudyInstanceUID).orElse(""),
                    ds.getString(Tag.SeriesInstanceUID).orElse(""),
                    ds.getString(Tag.SOPInstanceUID).orElse("")));
        } catch (DicomException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Forces the folders of the instances placed so far and deletes their slot names now, instead of in the
     * background; for tests that look at the files in the spool.
     */
    void releaseSlotsNow() {
        slots.releasePending();
    }

    /**
     * Acknowledged instances whose intake slot names are still kept because the folders on their paths were not
     * forced yet (decision 0022): a handful while instances arrive; growing when forcing fails.
     *
     * @return the count
     */
    public int unreleasedSlots() {
        return slots.unreleased();
    }

    /** Finishes releasing slots (see {@link IntakeSlots}) and stops the spool's background thread. */
    @Override
    public void close() {
        slots.close();
    }

    /**
     * The spool root (absolute).
     *
     * @return the directory
     */
    public Path directory() {
        return root;
    }

    /** Thrown inside {@link #store} when reading the dataset from the association fails. */
    private static final class InputFailure extends IOException {
        InputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Stores one instance. Never throws for a bad dataset or a full disk: those become failure outcomes with an
     * error comment (and a WARN log line with the details). Reads {@code dataset} to its end on success; on
     * failure the caller discards what is left.
     *
     * @param facts the C-STORE request's facts
     * @param dataset the bare dataset in the negotiated transfer syntax (no preamble or meta information)
     * @return the outcome with its DIMSE status
     */
    public StoreOutcome store(StoreFacts facts, InputStream dataset) {
        Objects.requireNonNull(facts, "facts is null");
        Objects.requireNonNull(dataset, "dataset is null");
        String where = "association=" + Summaries.quote(facts.associationId()) + " sop_instance="
                + Summaries.quote(facts.affectedSopInstanceUid());
        Optional<StoreOutcome> refused = validate(facts, where);
        if (refused.isPresent()) {
            return refused.get();
        }
        IntakeSlots.Slot slot;
        try {
            slot = slots.take();
        } catch (IOException e) {
            return refuse(
                    StoreStatus.OUT_OF_RESOURCES,
                    "Cannot write to spool: " + e.getMessage(),
                    where + " error=\"" + e + "\"");
        }
        try (slot) { // deletes the slot of a refused or failed instance
            return persist(facts, dataset, slot, where);
        } catch (InputFailure e) {
            // the association failed mid-dataset: no response will reach the sender, so this is no refusal
            LOG.warn("event=store_input_failed {} error=\"{}\" kept=nothing", where, e.getMessage());
            return StoreOutcome.failure(StoreStatus.CANNOT_UNDERSTAND, "Dataset stream failed: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return refuse(
                    StoreStatus.OUT_OF_RESOURCES,
                    "Cannot write to spool: " + e.getMessage(),
                    where + " error=\"" + e + "\"");
        }
    }

    /**
     * The validate step: refuses a request whose Affected SOP Instance UID or transfer syntax UID is not a valid
     * UID (C000), or any request while the spool's disk is below the watermark (A700). {@link #store} calls it
     * first; callers may call it earlier to refuse before reading anything.
     *
     * @param facts the request's facts
     * @return the failure outcome, or empty when the request may be stored
     */
    public Optional<StoreOutcome> validate(StoreFacts facts) {
        return validate(
                facts,
                "association=" + Summaries.quote(facts.associationId()) + " sop_instance="
                        + Summaries.quote(facts.affectedSopInstanceUid()));
    }

    private Optional<StoreOutcome> validate(StoreFacts facts, String where) {
        if (!SpoolPaths.isSafeUid(facts.affectedSopInstanceUid())) {
            return Optional.of(
                    refuse(StoreStatus.CANNOT_UNDERSTAND, "Affected SOP Instance UID is not a valid UID", where));
        }
        if (!Uids.isValid(facts.transferSyntaxUid())) {
            return Optional.of(refuse(StoreStatus.CANNOT_UNDERSTAND, "Transfer syntax UID is not a valid UID", where));
        }
        long usable = usableSpace();
        if (config.minFreeBytes() > 0 && usable < config.minFreeBytes()) {
            return Optional.of(refuse(
                    StoreStatus.OUT_OF_RESOURCES,
                    "Spool disk below free-space watermark",
                    where + " usable_bytes=" + usable + " watermark_bytes=" + config.minFreeBytes()));
        }
        return Optional.empty();
    }

    private StoreOutcome persist(StoreFacts facts, InputStream dataset, IntakeSlots.Slot slot, String where)
            throws IOException {
        TransferSyntax ts = TransferSyntax.of(facts.transferSyntaxUid());
        SlotBuffers memory = buffers.take();
        try (FileChannel ch = FileChannel.open(slot.path(), StandardOpenOption.WRITE)) {
            CRC32C crc = new CRC32C();
            SlotBuffers.HeadOutput out =
                    memory.open(ch, file -> new CheckedOutputStream(fileStreamDecorator.apply(file), crc));
            // into memory first: the meta writer flushes its target, and a flush here would be a write(2) of its own
            ByteArrayOutputStream meta = new ByteArrayOutputStream(512);
            Part10Writer.writeFileMetaInformation(
                    meta, facts.affectedSopClassUid(), facts.affectedSopInstanceUid(), ts, facts.callingAeTitle());
            meta.writeTo(out);
            Optional<DicomParseException> broken = copyChecked(dataset, out, ts, where);
            if (broken.isPresent()) {
                // the Error Comment is 64 characters (LO): the offset and tag fit, the details go to the log
                DicomParseException e = broken.get();
                String tag = e.tag().isPresent() ? " " + Tag.toString(e.tag().getAsInt()) : "";
                return refuse(
                        StoreStatus.CANNOT_UNDERSTAND,
                        "Cannot parse dataset: truncated/malformed at " + e.offset() + tag,
                        where + " error=\"" + e.getMessage() + "\"");
            }
            out.flush();
            long size = ch.size();
            byte[] preamble = slot.marker(size, (int) crc.getValue());
            DicomFile parsed;
            try {
                parsed = readHeader(slot.path(), size, preamble, out);
            } catch (DicomException e) {
                return refuse(
                        StoreStatus.CANNOT_UNDERSTAND,
                        "Cannot parse dataset: " + e.getMessage(),
                        where + " error=\"" + e.getMessage() + "\"");
            }
            Optional<StoreOutcome> refused = checkUids(facts, parsed.dataset(), where);
            if (refused.isPresent()) {
                return refused.get();
            }
            InstanceHeader header;
            try {
                header = InstanceHeaders.from(parsed.dataset(), facts.callingAeTitle());
            } catch (DicomException | IllegalArgumentException e) {
                return refuse(
                        StoreStatus.CANNOT_UNDERSTAND,
                        "Cannot decode header: " + e.getMessage(),
                        where + " error=\"" + e.getMessage() + "\"");
            }
            // Only now, with the dataset accepted, does the slot become complete: a crash before the marker
            // leaves a slot that recovery discards. fdatasync makes data, marker and size durable; the slot's name
            // already is, so this is the one sync the instance needs before Success.
            CompletenessMarker.write(ch, preamble);
            ch.force(false);
            SpooledInstance stored = new SpooledInstance(
                    header,
                    SpoolPaths.instancePath(
                            root, header.studyInstanceUid(), header.seriesInstanceUid(), header.sopInstanceUid()),
                    size,
                    Optional.empty(),
                    clock.instant());
            return place(slot, stored, where);
        } finally {
            buffers.giveBack(memory);
        }
    }

    /**
     * Reads the written file up to Pixel Data, as it will be once the marker {@code preamble} is in place (the
     * dataset was streamed with a zero preamble): from the bytes {@code head} kept of its start, and on from the
     * slot file (page cache) only where the header is longer. No hash here: the marker's CRC-32C, taken while
     * streaming, guards the bytes until the job is built, and the SHA-256 is taken there (decision 0016).
     */
    private static DicomFile readHeader(Path slot, long size, byte[] preamble, SlotBuffers.HeadOutput head)
            throws IOException {
        int kept = head.length();
        try (InputStream rest = kept < size ? new FileFrom(slot, kept) : InputStream.nullInputStream()) {
            InputStream file = new SequenceInputStream(
                    new ByteArrayInputStream(preamble),
                    new SequenceInputStream(
                            new ByteArrayInputStream(head.head(), preamble.length, kept - preamble.length), rest));
            return new Part10Reader(file, slot.toString(), size).readUntilPixelData();
        }
    }

    /** A file's bytes from an offset on, opened only when first read. */
    private static final class FileFrom extends InputStream {
        private final Path file;
        private final long offset;
        private InputStream in;

        FileFrom(Path file, long offset) {
            this.file = file;
            this.offset = offset;
        }

        @Override
        public int read() throws IOException {
            return open().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return open().read(b, off, len);
        }

        private InputStream open() throws IOException {
            if (in == null) {
                InputStream opened = Files.newInputStream(file);
                try {
                    opened.skipNBytes(offset);
                } catch (IOException e) {
                    opened.close();
                    throw e;
                }
                in = new BufferedInputStream(opened, 16 * 1024);
            }
            return in;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** The UID checks of the header as written; the refusal, or empty when the header may be stored. */
    private static Optional<StoreOutcome> checkUids(StoreFacts facts, Attributes ds, String where) {
        Optional<String> problem = uidProblem(ds, Tag.StudyInstanceUID, "Study Instance UID")
                .or(() -> uidProblem(ds, Tag.SeriesInstanceUID, "Series Instance UID"))
                .or(() -> uidProblem(ds, Tag.SOPInstanceUID, "SOP Instance UID"));
        if (problem.isPresent()) {
            return Optional.of(refuse(StoreStatus.CANNOT_UNDERSTAND, problem.get(), where));
        }
        String sopInstanceUid = ds.getString(Tag.SOPInstanceUID).orElseThrow();
        if (!sopInstanceUid.equals(facts.affectedSopInstanceUid())) {
            return Optional.of(refuse(
                    StoreStatus.CANNOT_UNDERSTAND,
                    "SOP Instance UID differs from the request",
                    where + " dataset_sop_instance=" + sopInstanceUid));
        }
        Optional<String> sopClass = ds.getString(Tag.SOPClassUID);
        if (sopClass.isPresent() && !sopClass.get().equals(facts.affectedSopClassUid())) {
            return Optional.of(refuse(
                    StoreStatus.DATASET_DOES_NOT_MATCH_SOP_CLASS,
                    "SOP Class UID differs from the request",
                    where + " dataset_sop_class=" + sopClass.get() + " request_sop_class="
                            + facts.affectedSopClassUid()));
        }
        return Optional.empty();
    }

    /**
     * Links the complete, durable slot to its spool path under the duplicate policy and hands the slot over: its
     * name goes once the folders on the new path are forced, in the background (decision 0022). Nothing here is
     * forced: until then the slot name is what a crash leaves, and {@link #recoverSlots} finishes the placing.
     */
    private StoreOutcome place(IntakeSlots.Slot slot, SpooledInstance stored, String where) throws IOException {
        Path target = stored.file();
        InstanceHeader header = stored.header();
        if (config.duplicates() == SpoolConfig.DuplicatePolicy.KEEP_FIRST) {
            if (!inItsFolder(target, () -> linkIfAbsent(slot.path(), target))) {
                LOG.warn(
                        "event=duplicate_instance {} study={} series={} action=kept_first file={}",
                        where,
                        header.studyInstanceUid(),
                        header.seriesInstanceUid(),
                        target);
                return StoreOutcome.success(
                        StoreStatus.DUPLICATE_KEPT,
                        new SpooledInstance(header, target, Files.size(target), Optional.empty(), clock.instant()));
            }
            slot.release(foldersOf(target));
            return StoreOutcome.success(StoreStatus.STORED, stored);
        }
        boolean existed = inItsFolder(target, () -> linkReplacing(slot.path(), target));
        slot.release(foldersOf(target));
        if (existed) {
            LOG.warn(
                    "event=duplicate_instance {} study={} series={} action=overwritten file={}",
                    where,
                    header.studyInstanceUid(),
                    header.seriesInstanceUid(),
                    target);
            return StoreOutcome.success(StoreStatus.DUPLICATE_REPLACED, stored);
        }
        return StoreOutcome.success(StoreStatus.STORED, stored);
    }

    /**
     * Runs {@code placing}, which puts a file at {@code target}; when the target's folder is missing, creates the
     * folders and runs it once more. Most instances go into a series folder an earlier instance made, so the
     * folders are made only when the link says they are missing, not tried for every instance (a {@code mkdir}
     * per level, a {@code stat} and an exception each time).
     */
    private static boolean inItsFolder(Path target, Placing placing) throws IOException {
        try {
            return placing.place();
        } catch (NoSuchFileException folderMissing) {
            Files.createDirectories(target.getParent());
            return placing.place();
        }
    }

    /** A step that puts a file in place; what its answer means is the caller's. */
    @FunctionalInterface
    private interface Placing {
        boolean place() throws IOException;
    }

    /** The folders whose entries lead from the spool root to {@code target}: series, study, root. */
    private List<Path> foldersOf(Path target) {
        Path series = target.getParent();
        return List.of(series, series.getParent(), root);
    }

    /**
     * Without hard links the slot name cannot outlive the move: renames {@code slot} over {@code target} and forces
     * the folders on its path now, before Success.
     */
    private void renameAndForce(Path slot, Path target) throws IOException {
        AtomicFiles.moveAtomically(slot, target);
        for (Path folder : foldersOf(target)) {
            AtomicFiles.fsyncDirectory(folder);
        }
    }

    /**
     * Hard-links {@code slot} as {@code target} unless the target exists (atomic); false when it existed. Without
     * hard links the slot is renamed and the folders forced here, as the slot name cannot outlive the rename.
     */
    private boolean linkIfAbsent(Path slot, Path target) throws IOException {
        try {
            Files.createLink(target, slot);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // no hard links on this file system: check, then rename (a racing twin may replace us, same UID)
            if (Files.exists(target)) {
                return false;
            }
            renameAndForce(slot, target);
            return true;
        }
    }

    /**
     * Hard-links {@code slot} as {@code target}, replacing an existing target atomically (link beside it, then
     * rename over it); true when a target existed. Without hard links, renames and forces as {@link
     * #linkIfAbsent} does.
     */
    private boolean linkReplacing(Path slot, Path target) throws IOException {
        try {
            Files.createLink(target, slot);
            return false;
        } catch (FileAlreadyExistsException e) {
            Path beside = target.resolveSibling(AtomicFiles.TEMP_PREFIX + UUID.randomUUID());
            Files.createLink(beside, slot);
            try {
                AtomicFiles.moveAtomically(beside, target);
            } catch (IOException moveFailed) {
                AtomicFiles.deleteQuietly(beside);
                throw moveFailed;
            }
            return true;
        } catch (UnsupportedOperationException e) {
            boolean existed = Files.exists(target);
            renameAndForce(slot, target);
            return existed;
        }
    }

    private static Optional<String> uidProblem(Attributes ds, int tag, String name) {
        Optional<String> v = ds.getString(tag).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.of(name + " " + org.myoscreen.dicom.Tag.toString(tag) + " missing");
        }
        if (!SpoolPaths.isSafeUid(v.get())) {
            return Optional.of(name + " " + org.myoscreen.dicom.Tag.toString(tag) + " is not a valid UID");
        }
        return Optional.empty();
    }

    /**
     * Copies the dataset to {@code out} while {@link DatasetStructure} walks it: every byte the check reads is
     * written as it passes, so the whole dataset, Pixel Data included, is checked as it streams and nothing is
     * read twice. A dataset cut short (the sender's last fragment came early) or otherwise broken in its
     * framing is the returned problem; a failure of {@code out} stays an {@link IOException} (spool write: out
     * of resources); a failure of the input is an {@link InputFailure} (the association failed mid-dataset).
     */
    private static Optional<DicomParseException> copyChecked(
            InputStream in, OutputStream out, TransferSyntax ts, String where) throws IOException {
        InputStream tee = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (IOException e) {
                    throw new InputFailure(e);
                }
                if (n > 0) {
                    try {
                        out.write(b, off, n);
                    } catch (IOException e) {
                        throw new OutputFailure(e);
                    }
                }
                return n;
            }
        };
        try {
            DatasetStructure.check(tee, ts, where);
            return Optional.empty();
        } catch (OutputFailure e) {
            throw e.getCause();
        } catch (DicomParseException e) {
            return Optional.of(e);
        }
    }

    /** Marks a write failure inside {@link #copyChecked} so it is not taken for an input failure. */
    private static final class OutputFailure extends IOException {
        OutputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private long usableSpace() {
        try {
            return fileStore.getUsableSpace();
        } catch (IOException e) {
            LOG.warn("event=spool_free_space_unknown dir={} error=\"{}\"", incoming, e.toString());
            return Long.MAX_VALUE;
        }
    }

    private static StoreOutcome refuse(StoreStatus status, String comment, String details) {
        LOG.warn(
                "event=store_refused status={} {} comment=\"{}\"",
                String.format("%04X", status.dimseStatus()),
                details,
                comment);
        return StoreOutcome.failure(status, comment);
    }

    /**
     * Lists every instance in the spool for {@link SeriesAssembler#recover} (headers only, read up to Pixel
     * Data; the calling AE from Source Application Entity Title (0002,0016); arrival = file modification time).
     * Files that cannot be read are logged at WARN and skipped; they stay where they are.
     *
     * @return the instances
     */
    public List<SpooledInstance> scan() {
        List<SpooledInstance> out = new ArrayList<>();
        try (Stream<Path> studies = Files.list(root)) {
            for (Path study : studies.filter(p -> Files.isDirectory(p) && SpoolPaths.isSafeUid(name(p)))
                    .sorted()
                    .toList()) {
                out.addAll(scanStudy(study));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan spool " + root + ": " + e.getMessage(), e);
        }
        LOG.info("event=spool_scanned dir={} instances={}", root, out.size());
        return out;
    }

    /** The instances of one study, read like {@link #scan()}; empty for an invalid UID or an absent study. */
    @Override
    public List<SpooledInstance> studyInstances(String studyInstanceUid) {
        if (!SpoolPaths.isSafeUid(studyInstanceUid) || !Files.isDirectory(root.resolve(studyInstanceUid))) {
            return List.of();
        }
        try {
            return scanStudy(root.resolve(studyInstanceUid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan spool study " + studyInstanceUid + ": " + e.getMessage(), e);
        }
    }

    private List<SpooledInstance> scanStudy(Path study) throws IOException {
        List<SpooledInstance> out = new ArrayList<>();
        try (Stream<Path> series = Files.list(study)) {
            for (Path s : series.filter(p -> Files.isDirectory(p) && SpoolPaths.isSafeUid(name(p)))
                    .sorted()
                    .toList()) {
                try (Stream<Path> files = Files.list(s)) {
                    for (Path f : files.filter(p -> name(p).endsWith(SpoolPaths.SUFFIX) && !name(p).startsWith("."))
                            .sorted()
                            .toList()) {
                        read(f).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    private Optional<SpooledInstance> read(Path f) {
        try {
            DicomFile df = Part10Reader.readUntilPixelData(f);
            InstanceHeader h = InstanceHeaders.from(
                    df.dataset(),
                    df.fileMetaInformation()
                            .getString(Tag.SourceApplicationEntityTitle)
                            .orElse(""));
            return Optional.of(new SpooledInstance(
                    h,
                    f,
                    Files.size(f),
                    Optional.empty(),
                    Files.getLastModifiedTime(f).toInstant()));
        } catch (DicomException | IOException | IllegalArgumentException e) {
            LOG.warn("event=spool_file_unreadable file={} error=\"{}\"", f, e.getMessage());
            return Optional.empty();
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
