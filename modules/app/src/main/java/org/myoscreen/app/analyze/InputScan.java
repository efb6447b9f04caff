package org.myoscreen.app.analyze;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;

/**
 * The DICOM Part 10 files under the inputs (files, and folders walked recursively), grouped by
 * Study Instance UID in the order first seen. Only headers are read here (up to Pixel Data), so
 * memory holds one study's pixels at a time ({@link #datasets}). Files that are not DICOM Part 10 (no {@code DICM}
 * prefix, PS3.10 7.1), cannot be parsed, or have no Study Instance UID are listed in
 * {@link #skipped()} with the reason. Immutable.
 *
 * @param studies files by Study Instance UID
 * @param skipped files left out, with the reason
 * @param files number of files looked at
 */
public record InputScan(Map<String, List<Path>> studies, List<Skipped> skipped, int files) {

    /**
     * A file left out.
     *
     * @param file the file
     * @param reason why
     */
    public record Skipped(Path file, String reason) {
        /** Checks for nulls. */
        public Skipped {
            Objects.requireNonNull(file, "file is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    /** Copies the collections. */
    public InputScan {
        Map<String, List<Path>> copy = new LinkedHashMap<>();
        studies.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        studies = Collections.unmodifiableMap(copy);
        skipped = List.copyOf(skipped);
    }

    /**
     * Reads every regular file under {@code inputs} (in sorted order per folder), in parallel.
     *
     * @throws UncheckedIOException when a folder cannot be listed
     */
    public static InputScan of(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
                }
            } else {
                files.add(input);
            }
        }
        List<Object> read =
                files.parallelStream().<Object>map(InputScan::readHeader).toList();
        Map<String, List<Path>> studies = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Object r = read.get(i);
            if (r instanceof Attributes ds) {
                String study = ds.getString(Tag.StudyInstanceUID, "");
                if (study.isEmpty()) {
                    skipped.add(new Skipped(files.get(i), "no Study Instance UID"));
                } else {
                    studies.computeIfAbsent(study, k -> new ArrayList<>()).add(files.get(i));
                }
            } else {
                skipped.add(new Skipped(files.get(i), (String) r));
            }
        }
        return new InputScan(studies, skipped, files.size());
    }

    /**
     * The full datasets (with Pixel Data) of {@code files}, read in parallel.
     *
     * @throws DicomException when a file that was readable during the scan no longer is
     */
    public static List<Attributes> datasets(List<Path> files) {
        return files.parallelStream().map(f -> Part10Reader.read(f).dataset()).toList();
    }

    private static Object readHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            if (head.length < 132 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
                return "not a DICOM Part 10 file (no DICM prefix)";
            }
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
        try {
            DicomFile df = Part10Reader.readUntilPixelData(file);
            return df.dataset();
        } catch (DicomException | UncheckedIOException e) {
            return "unreadable DICOM: " + e.getMessage();
        }
    }
}
