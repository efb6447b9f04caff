package org.myoscreen.app.realmr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.myoscreen.app.MainAccess;
import org.myoscreen.app.command.CommandContext;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.ModelPackage;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Nifti;

/**
 * Runs {@code myoscreen segment} in-process (the command itself, as a user would) on one real case
 * with one model package and measures Dice per structure against the case's labels.
 *
 * <p>A Dixon case gives the command the water image as IMAGE and the fat image with {@code --fat},
 * as a user would; the command maps them onto the model's channels ({@code ImageInputs}). The predicted compartment of a
 * structure is every label that {@code labels.json} names with that structure and side; a side's
 * paraspinal compartment also takes the model's IMAT label of that side, as the truth includes it.
 */
final class RealMrEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one run measured.
     *
     * @param model the model's name and version
     * @param input which images went in (e.g. {@code in-phase (water + fat)})
     * @param dice structure name to Dice (structures present in truth or prediction)
     * @param seconds wall time of the segment command, model loading included
     */
    record Measured(String model, String input, Map<String, Double> dice, double seconds) {}

    private RealMrEvaluation() {}

    /** Segments {@code c} with the package in {@code modelDir}, working in {@code work} (created). */
    static Measured run(RealMrCase c, Path modelDir, Path work) throws IOException {
        ModelManifest manifest = ModelPackage.load(modelDir).manifest();
        Files.createDirectories(work);
        List<String> args = new ArrayList<>(List.of("segment"));
        String input = inputs(c, args);
        Path out = work.resolve("out-" + c.id());
        args.addAll(List.of("--output", out.toString(), "--model", modelDir.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        int code = new MainAccess().run(args, new CommandContext(errStream, errStream, Map.of(), work));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("segment " + c.id() + " with " + modelDir + " exited " + code + ": "
                    + err.toString(StandardCharsets.UTF_8));
        }
        LabelMap predicted = Nifti.readLabels(out.resolve("labels.nii.gz"));
        LabelMap truth = Nifti.readLabels(c.labels());
        if (!Arrays.equals(predicted.grid().dims(), truth.grid().dims())) {
            throw new IllegalStateException("labels.nii.gz of " + c.id() + " has shape "
                    + Arrays.toString(predicted.grid().dims()) + ", the truth "
                    + Arrays.toString(truth.grid().dims()));
        }
        Map<String, Set<Integer>> byStructure = predictedValues(out.resolve("labels.json"));
        Map<String, Double> dice = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : c.truth().entrySet()) {
            dice.put(
                    e.getKey(),
                    dice(
                            predicted.labels(),
                            byStructure.getOrDefault(e.getKey(), Set.of()),
                            truth.labels(),
                            e.getValue()));
        }
        return new Measured(manifest.name() + " " + manifest.version(), input, dice, seconds);
    }

    private static String inputs(RealMrCase c, List<String> args) {
        if (c.image().isPresent()) {
            args.add(c.image().get().toString());
            return "image";
        }
        // A Dixon case goes in as a user gives it; the command maps water and fat onto the model's channels.
        args.addAll(List.of(
                c.water().orElseThrow().toString(),
                "--fat",
                c.fat().orElseThrow().toString()));
        return "water --fat fat";
    }

    /** Structure key ({@code paraspinal_left}, …) to the label values {@code labels.json} gives it. */
    private static Map<String, Set<Integer>> predictedValues(Path labelsJson) throws IOException {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        for (JsonNode l : JSON.readTree(labelsJson.toFile())) {
            String structure = l.get("structure").asText();
            String side = l.get("laterality").asText();
            String key = structure.equals("imat") ? "paraspinal" : structure;
            out.computeIfAbsent(side.equals("none") ? key : key + "_" + side, k -> new TreeSet<>())
                    .add(l.get("value").asInt());
        }
        return out;
    }

    /** Dice of the two voxel sets; NaN when both are empty. */
    static double dice(short[] predicted, Set<Integer> predictedValues, short[] truth, int[] truthValues) {
        boolean[] isTruth = new boolean[65536];
        for (int v : truthValues) {
            isTruth[v & 0xFFFF] = true;
        }
        boolean[] isPredicted = new boolean[65536];
        predictedValues.forEach(v -> isPredicted[v & 0xFFFF] = true);
        long a = 0;
        long b = 0;
        long both = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean p = isPredicted[predicted[i] & 0xFFFF];
            boolean t = isTruth[truth[i] & 0xFFFF];
            a += p ? 1 : 0;
            b += t ? 1 : 0;
            both += p && t ? 1 : 0;
        }
        return a + b == 0 ? Double.NaN : 2.0 * both / (a + b);
    }
}
