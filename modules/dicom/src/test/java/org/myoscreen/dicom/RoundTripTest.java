package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip read → write → read over the uncompressed files of pydicom's corpus, in Explicit and in Implicit
 * VR Little Endian, checked two ways: our re-read dataset equals the original, and DCMTK's {@code dcmdump}
 * prints the same dataset for the original file and for ours.
 *
 * <p>Normalisations of the dcmdump text, each a difference of encoding the writer is allowed to make:
 * <ul>
 *   <li>comment lines ("# Dicom-File-Format", "# Used TransferSyntax", DICOMDIR record offsets) and file meta
 *       elements (0002,xxxx) are dropped: the meta group is ours by design (a DICOMDIR's offset elements are
 *       copied as values, not recomputed; writing DICOMDIRs is out of scope);</li>
 *   <li>group length elements (gggg,0000) are dropped: DatasetWriter does not write these retired elements;</li>
 *   <li>the value length column is dropped (odd lengths become even by padding; sequences and items become
 *       undefined length) and so are "with explicit/undefined length" and "for re-encoding" annotations and the
 *       delimitation items that only undefined lengths have;</li>
 *   <li>for the Implicit VR output the VR column is dropped (Implicit VR does not carry it), and the values of
 *       private elements and of Pixel Data are not compared in the dump: without a VR dcmdump prints them as hex
 *       words (UN or OW) where the original showed text or bytes. Their bytes are compared exactly by the dataset
 *       comparison of the same test.</li>
 * </ul>
 */
class RoundTripTest {

