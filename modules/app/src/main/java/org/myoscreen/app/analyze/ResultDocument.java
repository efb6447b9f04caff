package org.myoscreen.app.analyze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.PatientFacts;
import org.myoscreen.analysis.ResultJson;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.volume.Grid;

/**
 * {@code result.json} of one study, exactly the keys of docs/INTERFACE.md: study and source series
 * UIDs, model, patient, coverage, the analysis blocks ({@link ResultJson#blocks}) and the output
 * file names. Values that cannot be computed are {@code null}; {@code qc.flags} says why. Stateless.
 */
public final class ResultDocument {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultDocument() {}

    /**
     * The output files, relative to the study folder.
     *
     * @param seg the SEG file name, when written
     * @param sr the SR file name, when written
     * @param sc the summary image file names
     */
    public record Outputs(Optional<String> seg, Optional<String> sr, List<String> sc) {
        /** Copies the list. */
        public Outputs {
            sc = List.copyOf(sc);
        }

        /** No output written. */
        public static Outputs none() {
            return new Outputs(Optional.empty(), Optional.empty(), List.of());
        }
    }

    /**
     * Builds the document.
     *
     * @param study Study Instance UID
     * @param sourceSeries Series Instance UIDs of the images used
     * @param model the model's manifest
     * @param patient header facts
     * @param grid the grid the analysis measured on (coverage along patient z)
     * @param analysis the analysis result
     * @param extraFlags flags beyond the analysis' own (for example outputs not written), appended to {@code qc.flags}
     * @param outputs the files written
     */
    public static ObjectNode build(
            String study,
            List<String> sourceSeries,
            ModelManifest model,
            PatientFacts patient,
            Grid grid,
            AnalysisResult analysis,
            List<String> extraFlags,
            Outputs outputs) {
        ObjectNode o = F.objectNode();
        o.put("study_instance_uid", study);
        ArrayNode series = o.putArray("source_series_instance_uids");
        sourceSeries.forEach(series::add);
        ObjectNode m = o.putObject("model");
        m.put("name", model.name());
        m.put("version", model.version());
        o.set("patient", patient(patient));
        ObjectNode coverage = coverage(grid, analysis.levels().names());
        // The levels the measurements' volumes, IMAT % and LMM index cover (additive to INTERFACE.md).
        coverage.put("level_range", analysis.measurements().levelRange());
        o.set("coverage", coverage);
        ObjectNode blocks = ResultJson.blocks(analysis);
        o.set("measurements", blocks.get("measurements"));
        // Per-level values of the levels identified when QC refused only for coverage (additive).
        o.set("partial_coverage", ResultJson.partialCoverage(analysis));
        o.set("zscores", blocks.get("zscores"));
        o.set("risk", blocks.get("risk"));
        ObjectNode qc = (ObjectNode) blocks.get("qc");
        ArrayNode flags = (ArrayNode) qc.get("flags");
        extraFlags.forEach(flags::add);
        o.set("qc", qc);
        ObjectNode out = o.putObject("outputs");
        putText(out, "seg", outputs.seg());
        putText(out, "sr", outputs.sr());
        ArrayNode sc = out.putArray("sc");
        outputs.sc().forEach(sc::add);
        return o;
    }

    /** Writes {@code doc} pretty-printed to {@code file}. */
    public static void write(ObjectNode doc, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode patient(PatientFacts p) {
        ObjectNode o = F.objectNode();
        if (p.sex().isPresent()) {
            o.put("sex", p.sex().get().name());
        } else {
            o.putNull("sex");
        }
        if (p.ageYears().isPresent()) {
            o.put("age_years", p.ageYears().getAsInt());
        } else {
            o.putNull("age_years");
        }
        put(o, "weight_kg", p.weightKg(), 1);
        put(o, "height_m", p.heightM(), 2);
        put(o, "bmi", p.bmi(), 1);
        return o;
    }

    static ObjectNode coverage(Grid g, List<String> levels) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int c = 0; c < 8; c++) {
            double z = g.worldOf(
                            (c & 1) == 0 ? 0 : g.nx() - 1,
                            (c & 2) == 0 ? 0 : g.ny() - 1,
                            (c & 4) == 0 ? 0 : g.nz() - 1)[2];
            lo = Math.min(lo, z);
            hi = Math.max(hi, z);
        }
        ObjectNode o = F.objectNode();
        put(o, "z_min_mm", OptionalDouble.of(lo), 1);
        put(o, "z_max_mm", OptionalDouble.of(hi), 1);
        ArrayNode a = o.putArray("levels");
        levels.forEach(a::add);
        return o;
    }

    private static void put(ObjectNode o, String key, OptionalDouble v, int decimals) {
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
            o.put(key, BigDecimal.valueOf(v.getAsDouble()).setScale(decimals, RoundingMode.HALF_UP));
        } else {
            o.putNull(key);
        }
    }

    private static void putText(ObjectNode o, String key, Optional<String> v) {
        if (v.isPresent()) {
            o.put(key, v.get());
        } else {
            o.putNull(key);
        }
    }
}
