package org.myoscreen.pipeline.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.myoscreen.pipeline.internal.AtomicFiles;

/**
 * The groups of one study already handed to the queue: per grouping key the last version and, per series,
 * how many instances it held then. Persisted in {@code <spool>/<StudyUID>/.groups.json} (atomic write) after
 * the job is durably queued, so that versions keep increasing across restarts and a restart does not publish
 * a series again that was handed on whole. Not thread-safe (the assembler's lock guards it).
 */
final class PublishedGroups {

    /** File name inside the study directory. */
    static final String FILE_NAME = ".groups.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Published(int version, Map<String, Integer> instancesBySeries) {}

    private final Path file;
    private final Map<String, Published> groups = new LinkedHashMap<>();

    private PublishedGroups(Path file) {
        this.file = file;
    }

    /** Loads the state of a study (empty when the file does not exist). */
    static PublishedGroups load(Path studyDirectory) {
        PublishedGroups g = new PublishedGroups(studyDirectory.resolve(FILE_NAME));
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(g.file));
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("groups").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Map<String, Integer> series = new LinkedHashMap<>();
                e.getValue()
                        .path("series")
                        .fields()
                        .forEachRemaining(
                                s -> series.put(s.getKey(), s.getValue().asInt()));
                g.groups.put(
                        e.getKey(), new Published(e.getValue().path("version").asInt(), series));
            }
        } catch (NoSuchFileException e) {
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read grouping state " + g.file + ": " + e.getMessage(), e);
        }
        return g;
    }

    int lastVersion(String groupingKey) {
        Published p = groups.get(groupingKey);
        return p == null ? 0 : p.version();
    }

    /** True when some published group held {@code seriesUid} with exactly {@code instances} instances. */
    boolean handedOnWhole(String seriesUid, int instances) {
        return groups.values().stream()
                .anyMatch(p ->
                        Integer.valueOf(instances).equals(p.instancesBySeries().get(seriesUid)));
    }

    /**
     * The key of the first published group (in publication order) that held any of these series, so that a
     * group keeps its key however its series arrive, regroup or are re-read after a restart.
     */
    java.util.Optional<String> keyHolding(java.util.Collection<String> seriesUids) {
        return groups.entrySet().stream()
                .filter(e -> seriesUids.stream().anyMatch(e.getValue().instancesBySeries()::containsKey))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Records a published version and writes the file durably. */
    void record(String groupingKey, int version, Map<String, Integer> instancesBySeries) {
        groups.put(groupingKey, new Published(version, Map.copyOf(instancesBySeries)));
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode gs = root.putObject("groups");
        groups.forEach((k, p) -> {
            ObjectNode n = gs.putObject(k);
            n.put("version", p.version());
            ObjectNode s = n.putObject("series");
            p.instancesBySeries().forEach(s::put);
        });
        try {
            AtomicFiles.write(file, MAPPER.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write grouping state " + file, e);
        }
    }
}
