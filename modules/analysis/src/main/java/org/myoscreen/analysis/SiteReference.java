package org.myoscreen.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's own reference population, learned from its processed studies: an append-only JSON
 * Lines file {@code site-reference.jsonl} in the folder given to the constructor, one line per
 * recorded study ({@code study}, {@code sex}, {@code age_years}, {@code imat_percent},
 * {@code lmm_index}). A study recorded again (a re-run) replaces its earlier line when the file is
 * read. Only studies that passed QC should be recorded.
 *
 * <p>Thread-safe: recording and reading synchronise on this object. One process per folder.
 */
public final class SiteReference {

    private static final Logger LOG = LoggerFactory.getLogger(SiteReference.class);
    /** File name inside the data folder. */
    public static final String FILE_NAME = "site-reference.jsonl";

    private record Entry(Sex sex, int age, OptionalDouble imatPercent, OptionalDouble lmmIndex) {}

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Opens (and reads) the store in {@code dataDir}, creating the folder when missing. Unreadable
     * lines are skipped with a warning.
     *
     * @throws UncheckedIOException when the folder or file cannot be read
     */
    public SiteReference(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir is null");
        this.file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        parse(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading site reference " + file, e);
        }
    }

    private void parse(String line) {
        try {
            JsonNode n = json.readTree(line);
            Entry e = new Entry(
                    Sex.valueOf(n.get("sex").asText()),
                    n.get("age_years").asInt(),
                    number(n, "imat_percent"),
                    number(n, "lmm_index"));
            entries.put(n.get("study").asText(), e);
        } catch (IOException | RuntimeException e) {
            LOG.warn("event=site_reference_line_skipped file={} reason={}", file, e.toString());
        }
    }

    private static OptionalDouble number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    /**
     * Records one study (appended and flushed to the file). Studies without sex or age, or with
     * neither value, are not recorded.
     *
     * @return true when recorded
     * @throws UncheckedIOException when writing fails
     */
    public synchronized boolean record(
            String studyKey, PatientFacts patient, OptionalDouble imatPercent, OptionalDouble lmmIndex) {
        Objects.requireNonNull(studyKey, "studyKey is null");
        if (patient.sex().isEmpty() || patient.ageYears().isEmpty() || (imatPercent.isEmpty() && lmmIndex.isEmpty())) {
            return false;
        }
        ObjectNode n = json.createObjectNode();
        n.put("study", studyKey);
        n.put("sex", patient.sex().get().name());
        n.put("age_years", patient.ageYears().getAsInt());
        if (imatPercent.isPresent()) {
            n.put("imat_percent", imatPercent.getAsDouble());
        } else {
            n.putNull("imat_percent");
        }
        if (lmmIndex.isPresent()) {
            n.put("lmm_index", lmmIndex.getAsDouble());
        } else {
            n.putNull("lmm_index");
        }
        try (BufferedWriter w = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            w.write(json.writeValueAsString(n));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing site reference " + file, e);
        }
        entries.put(studyKey, new Entry(patient.sex().get(), patient.ageYears().getAsInt(), imatPercent, lmmIndex));
        return true;
    }

    /** Which value of a study. */
    enum Metric {
        IMAT_PERCENT,
        LMM_INDEX
    }

    /**
     * Mean and SD of {@code metric} over recorded studies of {@code sex} aged {@code ageMin..ageMax},
     * with their count; empty when fewer than two.
     */
    synchronized Optional<Map.Entry<ReferenceTable.Stat, Integer>> stat(
            Metric metric, Sex sex, int ageMin, int ageMax) {
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.sex() != sex || e.age() < ageMin || e.age() > ageMax) {
                continue;
            }
            OptionalDouble v = metric == Metric.IMAT_PERCENT ? e.imatPercent() : e.lmmIndex();
            if (v.isPresent()) {
                sum += v.getAsDouble();
                sum2 += v.getAsDouble() * v.getAsDouble();
                n++;
            }
        }
        if (n < 2) {
            return Optional.empty();
        }
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1)));
        if (!(sd > 0)) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(new ReferenceTable.Stat(mean, sd), n));
    }

    /** Number of distinct studies recorded. */
    public synchronized int size() {
        return entries.size();
    }

    /** The file. */
    public Path file() {
        return file;
    }
}
