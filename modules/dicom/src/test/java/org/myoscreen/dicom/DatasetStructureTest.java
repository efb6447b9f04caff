package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
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
 * The spool's streaming framing check: whole datasets pass, a dataset cut anywhere inside an element fails, and
 * mutated input either passes or fails with a {@link DicomParseException}, never anything else and never a hang.
 * The fuzz is seeded (the same cases on every run); {@code -Dfuzz.cases=N} runs N cases per seed (bench/faults).
 */
class DatasetStructureTest {

    private static final int CASES_PER_SEED = Integer.getInteger("fuzz.cases", 300);
    private static final Duration BOUND = Duration.ofSeconds(5);

    /** A bare dataset and its transfer syntax. */
    private record Seed(String name, byte[] dataset, TransferSyntax ts) {}

    private static List<Seed> seeds() throws Exception {
        List<Seed> seeds = new ArrayList<>();
        Attributes ds = TestDatasets.mrImage(16, 16);
        Attributes item = new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        item.newSequence(Tag.ReferencedImageSequence).add(new Attributes().setInt(Tag.ReferencedFrameNumber, VR.IS, 1));
        ds.newSequence(Tag.ReferencedInstanceSequence).add(item);
        for (TransferSyntax ts :
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
            seeds.add(new Seed("mr-" + ts.uid(), DatasetWriter.toBytes(ds, ts), ts));
        }
        for (String name : List.of(
                "rtplan.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm", "nested_priv_SQ.dcm", "UN_sequence.dcm")) {
            Path file = PydicomCorpusTest.CORPUS.resolve(name);
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file);
                        Part10Reader r = new Part10Reader(in, name)) {
                    TransferSyntax ts = r.transferSyntax();
                    seeds.add(new Seed(name, r.datasetStream().readAllBytes(), ts));
                }
            }
        }
        return seeds;
    }

    private static long check(byte[] dataset, TransferSyntax ts, String name) throws Exception {
        return DatasetStructure.check(new ByteArrayInputStream(dataset), ts, name);
    }

    @Test
    void wholeDatasetsPassAndEveryByteIsRead() throws Exception {
        for (Seed seed : seeds()) {
            assertThat(check(seed.dataset(), seed.ts(), seed.name()))
                    .as(seed.name())
                    .isEqualTo(seed.dataset().length);
        }
    }

    @Test
    void pixelDataCutShortFailsAlthoughTheHeaderBeforeItReads() throws Exception {
        Attributes ds = TestDatasets.mrImage(16, 16);
        for (TransferSyntax ts :
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
            byte[] whole = DatasetWriter.toBytes(ds, ts);
            byte[] cut = Arrays.copyOf(whole, whole.length - 200);
            assertThat(new DatasetReader(new ByteArrayInputStream(cut), ts, "cut")
                            .readUntil(Tag.PixelData)
                            .contains(Tag.SOPInstanceUID))
                    .isTrue();

            assertThatThrownBy(() -> check(cut, ts, "cut"))
                    .isInstanceOf(DicomParseException.class)
                    .hasMessageContaining("truncated")
                    .hasMessageContaining("(7FE0,0010)");
        }
    }

    @Test
    void everyCutInsideAnElementFailsAndEveryCutAtATopLevelBoundaryPasses() throws Exception {
        Attributes ds = TestDatasets.mrImage(4, 4);
        Attributes item = new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        ds.newSequence(Tag.ReferencedInstanceSequence).add(item);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] whole = DatasetWriter.toBytes(ds, ts);
        List<Integer> boundaries = new ArrayList<>();
        int position = 0;
        for (DataElement e : ds) {
            position += DatasetWriter.toBytes(new Attributes().add(e), ts).length;
            boundaries.add(position);
        }
        assertThat(position).isEqualTo(whole.length);
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            if (boundaries.contains(length)) {
                assertThat(check(cut, ts, "cut" + length)).isEqualTo(length);
            } else {
                int at = length;
                assertThatThrownBy(() -> check(cut, ts, "cut" + at))
                        .as("cut at %d", at)
                        .isInstanceOf(DicomParseException.class);
            }
        }
    }

    @Test
    void mutatedDatasetsPassOrFailWithAParseException() throws Exception {
        Random random = new Random(20261206L);
        int passed = 0;
        int failed = 0;
        for (Seed seed : seeds()) {
            for (int c = 0; c < CASES_PER_SEED; c++) {
                byte[] input = mutate(seed.dataset(), random);
                String name = seed.name() + "-case" + c;
                boolean ok = assertTimeoutPreemptively(
                        BOUND,
                        () -> {
                            try {
                                check(input, seed.ts(), name);
                                return true;
                            } catch (DicomParseException e) {
                                assertThat(e.getMessage()).contains(name);
                                return false;
                            }
                        },
                        name);
                if (ok) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        // both outcomes must occur, or the mutations are not doing their job
        assertThat(passed).isGreaterThan(CASES_PER_SEED / 10);
        assertThat(failed).isGreaterThan(CASES_PER_SEED / 2);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> putInt(b, random.nextInt(b.length - 4), 0x7FFFFFF0 + random.nextInt(15));
            case 3 -> putInt(b, random.nextInt(b.length - 4), 0xFFFFFFFF);
            default -> {
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
    void aDeflatedDatasetIsCheckedAfterInflating() throws Exception {
        Attributes ds = TestDatasets.mrImage(8, 8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Part10Writer.write(file, ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        try (Part10Reader r = new Part10Reader(new ByteArrayInputStream(file.toByteArray()), "deflated")) {
            byte[] deflated = r.datasetStream().readAllBytes();
            assertThat(check(deflated, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "deflated"))
                    .isEqualTo(DatasetWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).length);
        }
    }
}
