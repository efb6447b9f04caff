package org.myoscreen.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.myoscreen.inference.InferenceException.Category;

/**
 * Builds a {@link ModelManifest} from an nnU-Net v2 {@code plans.json} and {@code dataset.json}
 * so that an nnU-Net network exported to ONNX drops in as a package: spacing and patch size come
 * from the chosen configuration ({@code 2d}, {@code 3d_fullres}, ...), the normalisation per
 * channel from {@code normalization_schemes} ({@code ZScoreNormalization} → z-score,
 * {@code CTNormalization} → fixed range from {@code foreground_intensity_properties_per_channel}
 * (percentile_00_5, percentile_99_5, mean, std), {@code RescaleTo01Normalization} → percentile
 * clip 0..100, {@code NoNormalization} → none), the labels from {@code dataset.json}'s
 * {@code labels} (output channel = label value, as nnU-Net trains them).
 *
 * <p>nnU-Net arrays are (z, y, x); spacing and patch are read in that order. Plans with a
 * {@code transpose_forward} other than {@code [0, 1, 2]}, region-based labels and masked
 * normalisation are refused (they need a hand-written manifest). Structure kind and laterality
 * are guessed from label names (paraspinal/autochthon/erector, psoas, vertebra, disc, imat;
 * left/right); SNOMED codes are left empty. Stateless.
 */
