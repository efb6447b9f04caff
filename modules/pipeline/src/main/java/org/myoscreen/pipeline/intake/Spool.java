package org.myoscreen.pipeline.intake;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetStructure;
import org.myoscreen.dicom.DicomParseException;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.DicomFile;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable spool: the validate and persist steps of C-STORE. {@link #store} validates the request
 * ({@link #validate}), then writes the instance as a Part 10 file
 * (file meta information, then the received dataset bytes unchanged) to {@code .incoming/} while
 * {@link DatasetStructure} checks the framing of the whole dataset as it streams (a dataset cut short, even in
 * Pixel Data, is refused with C000 and not kept), forces it to disk,
 * reads it back up to Pixel Data, checks the identifying UIDs, renames it into
 * {@code <StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}, forces the directories, and only then reports success.
 * Every failure removes the temporary file, so nothing partial is left behind; a crash can leave only
 * {@code .incoming/} files, which the constructor deletes.
 *
 * <p>UIDs become path names only after {@link Uids#isValid} accepted them (digits and dots, ≤ 64
 * characters), so no dataset can name a path outside the spool.
 *
 * <p>Thread-safe: concurrent stores write distinct temporary files; a duplicate SOP Instance UID arriving
 * twice at once is resolved atomically (hard link for keep-first, rename for overwrite).
 */
public final class Spool implements SpoolIndex {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    /** Directory under the spool root for files being written. */
    static final String INCOMING = ".incoming";
    private static final int WRITE_BUFFER = 64 * 1024;

    private final SpoolConfig config;
    private final Clock clock;
    private final Path root;
    private final Path incoming;
    private final UnaryOperator<OutputStream> fileStreamDecorator;
    /** Resolved once: looking a file store up by path parses the mount table on Linux. */
    private final FileStore fileStore;

    /**
     * Opens the spool, creating its directories and deleting temporary files an earlier crash left.
     *
     * @param config directory, watermark, duplicate policy
     * @param clock the time source of arrival times
     * @throws UncheckedIOException when the directories cannot be created
     */
    public Spool(SpoolConfig config, Clock clock) {
        this(config, clock, UnaryOperator.identity());
    }

    /** For tests: {@code fileStreamDecorator} wraps the stream to each temporary file (to inject write errors). */
    Spool(SpoolConfig config, Clock clock, UnaryOperator<OutputStream> fileStreamDecorator) {
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
            throw new UncheckedIOException("cannot find the file system of spool " + incoming + ": " + e.getMessage(), e);
        }
        int removed = AtomicFiles.deleteTempFiles(incoming);
        if (removed > 0) {
            LOG.warn("event=spool_leftovers_removed dir={} files={}", incoming, removed);
        }
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
        Path tmp = incoming.resolve(AtomicFiles.TEMP_PREFIX + UUID.randomUUID() + SpoolPaths.SUFFIX);
        try {
            return persist(facts, dataset, tmp, where);
        } catch (InputFailure e) {
            // the association failed mid-dataset: no response will reach the sender, so this is no refusal
            LOG.warn("event=store_input_failed {} error=\"{}\" kept=nothing", where, e.getMessage());
            return StoreOutcome.failure(StoreStatus.CANNOT_UNDERSTAND, "Dataset stream failed: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return refuse(StoreStatus.OUT_OF_RESOURCES, "Cannot write to spool: " + e.getMessage(),
                    where + " error=\"" + e + "\"");
        } finally {
            AtomicFiles.deleteQuietly(tmp);
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
        return validate(facts, "association=" + Summaries.quote(facts.associationId()) + " sop_instance="
                + Summaries.quote(facts.affectedSopInstanceUid()));
    }

    private Optional<StoreOutcome> validate(StoreFacts facts, String where) {
        if (!SpoolPaths.isSafeUid(facts.affectedSopInstanceUid())) {
            return Optional.of(refuse(StoreStatus.CANNOT_UNDERSTAND, "Affected SOP Instance UID is not a valid UID",
                    where));
        }
        if (!Uids.isValid(facts.transferSyntaxUid())) {
            return Optional.of(refuse(StoreStatus.CANNOT_UNDERSTAND, "Transfer syntax UID is not a valid UID", where));
        }
        long usable = usableSpace();
        if (config.minFreeBytes() > 0 && usable < config.minFreeBytes()) {
            return Optional.of(refuse(StoreStatus.OUT_OF_RESOURCES, "Spool disk below free-space watermark",
                    where + " usable_bytes=" + usable + " watermark_bytes=" + config.minFreeBytes()));
        }
        return Optional.empty();
    }

    private StoreOutcome persist(StoreFacts facts, InputStream dataset, Path tmp, String where) throws IOException {
        TransferSyntax ts = TransferSyntax.of(facts.transferSyntaxUid());
        MessageDigest sha = sha256();
        long size;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DigestOutputStream digest = new DigestOutputStream(fileStreamDecorator.apply(
                    Channels.newOutputStream(ch)), sha);
            OutputStream out = new BufferedOutputStream(digest, WRITE_BUFFER);
            try {
                Part10Writer.writeFileMetaInformation(out, facts.affectedSopClassUid(), facts.affectedSopInstanceUid(),
                        ts, facts.callingAeTitle());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Optional<DicomParseException> broken = copyChecked(dataset, out, ts, where);
            if (broken.isPresent()) {
                // the Error Comment is 64 characters (LO): the offset and tag fit, the details go to the log
                DicomParseException e = broken.get();
                String tag = e.tag().isPresent() ? " " + Tag.toString(e.tag().getAsInt()) : "";
                return refuse(StoreStatus.CANNOT_UNDERSTAND, "Cannot parse dataset: truncated/malformed at " + e.offset() + tag,
                        where + " error=\"" + e.getMessage() + "\"");
            }
            out.flush();
            // fdatasync: the data and the metadata needed to read it back (the size) reach the disk;
            // timestamps need not, and skipping them is measurably cheaper per instance.
            ch.force(false);
            size = ch.size();
        }
        DicomFile parsed;
        try {
            parsed = Part10Reader.readUntilPixelData(tmp);
        } catch (DicomException e) {
            return refuse(StoreStatus.CANNOT_UNDERSTAND, "Cannot parse dataset: " + e.getMessage(),
                    where + " error=\"" + e.getMessage() + "\"");
        }
        Attributes ds = parsed.dataset();
        Optional<String> problem = uidProblem(ds, Tag.StudyInstanceUID, "Study Instance UID")
                .or(() -> uidProblem(ds, Tag.SeriesInstanceUID, "Series Instance UID"))
                .or(() -> uidProblem(ds, Tag.SOPInstanceUID, "SOP Instance UID"));
        if (problem.isPresent()) {
            return refuse(StoreStatus.CANNOT_UNDERSTAND, problem.get(), where);
        }
        String sopInstanceUid = ds.getString(Tag.SOPInstanceUID).orElseThrow();
        if (!sopInstanceUid.equals(facts.affectedSopInstanceUid())) {
            return refuse(StoreStatus.CANNOT_UNDERSTAND, "SOP Instance UID differs from the request",
                    where + " dataset_sop_instance=" + sopInstanceUid);
        }
        Optional<String> sopClass = ds.getString(Tag.SOPClassUID);
        if (sopClass.isPresent() && !sopClass.get().equals(facts.affectedSopClassUid())) {
            return refuse(StoreStatus.DATASET_DOES_NOT_MATCH_SOP_CLASS, "SOP Class UID differs from the request",
                    where + " dataset_sop_class=" + sopClass.get() + " request_sop_class=" + facts.affectedSopClassUid());
        }
        InstanceHeader header;
        try {
            header = InstanceHeaders.from(ds, facts.callingAeTitle());
        } catch (DicomException | IllegalArgumentException e) {
            return refuse(StoreStatus.CANNOT_UNDERSTAND, "Cannot decode header: " + e.getMessage(),
                    where + " error=\"" + e.getMessage() + "\"");
        }
        Path target = SpoolPaths.instancePath(root, header.studyInstanceUid(), header.seriesInstanceUid(),
                sopInstanceUid);
        createDirectoriesDurably(target.getParent());
        SpooledInstance stored = new SpooledInstance(header, target, size,
                Optional.of(HexFormat.of().formatHex(sha.digest())), clock.instant());
        if (config.duplicates() == SpoolConfig.DuplicatePolicy.KEEP_FIRST) {
            if (!linkIfAbsent(tmp, target)) {
                LOG.warn("event=duplicate_instance {} study={} series={} action=kept_first file={}", where,
                        header.studyInstanceUid(), header.seriesInstanceUid(), target);
                return StoreOutcome.success(StoreStatus.DUPLICATE_KEPT, new SpooledInstance(header, target,
                        Files.size(target), Optional.empty(), clock.instant()));
            }
            AtomicFiles.fsyncDirectory(target.getParent());
            return StoreOutcome.success(StoreStatus.STORED, stored);
        }
        boolean existed = Files.exists(target);
        AtomicFiles.moveAtomically(tmp, target);
        AtomicFiles.fsyncDirectory(target.getParent());
        if (existed) {
            LOG.warn("event=duplicate_instance {} study={} series={} action=overwritten file={}", where,
                    header.studyInstanceUid(), header.seriesInstanceUid(), target);
            return StoreOutcome.success(StoreStatus.DUPLICATE_REPLACED, stored);
        }
        return StoreOutcome.success(StoreStatus.STORED, stored);
    }

    /** Hard-links {@code tmp} as {@code target} unless the target exists (atomic); false when it existed. */
    private static boolean linkIfAbsent(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // no hard links on this file system: check, then rename (a racing twin may replace us, same UID)
            if (Files.exists(target)) {
                return false;
            }
            AtomicFiles.moveAtomically(tmp, target);
            return true;
        }
    }

    private void createDirectoriesDurably(Path dir) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path p = dir; p != null && !p.equals(root) && !Files.isDirectory(p); p = p.getParent()) {
            created.add(0, p);
        }
        for (Path p : created) {
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                continue; // a concurrent store made it; its creator syncs the parent
            }
            AtomicFiles.fsyncDirectory(p.getParent());
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
    private static Optional<DicomParseException> copyChecked(InputStream in, OutputStream out, TransferSyntax ts, String where)
            throws IOException {
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
        LOG.warn("event=store_refused status={} {} comment=\"{}\"", String.format("%04X", status.dimseStatus()),
                details, comment);
        return StoreOutcome.failure(status, comment);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
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
            for (Path study : studies.filter(p -> Files.isDirectory(p) && SpoolPaths.isSafeUid(name(p))).sorted().toList()) {
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
            for (Path s : series.filter(p -> Files.isDirectory(p) && SpoolPaths.isSafeUid(name(p))).sorted().toList()) {
                try (Stream<Path> files = Files.list(s)) {
                    for (Path f : files.filter(p -> name(p).endsWith(SpoolPaths.SUFFIX) && !name(p).startsWith("."))
                            .sorted().toList()) {
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
            InstanceHeader h = InstanceHeaders.from(df.dataset(),
                    df.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle).orElse(""));
            return Optional.of(new SpooledInstance(h, f, Files.size(f), Optional.empty(),
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
