package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.testing.TestDatasets;

/**
 * Fuzz-style robustness: mutated files and datasets (byte flips, truncations, huge and undefined lengths) are
 * either read or rejected with a {@link DicomException}; never another exception, never a hang (each case runs
 * under a generous 5 s bound, a hang detector rather than a speed assertion), never an OutOfMemoryError under
 * surefire's default heap. The random generator is seeded, so every run checks the same 2,400 cases.
 */
class FuzzTest {

    private static final int CASES_PER_SEED = 300;
    private static final Duration BOUND = Duration.ofSeconds(5);

    private static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        Attributes ds = TestDatasets.mrImage(8, 8);
        Attributes item = new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        item.newSequence(Tag.ReferencedImageSequence).add(new Attributes().setInt(Tag.ReferencedFrameNumber, VR.IS, 1));
        ds.newSequence(Tag.ReferencedInstanceSequence).add(item);
        for (TransferSyntax ts : List.of(
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(out, ds, ts);
            seeds.add(out.toByteArray());
        }
        for (String name : List.of(
                "rtplan.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm", "nested_priv_SQ.dcm", "UN_sequence.dcm")) {
            Path file = PydicomCorpusTest.CORPUS.resolve(name);
            if (Files.isRegularFile(file)) {
                seeds.add(Files.readAllBytes(file));
            }
        }
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip a few bytes
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 2 -> putInt(b, random.nextInt(b.length - 4), 0x7FFFFFF0 + random.nextInt(15)); // huge length
            case 3 -> putInt(b, random.nextInt(b.length - 4), 0xFFFFFFFF); // undefined length
            default -> { // a random 32-bit value, then a flip elsewhere
                putInt(b, random.nextInt(b.length - 4), random.nextInt());
                b[random.nextInt(b.length)] ^= (byte) 0x80;
            }
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    @Test
    void mutatedInputIsReadOrRejectedCleanly() throws Exception {
        Random random = new Random(20261121L);
        int read = 0;
        int rejected = 0;
        List<byte[]> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(3);
        for (int s = 0; s < seeds.size(); s++) {
            for (int c = 0; c < CASES_PER_SEED; c++) {
                byte[] input = mutate(seeds.get(s), random);
                boolean knownLength = random.nextBoolean();
                String name = "seed" + s + "-case" + c;
                boolean ok = assertTimeoutPreemptively(BOUND, () -> readOrReject(input, knownLength, name), name);
                if (ok) {
                    read++;
                } else {
                    rejected++;
                }
            }
        }
        // both outcomes must occur, or the mutations are not doing their job
        assertThat(read).isGreaterThan(100);
        assertThat(rejected).isGreaterThan(100);
    }

    /** Returns true when read, false when rejected with a DicomException; anything else propagates and fails. */
    private static boolean readOrReject(byte[] input, boolean knownLength, String name) {
        try {
            DicomFile file =
                    new Part10Reader(new ByteArrayInputStream(input), name, knownLength ? input.length : -1).read();
            DicomJson.toJson(file.dataset());
            if (!file.transferSyntax().encapsulated() && !file.transferSyntax().bigEndian()) {
                byte[] rewritten = DatasetWriter.toBytes(file.dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                Transcoder.transcode(
                        new ByteArrayInputStream(rewritten),
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                        new ByteArrayOutputStream(),
                        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                        name);
            }
            return true;
        } catch (DicomException e) {
            assertThat(e.getMessage()).contains(name);
            return false;
        }
    }

    @Test
    void mutatedBareDatasetsTranscodeOrFailCleanly() throws Exception {
        Random random = new Random(7L);
        byte[] seed = DatasetWriter.toBytes(TestDatasets.mrImage(8, 8), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        for (int c = 0; c < CASES_PER_SEED; c++) {
            byte[] input = mutate(seed, random);
            String name = "bare-case" + c;
            assertTimeoutPreemptively(
                    BOUND,
                    () -> {
                        try {
                            Transcoder.transcode(
                                    new ByteArrayInputStream(input),
                                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                                    new ByteArrayOutputStream(),
                                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                                    name);
                        } catch (DicomException e) {
                            assertThat(e.getMessage()).contains(name);
                        }
                    },
                    name);
        }
    }
}