public final class NnUnetImport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What the nnU-Net files do not say.
     *
     * @param configuration plans configuration name, e.g. {@code 3d_fullres}
     * @param name model name for the manifest
     * @param version model version
     * @param inputName ONNX input name used at export
     * @param outputName ONNX output name used at export
     * @param contrasts the series contrast of each channel, in channel order
     */
    public record Request(
            String configuration,
            String name,
            String version,
            String inputName,
            String outputName,
            List<SeriesContrast> contrasts) {

        /** Checks for nulls, copies the list. */
        public Request {
            Objects.requireNonNull(configuration, "configuration is null");
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(version, "version is null");
            Objects.requireNonNull(inputName, "inputName is null");
            Objects.requireNonNull(outputName, "outputName is null");
            contrasts = List.copyOf(contrasts);
        }
    }

    private NnUnetImport() {}

    /**
     * The manifest for an exported network {@code onnxFile}.
     *
     * @throws InferenceException MODEL_PACKAGE naming the file and the field that is missing or
     *     unsupported
     */
    public static ModelManifest manifest(Path plansJson, Path datasetJson, Path onnxFile, Request request) {
        JsonNode plans = readTree(plansJson);
        JsonNode dataset = readTree(datasetJson);
        try {
            return build(plans, dataset, ModelPackage.sha256(onnxFile), request);
        } catch (IllegalArgumentException e) {
            throw new InferenceException(
                    Category.MODEL_PACKAGE, plansJson + " / " + datasetJson + ": " + e.getMessage(), e);
        }
    }

    private static ModelManifest build(JsonNode plans, JsonNode dataset, String sha, Request request) {
        JsonNode transpose = plans.get("transpose_forward");
        if (transpose != null && !transpose.toString().equals("[0,1,2]")) {
            throw new IllegalArgumentException("transpose_forward " + transpose + " is not supported (only [0,1,2])");
        }
        JsonNode config = plans.path("configurations").get(request.configuration());
        if (config == null) {
            List<String> names = new ArrayList<>();
            plans.path("configurations").fieldNames().forEachRemaining(names::add);
            throw new IllegalArgumentException(
                    "configuration '" + request.configuration() + "' not in plans, which has " + names);
        }
        List<Double> spacing = doubles(config, "spacing");
        List<Integer> patch = new ArrayList<>();
        for (double d : doubles(config, "patch_size")) {
            patch.add((int) d);
        }
        Dimensionality dim = patch.size() == 2 ? Dimensionality.TWO_D : Dimensionality.THREE_D;
        if (patch.size() != 2 && patch.size() != 3) {
            throw new IllegalArgumentException("patch_size must have 2 or 3 entries: " + patch);
        }
        double x = spacing.get(spacing.size() - 1);
        double y = spacing.get(spacing.size() - 2);
        double z = spacing.size() == 3 ? spacing.get(0) : 0;
        if (dim == Dimensionality.TWO_D) {
            z = 0;
        }

        JsonNode schemes = config.get("normalization_schemes");
        JsonNode masks = config.get("use_mask_for_norm");
        JsonNode channelNames = dataset.get("channel_names");
        if (channelNames == null) {
            channelNames = dataset.get("modality");
        }
        if (schemes == null || !schemes.isArray() || channelNames == null) {
            throw new IllegalArgumentException("normalization_schemes (plans) or channel_names (dataset) is missing");
        }
        int n = schemes.size();
        if (request.contrasts().size() != n) {
            throw new IllegalArgumentException("the plans have " + n + " channel(s) " + channelNames
                    + ", the request names " + request.contrasts().size() + " contrast(s)");
        }
        List<InputChannel> channels = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (masks != null && masks.path(c).asBoolean(false)) {
                throw new IllegalArgumentException("use_mask_for_norm is true for channel " + c + " (not supported)");
            }
            String scheme = schemes.get(c).asText();
            Normalization norm = switch (scheme) {
                case "ZScoreNormalization" -> Normalization.zscore();
                case "NoNormalization" -> Normalization.none();
                case "RescaleTo01Normalization" -> Normalization.percentileClip(0, 100);
                case "CTNormalization" -> {
                    JsonNode props = plans.path("foreground_intensity_properties_per_channel")
                            .get(Integer.toString(c));
                    if (props == null) {
                        throw new IllegalArgumentException(
                                "CTNormalization needs foreground_intensity_properties_per_channel." + c);
                    }
                    yield Normalization.fixedRange(
                            num(props, "percentile_00_5"),
                            num(props, "percentile_99_5"),
                            num(props, "mean"),
                            num(props, "std"));
                }
                default -> throw new IllegalArgumentException("normalization scheme " + scheme + " is not supported");
            };
            channels.add(new InputChannel(request.contrasts().get(c), norm));
        }

        JsonNode labelsNode = dataset.get("labels");
        if (labelsNode == null || !labelsNode.isObject()) {
            throw new IllegalArgumentException("dataset.json has no labels object");
        }
        Map<Integer, String> byValue = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labelsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isInt()) {
                throw new IllegalArgumentException(
                        "label " + e.getKey() + " is " + e.getValue() + " (region-based labels are not supported)");
            }
            byValue.put(e.getValue().asInt(), e.getKey());
        }
        List<LabelDefinition> labels = new ArrayList<>();
        int expect = 0;
        for (Map.Entry<Integer, String> e : byValue.entrySet()) {
            if (e.getKey() != expect++) {
                throw new IllegalArgumentException("labels must be consecutive from 0, got " + byValue.keySet());
            }
            if (e.getKey() > 0) {
                labels.add(new LabelDefinition(
                        e.getKey(), e.getValue(), kindOf(e.getValue()), sideOf(e.getValue()), Optional.empty()));
            }
        }
        return new ModelManifest(
                request.name(),
                request.version(),
                sha,
                dim,
                request.inputName(),
                request.outputName(),
                channels,
                new ModelManifest.Spacing(x, y, z),
                patch,
                labels);
    }

    static StructureKind kindOf(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        if (s.contains("paraspinal") || s.contains("autochthon") || s.contains("erector")) {
            return StructureKind.PARASPINAL;
        }
        if (s.contains("psoas")) {
            return StructureKind.PSOAS;
        }
        if (s.contains("disc")) {
            return StructureKind.DISC;
        }
        if (s.contains("vertebra")) {
            return StructureKind.VERTEBRA;
        }
        if (s.contains("imat")) {
            return StructureKind.IMAT;
        }
        return StructureKind.OTHER;
    }

    static Laterality sideOf(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        if (s.contains("left") || s.endsWith("_l")) {
            return Laterality.LEFT;
        }
        if (s.contains("right") || s.endsWith("_r")) {
            return Laterality.RIGHT;
        }
        return Laterality.NONE;
    }

    private static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InferenceException(Category.MODEL_PACKAGE, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static List<Double> doubles(JsonNode node, String field) {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing or empty");
        }
        List<Double> out = new ArrayList<>();
        a.forEach(v -> out.add(v.asDouble()));
        return out;
    }

    private static double num(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v.asDouble();
    }
}
