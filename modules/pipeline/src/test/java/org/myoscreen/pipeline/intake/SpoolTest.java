package org.myoscreen.pipeline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetWriter;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;
import org.myoscreen.pipeline.ManualClock;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.pipeline.PatientPosition;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.StoreStatus;
import org.myoscreen.pipeline.internal.AtomicFiles;
import org.myoscreen.pipeline.internal.IntakeSlots;
import org.myoscreen.volume.Sha256;

class SpoolTest {

    private final List<Spool> spools = new ArrayList<>();

    /** Registers {@code spool} to be closed after the test (its background thread writes in the temp folder). */
    private Spool opened(Spool spool) {
        spools.add(spool);
        return spool;
    }

    @AfterEach
    void closeSpools() {
        spools.forEach(Spool::close);
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));

    private Spool spool(SpoolConfig.DuplicatePolicy policy) {
        return opened(new Spool(new SpoolConfig(dir.resolve("spool"), 0, policy), clock));
    }

    private static StoreFacts facts(Attributes ds, TransferSyntax ts) {
        return new StoreFacts(
                "assoc-1",
                "SCANNER",
                ds.getString(Tag.SOPClassUID).orElseThrow(),
                ds.getString(Tag.SOPInstanceUID).orElseThrow(),
                ts.uid());
    }

    private static InputStream bytes(Attributes ds, TransferSyntax ts) {
        return new ByteArrayInputStream(DatasetWriter.toBytes(ds, ts));
    }

    /** Every regular file under the spool root, temporary ones and filled slots included; free (empty) slots not. */
    private List<Path> filesInSpool() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("spool"))) {
            return s.filter(Files::isRegularFile).filter(p -> !isFreeSlot(p)).toList();
        }
    }

    static boolean isFreeSlot(Path p) {
        try {
            return IntakeSlots.isFree(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void storesAPart10FileAtItsUidPathWithTheReceivedDataset() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes ds = TestDatasets.mrImage(4, 4);
        ds.setString(Tag.SeriesDescription, VR.LO, "t1_vibe_dixon_tra_W");

        StoreOutcome out = spool.store(
                facts(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                bytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status()).isEqualTo(StoreStatus.STORED);
        Path expected = dir.resolve("spool")
                .resolve(ds.getString(Tag.StudyInstanceUID).orElseThrow())
                .resolve(ds.getString(Tag.SeriesInstanceUID).orElseThrow())
                .resolve(ds.getString(Tag.SOPInstanceUID).orElseThrow() + ".dcm")
                .toAbsolutePath();
        SpooledInstance stored = out.instance().orElseThrow();
        assertThat(stored.file()).isEqualTo(expected);
        assertThat(stored.sha256())
                .as("hashed when the job is built, not before Success")
                .isEmpty();
        assertThat(stored.sizeBytes()).isEqualTo(Files.size(expected));
        assertThat(stored.header().seriesDescription()).contains("t1_vibe_dixon_tra_W");
        assertThat(stored.header().orientation()).isEqualTo(Orientation.AXIAL);
        assertThat(stored.header().callingAeTitle()).isEqualTo("SCANNER");
        DicomFile read = Part10Reader.read(expected);
        assertThat(read.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle))
                .contains("SCANNER");
        assertThat(read.dataset().getBytes(Tag.PixelData))
                .contains(ds.getBytes(Tag.PixelData).orElseThrow());
        spool.releaseSlotsNow();
        assertThat(filesInSpool()).containsExactly(expected);
    }

    @Test
    void readsAHeaderLongerThanItKeepsInMemoryOnFromTheFile() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes ds = TestDatasets.mrImage(4, 4);
        // a private block of 200 kB before the Study, Series and position attributes (group 0020)
        ds.setString(0x00190010, VR.LO, "MYOSCREEN TEST");
        ds.setBytes(0x00191010, VR.OB, new byte[200_000]);

        StoreOutcome out = spool.store(
                facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status()).isEqualTo(StoreStatus.STORED);
        SpooledInstance stored = out.instance().orElseThrow();
        assertThat(stored.header().seriesInstanceUid())
                .isEqualTo(ds.getString(Tag.SeriesInstanceUID).orElseThrow());
        assertThat(stored.header().orientation()).isEqualTo(Orientation.AXIAL);
        assertThat(Part10Reader.read(stored.file()).dataset().getBytes(Tag.PixelData))
                .contains(ds.getBytes(Tag.PixelData).orElseThrow());
    }

    @Test
    void diskBelowTheWatermarkIsOutOfResourcesAndWritesNothing() throws Exception {
        Spool spool = opened(new Spool(
                new SpoolConfig(dir.resolve("spool"), Long.MAX_VALUE, SpoolConfig.DuplicatePolicy.KEEP_FIRST), clock));
        Attributes ds = TestDatasets.mrImage(4, 4);

        StoreOutcome out = spool.store(
                facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status()).isEqualTo(StoreStatus.OUT_OF_RESOURCES);
        assertThat(out.status().dimseStatus()).isEqualTo(0xA700);
        assertThat(out.errorComment()).hasValueSatisfying(c -> assertThat(c).contains("watermark"));
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void writeErrorMidwayIsOutOfResourcesAndLeavesNoPartialFile() throws Exception {
        UnaryOperator<OutputStream> diskFullAfter100Bytes = os -> new FilterOutputStream(os) {
            private int written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 100) {
                    throw new IOException("No space left on device");
                }
                written += len;
                out.write(b, off, len);
            }
        };
        Spool spool = opened(new Spool(
                new SpoolConfig(dir.resolve("spool"), 0, SpoolConfig.DuplicatePolicy.KEEP_FIRST),
                clock,
                diskFullAfter100Bytes));
        Attributes ds = TestDatasets.mrImage(64, 64);

        StoreOutcome out = spool.store(
                facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status()).isEqualTo(StoreStatus.OUT_OF_RESOURCES);
        assertThat(out.errorComment()).hasValueSatisfying(c -> assertThat(c).contains("No space left"));
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void brokenDatasetStreamIsRefusedAndLeavesNoPartialFile() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes ds = TestDatasets.mrImage(64, 64);
        byte[] all = DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        InputStream abortedAfter500 = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= 500) {
                    throw new IOException("association aborted");
                }
                return all[pos++] & 0xFF;
            }
        };

        StoreOutcome out = spool.store(facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), abortedAfter500);

        assertThat(out.status().isSuccess()).isFalse();
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void unparseableDatasetIsCannotUnderstandWithAComment() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        // (0008,0016) UI with a length of 0xFFF0 bytes but only 4 bytes follow
        byte[] garbage = {0x08, 0x00, 0x16, 0x00, 'U', 'I', (byte) 0xF0, (byte) 0xFF, '1', '.', '2', 0};

        StoreOutcome out = spool.store(
                new StoreFacts(
                        "a", "SCANNER", Uids.MR_IMAGE_STORAGE, "1.2.3", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                new ByteArrayInputStream(garbage));

        assertThat(out.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
        assertThat(out.status().dimseStatus()).isEqualTo(0xC000);
        assertThat(out.errorComment()).hasValueSatisfying(c -> assertThat(c).startsWith("Cannot parse dataset"));
        assertThat(out.errorComment().orElseThrow().length()).isLessThanOrEqualTo(64);
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void missingStudySeriesOrSopInstanceUidIsCannotUnderstandNamingTheAttribute() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        int[] tags = {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID};
        String[] names = {
            "Study Instance UID (0020,000D) missing",
            "Series Instance UID (0020,000E) missing",
            "SOP Instance UID (0008,0018) missing"
        };
        for (int i = 0; i < tags.length; i++) {
            Attributes ds = TestDatasets.mrImage(2, 2);
            StoreFacts facts = facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            ds.remove(tags[i]);

            StoreOutcome out = spool.store(facts, bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

            assertThat(out.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
            assertThat(out.errorComment()).contains(names[i]);
        }
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void uidsThatWouldEscapeTheSpoolAreRefused() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes ds = TestDatasets.mrImage(2, 2);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "../../../tmp/evil");

        StoreOutcome out = spool.store(
                facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        StoreOutcome badRequest = spool.store(
                new StoreFacts(
                        "a",
                        "SCANNER",
                        Uids.MR_IMAGE_STORAGE,
                        "1.2/../3",
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
        assertThat(out.errorComment()).contains("Series Instance UID (0020,000E) is not a valid UID");
        assertThat(badRequest.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
        assertThat(badRequest.errorComment()).contains("Affected SOP Instance UID is not a valid UID");
        assertThat(filesInSpool()).isEmpty();
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !isFreeSlot(p)))
                    .isEmpty();
        }
    }

    @Test
    void sopInstanceUidDifferentFromTheRequestIsRefused() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes ds = TestDatasets.mrImage(2, 2);
        StoreFacts facts = new StoreFacts(
                "a", "SCANNER", Uids.MR_IMAGE_STORAGE, "1.2.3.4", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());

        StoreOutcome out = spool.store(facts, bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
        assertThat(out.errorComment()).contains("SOP Instance UID differs from the request");
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void sopClassDifferentFromTheRequestDoesNotMatch() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes ds = TestDatasets.mrImage(2, 2);
        StoreFacts facts = new StoreFacts(
                "a",
                "SCANNER",
                Uids.CT_IMAGE_STORAGE,
                ds.getString(Tag.SOPInstanceUID).orElseThrow(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());

        StoreOutcome out = spool.store(facts, bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(out.status().dimseStatus()).isEqualTo(0xA900);
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void anInstanceWrittenAfterALongerOneAndARefusedOneHoldsOnlyItsOwnBytes() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Attributes longer = TestDatasets.mrImage(64, 64);
        longer.setString(0x00190010, VR.LO, "MYOSCREEN TEST");
        longer.setBytes(0x00191010, VR.OB, filled(40_000, (byte) 0x5A));
        Attributes cutShort = TestDatasets.mrImage(64, 64);
        byte[] whole = DatasetWriter.toBytes(cutShort, ts);
        Attributes shorter = TestDatasets.mrImage(2, 2);

        assertThat(spool.store(facts(longer, ts), bytes(longer, ts)).status()).isEqualTo(StoreStatus.STORED);
        // refused mid-dataset: the write buffer still holds its bytes when the store ends
        StoreOutcome refused =
                spool.store(facts(cutShort, ts), new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 1000)));
        assertThat(refused.status()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND);
        StoreOutcome out = spool.store(facts(shorter, ts), bytes(shorter, ts));

        // the buffers of the stores before are used again: the file is this dataset, byte for byte
        byte[] file = Files.readAllBytes(out.instance().orElseThrow().file());
        byte[] dataset = DatasetWriter.toBytes(shorter, ts);
        assertThat(Arrays.copyOfRange(file, file.length - dataset.length, file.length))
                .isEqualTo(dataset);
        DicomFile read = Part10Reader.read(out.instance().orElseThrow().file());
        assertThat(read.dataset().getString(Tag.SOPInstanceUID)).isEqualTo(shorter.getString(Tag.SOPInstanceUID));
        assertThat(read.dataset().contains(0x00191010)).isFalse();
        assertThat(out.instance().orElseThrow().sizeBytes()).isEqualTo(file.length);
    }

    private static byte[] filled(int length, byte value) {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        return b;
    }

    @ParameterizedTest
    @EnumSource(SpoolConfig.DuplicatePolicy.class)
    void instancesOfASeriesShareItsFolderAndAFolderRemovedMeanwhileIsMadeAgain(SpoolConfig.DuplicatePolicy policy)
            throws Exception {
        Spool spool = spool(policy);
        Attributes first = TestDatasets.mrImage(2, 2);
        Attributes second = first.copy();
        second.setString(Tag.SOPInstanceUID, VR.UI, Uids.newUid());
        Attributes third = first.copy();
        third.setString(Tag.SOPInstanceUID, VR.UI, Uids.newUid());
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

        Path firstFile = spool.store(facts(first, ts), bytes(first, ts))
                .instance()
                .orElseThrow()
                .file();
        Path secondFile = spool.store(facts(second, ts), bytes(second, ts))
                .instance()
                .orElseThrow()
                .file();
        assertThat(secondFile.getParent()).isEqualTo(firstFile.getParent());
        spool.releaseSlotsNow();
        // the whole study goes, as when its job is done and the spool is cleaned
        try (Stream<Path> s = Files.walk(firstFile.getParent().getParent())) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        StoreOutcome again = spool.store(facts(third, ts), bytes(third, ts));

        assertThat(again.status()).isEqualTo(StoreStatus.STORED);
        Path thirdFile = again.instance().orElseThrow().file();
        assertThat(thirdFile.getParent()).isEqualTo(firstFile.getParent());
        assertThat(Part10Reader.read(thirdFile).dataset().getString(Tag.SOPInstanceUID))
                .isEqualTo(third.getString(Tag.SOPInstanceUID));
        spool.releaseSlotsNow();
        assertThat(filesInSpool()).containsExactly(thirdFile);
    }

    @Test
    void duplicateIsKeptOnceByDefault() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes first = TestDatasets.mrImage(2, 2);
        first.setString(Tag.SeriesDescription, VR.LO, "first");
        Attributes second = first.copy();
        second.setString(Tag.SeriesDescription, VR.LO, "second");

        spool.store(
                facts(first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        StoreOutcome again = spool.store(
                facts(second, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(second, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(again.status()).isEqualTo(StoreStatus.DUPLICATE_KEPT);
        assertThat(again.status().dimseStatus()).isZero();
        Path file = again.instance().orElseThrow().file();
        assertThat(Part10Reader.read(file).dataset().getString(Tag.SeriesDescription))
                .contains("first");
        spool.releaseSlotsNow();
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void duplicateReplacesTheStoredFileWhenConfiguredToOverwrite() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.OVERWRITE);
        Attributes first = TestDatasets.mrImage(2, 2);
        first.setString(Tag.SeriesDescription, VR.LO, "first");
        Attributes second = first.copy();
        second.setString(Tag.SeriesDescription, VR.LO, "second");

        spool.store(
                facts(first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        StoreOutcome again = spool.store(
                facts(second, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(second, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        assertThat(again.status()).isEqualTo(StoreStatus.DUPLICATE_REPLACED);
        Path file = again.instance().orElseThrow().file();
        assertThat(Part10Reader.read(file).dataset().getString(Tag.SeriesDescription))
                .contains("second");
        spool.releaseSlotsNow();
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void temporaryFilesLeftByACrashAreRemovedOnOpen() throws Exception {
        Path incoming = dir.resolve("spool").resolve(Spool.INCOMING);
        Files.createDirectories(incoming);
        Files.write(incoming.resolve(".tmp-crashed.dcm"), new byte[] {1, 2, 3});

        spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);

        assertThat(filesInSpool()).isEmpty();
    }

    /** Stores an instance, then moves its file back into a slot, as a crash between fdatasync and rename leaves it. */
    private Path slotLeftByACrash(Attributes ds) throws IOException {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        StoreOutcome out = spool.store(
                facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(out.status()).isEqualTo(StoreStatus.STORED);
        spool.close();
        Path slot = dir.resolve("spool").resolve(Spool.INCOMING).resolve(IntakeSlots.PREFIX + "crashed.dcm");
        Files.move(out.instance().orElseThrow().file(), slot);
        return slot;
    }

    /** The filled slots in {@code .incoming/}: instances whose slot names were not released (yet). */
    private List<Path> filledSlots() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("spool").resolve(Spool.INCOMING))) {
            return s.filter(p -> !isFreeSlot(p)).toList();
        }
    }

    @Test
    void acknowledgedInstanceKeepsItsSlotNameUntilTheFoldersOnItsPathAreForced() throws Exception {
        List<Runnable> background = new ArrayList<>();
        Spool open = opened(new Spool(
                new SpoolConfig(dir.resolve("spool"), 0, SpoolConfig.DuplicatePolicy.KEEP_FIRST), clock, (Executor)
                        background::add));
        Attributes ds = TestDatasets.mrImage(4, 4);

        Path file = open.store(
                        facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                        bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .instance()
                .orElseThrow()
                .file();
        List<Path> beforeRelease = filledSlots();
        boolean slotIsTheInstance = Files.isSameFile(beforeRelease.get(0), file);
        int unreleasedBefore = open.unreleasedSlots();
        background.forEach(Runnable::run);

        // until the folders are forced, a crash may lose the new name but not the slot's
        assertThat(beforeRelease).hasSize(1);
        assertThat(slotIsTheInstance).isTrue();
        assertThat(unreleasedBefore).isEqualTo(1);
        assertThat(open.unreleasedSlots()).isZero();
        assertThat(filledSlots()).isEmpty();
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void slotStillLinkedToItsPlaceIsRemovedOnOpenWithoutTouchingTheInstance() throws Exception {
        Attributes ds = TestDatasets.mrImage(4, 4);
        Path slot = slotLeftByACrash(ds);
        Path file = dir.resolve("spool")
                .resolve(ds.getString(Tag.StudyInstanceUID).orElseThrow())
                .resolve(ds.getString(Tag.SeriesInstanceUID).orElseThrow())
                .resolve(ds.getString(Tag.SOPInstanceUID).orElseThrow() + ".dcm");
        Files.createLink(file, slot); // the state between Success and the release of the slot name
        String sha = Sha256.ofFile(file);

        List<SpooledInstance> found =
                spool(SpoolConfig.DuplicatePolicy.OVERWRITE).scan();

        assertThat(found).singleElement().satisfies(i -> assertThat(i.file()).isEqualTo(file));
        assertThat(Sha256.ofFile(file)).isEqualTo(sha);
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void completeSlotLeftByACrashIsPutInPlaceOnOpenAndScanned() throws Exception {
        Attributes ds = TestDatasets.mrImage(8, 8);
        Path slot = slotLeftByACrash(ds);
        String sha = Sha256.ofFile(slot);

        List<SpooledInstance> found =
                spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST).scan();

        assertThat(found).singleElement().satisfies(i -> {
            assertThat(i.header().sopInstanceUid())
                    .isEqualTo(ds.getString(Tag.SOPInstanceUID).orElseThrow());
            assertThat(i.header().callingAeTitle()).isEqualTo("SCANNER");
            assertThat(Sha256.ofFile(i.file())).isEqualTo(sha);
            assertThat(Part10Reader.read(i.file()).dataset().getBytes(Tag.PixelData))
                    .contains(ds.getBytes(Tag.PixelData).orElseThrow());
        });
        assertThat(filesInSpool()).containsExactly(found.get(0).file());
    }

    /**
     * Stores "first", then "second" of the same instance with overwrite, and leaves the files as a crash may:
     * {@code inPlace} at the instance's path, the other in a slot.
     */
    private Path twoCopiesLeftByACrash(String inPlace) throws IOException {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.OVERWRITE);
        Attributes ds = TestDatasets.mrImage(4, 4);
        Path slot = dir.resolve("spool").resolve(Spool.INCOMING).resolve(IntakeSlots.PREFIX + "crashed.dcm");
        Path file = null;
        for (String description : List.of("first", "second")) {
            ds.setString(Tag.SeriesDescription, VR.LO, description);
            file = spool.store(
                            facts(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                            bytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                    .instance()
                    .orElseThrow()
                    .file();
            spool.releaseSlotsNow();
            Files.copy(file, description.equals(inPlace) ? file.resolveSibling("kept") : slot);
        }
        spool.close();
        Files.move(file.resolveSibling("kept"), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Test
    void slotAcknowledgedLaterReplacesTheStoredFileOnOpenWhenConfiguredToOverwrite() throws Exception {
        Path file = twoCopiesLeftByACrash("first"); // the rename of "second" over "first" did not reach the disk

        spool(SpoolConfig.DuplicatePolicy.OVERWRITE);

        assertThat(Part10Reader.read(file).dataset().getString(Tag.SeriesDescription))
                .contains("second");
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void linkLeftBesideAStoredFileByACrashIsDeletedOnOpen() throws Exception {
        Path file = twoCopiesLeftByACrash("second");
        Path beside = file.resolveSibling(AtomicFiles.TEMP_PREFIX + "crashed");
        Files.createLink(beside, file); // linked beside the stored copy, not yet renamed over it

        spool(SpoolConfig.DuplicatePolicy.OVERWRITE);

        assertThat(beside).doesNotExist();
        assertThat(Part10Reader.read(file).dataset().getString(Tag.SeriesDescription))
                .contains("second");
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void slotAcknowledgedEarlierDoesNotReplaceALaterCopyOnOpen() throws Exception {
        Path file = twoCopiesLeftByACrash("second"); // "first" kept its slot name, "second" is in place

        spool(SpoolConfig.DuplicatePolicy.OVERWRITE);

        assertThat(Part10Reader.read(file).dataset().getString(Tag.SeriesDescription))
                .contains("second");
        assertThat(filesInSpool()).containsExactly(file);
    }

    @Test
    void slotCutShortAtAnElementBoundaryIsDiscardedOnOpen() throws Exception {
        Attributes ds = TestDatasets.mrImage(8, 8);
        Path slot = slotLeftByACrash(ds);
        // without Pixel Data (tag, VR, reserved, length: 12 bytes, then the value) the rest still parses cleanly
        long withoutPixelData =
                Files.size(slot) - 12 - ds.getBytes(Tag.PixelData).orElseThrow().length;
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.WRITE)) {
            ch.truncate(withoutPixelData);
        }
        assertThat(Part10Reader.read(slot).dataset().contains(Tag.PixelData)).isFalse();

        List<SpooledInstance> found =
                spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST).scan();

        assertThat(found).isEmpty();
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void slotWithAChangedByteIsDiscardedOnOpen() throws Exception {
        Path slot = slotLeftByACrash(TestDatasets.mrImage(8, 8));
        byte[] content = Files.readAllBytes(slot);
        content[content.length - 1] ^= 1;
        Files.write(slot, content);

        assertThat(spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST).scan()).isEmpty();
        assertThat(filesInSpool()).isEmpty();
    }

    @Test
    void scanFindsStoredInstancesWithTheirHeadersAndCallingAe() throws Exception {
        Spool spool = spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST);
        Attributes a = TestDatasets.mrImage(2, 2);
        Attributes b = TestDatasets.mrImage(2, 2);
        spool.store(
                facts(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), bytes(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        spool.store(
                facts(b, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), bytes(b, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
        Files.write(dir.resolve("spool").resolve("not-a-uid.txt"), new byte[] {1});

        List<SpooledInstance> found =
                spool(SpoolConfig.DuplicatePolicy.KEEP_FIRST).scan();

        assertThat(found)
                .extracting(i -> i.header().sopInstanceUid())
                .containsExactlyInAnyOrder(
                        a.getString(Tag.SOPInstanceUID).orElseThrow(),
                        b.getString(Tag.SOPInstanceUID).orElseThrow());
        assertThat(found).allSatisfy(i -> {
            assertThat(i.header().callingAeTitle()).isEqualTo("SCANNER");
            assertThat(i.header().slicePositions()).containsExactly(new PatientPosition(-100.0, -120.5, 30.25));
            assertThat(i.sha256()).isEmpty();
        });
    }
}