    private static final Path DCMDUMP = Paths.get("/usr/bin/dcmdump");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> uncompressedCorpusFilesRoundTrip() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(PydicomCorpusTest.CORPUS), "pydicom test corpus not installed");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PydicomCorpusTest.CORPUS)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            String name = PydicomCorpusTest.CORPUS.relativize(file).toString();
            DicomFile original;
            try {
                original = Part10Reader.read(file);
            } catch (DicomException e) {
                continue; // rejected files are PydicomCorpusTest's business
            }
            if (original.transferSyntax().encapsulated() || original.dataset().isEmpty()) {
                continue;
            }
            for (TransferSyntax ts :
                    List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
                tests.add(DynamicTest.dynamicTest(
                        name + " as " + (ts.explicitVr() ? "explicit" : "implicit"),
                        () -> roundTrip(file, original, ts)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests.stream();
    }

    private void roundTrip(Path file, DicomFile original, TransferSyntax ts) throws Exception {
        Path copy = Files.createTempFile(dir, "rt", ".dcm");
        Attributes dataset = original.dataset();
        try (var out = Files.newOutputStream(copy)) {
            Attributes meta = new Attributes();
            meta.setString(Tag.TransferSyntaxUID, VR.UI, ts.uid());
            meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, dataset.getString(Tag.SOPClassUID, "1.2"));
            meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, dataset.getString(Tag.SOPInstanceUID, "1.2"));
            meta.setString(Tag.ImplementationClassUID, VR.UI, Implementation.CLASS_UID);
            Part10Writer.writeFileMetaInformation(out, meta);
            DatasetWriter.write(dataset, ts, out);
        }
        Attributes back = Part10Reader.read(copy).dataset();
        Attributes expected = withoutGroupLengths(dataset);
        if (ts.explicitVr()) {
            assertThat(back).isEqualTo(expected);
        } else {
            assertSameValues(expected, back, "");
        }
        if (Files.isExecutable(DCMDUMP)) {
            List<String> before = dump(file, !ts.explicitVr());
            List<String> after = dump(copy, !ts.explicitVr());
            if (!after.equals(before)) {
                List<String> missing = new ArrayList<>(before);
                after.forEach(missing::remove);
                List<String> extra = new ArrayList<>(after);
                before.forEach(extra::remove);
                throw new AssertionError("dcmdump of our " + ts.uid() + " copy of " + file
                        + " differs:\n only original: "
                        + String.join("\n   ", missing.subList(0, Math.min(20, missing.size())))
                        + "\n only ours: " + String.join("\n   ", extra.subList(0, Math.min(20, extra.size()))));
            }
        }
    }

    /** DCMTK reads what we write in every writable syntax, deflated included, as the same dataset. */
    @TestFactory
    Stream<DynamicTest> dcmtkReadsOurFilesInEveryWritableSyntax() {
        Assumptions.assumeTrue(Files.isExecutable(DCMDUMP), "dcmdump not installed");
        Attributes ds = org.myoscreen.dicom.testing.TestDatasets.mrImage(16, 16);
        ds.newSequence(Tag.ReferencedSeriesSequence)
                .add(new Attributes().setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3"));
        List<DynamicTest> tests = new ArrayList<>();
        for (TransferSyntax ts : List.of(
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            tests.add(DynamicTest.dynamicTest(ts.uid(), () -> {
                Path file = Files.createTempFile(dir, "mr", ".dcm");
                Part10Writer.write(file, ds, ts);
                Path reference = Files.createTempFile(dir, "ref", ".dcm");
                Part10Writer.write(reference, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                List<String> dump = dump(file, !ts.explicitVr());
                assertThat(dump).isEqualTo(dump(reference, !ts.explicitVr()));
                assertThat(String.join("\n", dump)).contains("[Müller^Jürgen]").contains("[1.2.3]");
            }));
        }
        return tests.stream();
    }

    /** Implicit VR loses VRs the dictionary cannot restore; values, tags and structure must survive. */
    private static void assertSameValues(Attributes expected, Attributes actual, String path) {
        assertThat(actual.tags()).as(path).containsExactly(expected.tags());
        for (DataElement e : expected) {
            DataElement a = actual.get(e.tag()).orElseThrow();
            String where = path + Tag.toString(e.tag());
            assertThat(a.isSequence()).as(where).isEqualTo(e.isSequence() || (a.isSequence() && e.vr() == VR.UN));
            if (a.isSequence() && e.isSequence()) {
                assertThat(a.items()).as(where).hasSameSizeAs(e.items());
                for (int i = 0; i < e.items().size(); i++) {
                    assertSameValues(e.items().get(i), a.items().get(i), where + "[" + i + "]");
                }
            } else if (!a.isSequence()) {
                assertThat(a.bytes()).as(where).isEqualTo(Attributes.pad(e.bytes(), e.vr()));
            }
        }
    }

    private static Attributes withoutGroupLengths(Attributes ds) {
        Attributes out = new Attributes();
        for (DataElement e : ds) {
            if (Tag.element(e.tag()) == 0) {
                continue;
            }
            if (e.isSequence()) {
                List<Attributes> items = out.newSequence(e.tag());
                for (Attributes item : e.items()) {
                    items.add(withoutGroupLengths(item));
                }
            } else if (e.isFragments() || e.length() % 2 == 0) {
                out.add(e);
            } else {
                out.setBytes(e.tag(), e.vr(), e.bytes());
            }
        }
        return out;
    }

    private static final Pattern LINE = Pattern.compile(
            "^(\\s*)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\S\\S) (.*?)\\s*#\\s*(\\S+),\\s*(\\S+)\\s+(.*)$");

    static List<String> dump(Path file, boolean dropVr) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(DCMDUMP.toString(), "-q", file.toString())
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("dcmdump exit status for %s: %s", file, out)
                .isZero();
        List<String> lines = new ArrayList<>();
        int elements = 0;
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                lines.add(line.strip());
                continue;
            }
            elements++;
            String group = m.group(2);
            String element = m.group(3);
            if (group.equals("0002")
                    || (element.equals("0000") && !group.equals("fffe"))
                    || (group.equals("fffe") && !element.equals("e000"))) {
                continue;
            }
            String value = m.group(5)
                    .replaceAll(" with (explicit|undefined) length", "")
                    .replace(" for re-encoding", "");
            // dcmdump shows "??" for an element of unknown VR read in Implicit VR; written explicitly it is UN.
            String vr = dropVr ? "" : m.group(4).replace("??", "UN");
            boolean privateGroup = (Integer.parseInt(group, 16) & 1) == 1;
            if (dropVr && (privateGroup || (group.equals("7fe0") && element.equals("0010")))) {
                // Without VRs dcmdump shows private values and 8-bit Pixel Data as hex words; bytes are checked above.
                lines.add(m.group(1) + "(" + group + "," + element + ") <value not comparable without VR>");
                continue;
            }
            lines.add(m.group(1) + "(" + group + "," + element + ") " + vr + " " + value + " vm=" + m.group(7) + " "
                    + m.group(8));
        }
        // a dump that parsed nothing would make the comparison vacuous
        assertThat(elements).as("elements dcmdump printed for %s", file).isGreaterThan(3);
        return lines;
    }
}
