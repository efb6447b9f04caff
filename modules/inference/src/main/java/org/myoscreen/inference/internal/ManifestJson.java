package org.myoscreen.inference.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.myoscreen.inference.Dimensionality;
import org.myoscreen.inference.InferenceException;
import org.myoscreen.inference.InputChannel;
import org.myoscreen.inference.LabelDefinition;
import org.myoscreen.inference.Laterality;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Normalization;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.inference.SnomedCode;
import org.myoscreen.inference.StructureKind;

/** The {@code model.json} format, read and written by hand for field-level error messages. */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    /** Reads a manifest file. */
    public static ModelManifest read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InferenceException(
                    InferenceException.Category.MODEL_PACKAGE, file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InferenceException(InferenceException.Category.MODEL_PACKAGE, file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a manifest tree; {@link IllegalArgumentException} naming the field. */
    public static ModelManifest parse(JsonNode root) {
        List<InputChannel> channels = new ArrayList<>();
        for (JsonNode c : array(root, "channels")) {
            channels.add(new InputChannel(
                    enumOf(SeriesContrast.class, text(c, "contrast")), normalization(c.get("normalization"))));
        }
        JsonNode sp = required(root, "targetSpacingMm");
        ModelManifest.Spacing spacing = new ModelManifest.Spacing(
                number(sp, "x"),
                number(sp, "y"),
                sp.hasNonNull("z") ? sp.get("z").asDouble() : 0);
        List<Integer> patch = new ArrayList<>();
        for (JsonNode p : array(root, "patchSize")) {
            patch.add(p.asInt());
        }
        List<LabelDefinition> labels = new ArrayList<>();
        for (JsonNode l : array(root, "labels")) {
            Optional<SnomedCode> code = l.hasNonNull("snomedCode")
                    ? Optional.of(new SnomedCode(text(l, "snomedCode"), text(l, "snomedMeaning")))
                    : Optional.empty();
            labels.add(new LabelDefinition(
                    (int) number(l, "value"),
                    text(l, "name"),
                    enumOf(StructureKind.class, text(l, "structure")),
                    l.hasNonNull("laterality") ? enumOf(Laterality.class, text(l, "laterality")) : Laterality.NONE,
                    code));
        }
        String dim = text(root, "dimensionality");
        Dimensionality d = switch (dim.toUpperCase(Locale.ROOT)) {
            case "2D" -> Dimensionality.TWO_D;
            case "3D" -> Dimensionality.THREE_D;
            default -> throw new IllegalArgumentException("dimensionality must be 2D or 3D, got '" + dim + "'");
        };
        return new ModelManifest(
                text(root, "name"),
                text(root, "version"),
                text(root, "onnxSha256"),
                d,
                text(root, "inputName"),
                text(root, "outputName"),
                channels,
                spacing,
                patch,
                labels);
    }

    private static Normalization normalization(JsonNode n) {
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("channels[].normalization is missing");
        }
        Normalization.Kind kind = enumOf(Normalization.Kind.class, text(n, "kind"));
        return switch (kind) {
            case ZSCORE -> Normalization.zscore();
            case NONE -> Normalization.none();
            case PERCENTILE_CLIP ->
                Normalization.percentileClip(number(n, "lowerPercentile"), number(n, "upperPercentile"));
            case FIXED_RANGE ->
                Normalization.fixedRange(number(n, "lower"), number(n, "upper"), number(n, "mean"), number(n, "std"));
        };
    }

    /** Writes a manifest file. */
    public static void write(ModelManifest m, Path file) {
        try {
            Files.writeString(file, MAPPER.writeValueAsString(toTree(m)) + "\n");
        } catch (IOException e) {
            throw new InferenceException(
                    InferenceException.Category.MODEL_PACKAGE, file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The manifest as a JSON tree. */
    public static ObjectNode toTree(ModelManifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", m.name());
        root.put("version", m.version());
        root.put("onnxSha256", m.onnxSha256());
        root.put("dimensionality", m.dimensionality() == Dimensionality.TWO_D ? "2D" : "3D");
        root.put("inputName", m.inputName());
        root.put("outputName", m.outputName());
        ArrayNode ch = root.putArray("channels");
        for (InputChannel c : m.channels()) {
            ObjectNode o = ch.addObject();
            o.put("contrast", c.contrast().name());
            Normalization n = c.normalization();
            ObjectNode no = o.putObject("normalization");
            no.put("kind", n.kind().name());
            switch (n.kind()) {
                case PERCENTILE_CLIP -> {
                    no.put("lowerPercentile", n.lowerPercentile());
                    no.put("upperPercentile", n.upperPercentile());
                }
                case FIXED_RANGE -> {
                    no.put("lower", n.lower());
                    no.put("upper", n.upper());
                    no.put("mean", n.mean());
                    no.put("std", n.std());
                }
                default -> {}
            }
        }
        ObjectNode sp = root.putObject("targetSpacingMm");
        sp.put("x", m.targetSpacingMm().x());
        sp.put("y", m.targetSpacingMm().y());
        sp.put("z", m.targetSpacingMm().z());
        ArrayNode patch = root.putArray("patchSize");
        m.patchSize().forEach(patch::add);
        ArrayNode labels = root.putArray("labels");
        for (LabelDefinition l : m.labels()) {
            ObjectNode o = labels.addObject();
            o.put("value", l.value());
            o.put("name", l.name());
            o.put("structure", l.structure().name());
            o.put("laterality", l.laterality().name());
            l.snomed().ifPresent(s -> {
                o.put("snomedCode", s.code());
                o.put("snomedMeaning", s.meaning());
            });
        }
        return root;
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isArray()) {
            throw new IllegalArgumentException(field + " must be an array");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, got " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
