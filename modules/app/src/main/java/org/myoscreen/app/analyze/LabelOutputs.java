package org.myoscreen.app.analyze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.myoscreen.analysis.Structure;
import org.myoscreen.analysis.StructureMap;
import org.myoscreen.inference.LabelDefinition;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.SnomedCode;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Nifti;

/**
 * The label map as files, for {@code segment} and {@code analyze} on NIfTI: {@code labels.nii.gz}
 * (int16, on the input's grid, RAS affine as NIfTI prescribes) and {@code labels.json}, one entry
 * per model label: {@code value}, {@code name}, {@code structure} ({@code paraspinal}, {@code imat},
 * {@code psoas}, {@code vertebral_body}, {@code disc}, {@code subcutaneous_fat}, or the label's own
 * name for anything else), {@code laterality} ({@code left}, {@code right}, {@code none}), {@code
 * level} (e.g. {@code "L3"} when the label's name ends in a vertebral level such as {@code
 * vertebra_L3}, else null) and {@code code} (scheme, value, meaning: the manifest's SNOMED CT code,
 * else a code for the structure kind, else null). Stateless.
 */
public final class LabelOutputs {

    /** File name of the label map. */
    public static final String LABELS_NIFTI = "labels.nii.gz";
    /** File name of the label description. */
    public static final String LABELS_JSON = "labels.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LEVEL = Pattern.compile("(?i)(?:^|_)(C[1-7]|T1[0-2]|T[1-9]|L[1-6]|S[1-5])$");

    private LabelOutputs() {}

    /**
     * Writes {@code labels.nii.gz} and {@code labels.json} into {@code dir} (created).
     *
     * @return the two files
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(Path dir, LabelMap labels, ModelManifest manifest) {
        Path nifti = dir.resolve(LABELS_NIFTI);
        Path json = dir.resolve(LABELS_JSON);
        try {
            Files.createDirectories(dir);
            Nifti.write(nifti, labels);
            Files.writeString(
                    json, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(describe(manifest)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
        return List.of(nifti, json);
    }

    /** The {@code labels.json} array of {@code manifest}. */
    public static ArrayNode describe(ModelManifest manifest) {
        StructureMap structures = Structures.of(manifest);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (LabelDefinition l : manifest.labels()) {
            Structure s = structures.of(l.value());
            ObjectNode o = out.addObject();
            o.put("value", l.value());
            o.put("name", l.name());
            String structure = structure(s, l);
            o.put("structure", structure);
            o.put("laterality", s.laterality().name().toLowerCase(Locale.ROOT));
            Matcher m = LEVEL.matcher(l.name());
            Optional<String> level =
                    s.level().or(() -> m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty());
            if (level.isPresent()) {
                o.put("level", level.get());
            } else {
                o.putNull("level");
            }
            Optional<SnomedCode> code = l.snomed().or(() -> defaultCode(structure));
            if (code.isPresent()) {
                ObjectNode c = o.putObject("code");
                c.put("scheme", "SCT");
                c.put("value", code.get().code());
                c.put("meaning", code.get().meaning());
            } else {
                o.putNull("code");
            }
        }
        return out;
    }

    private static String structure(Structure s, LabelDefinition l) {
        return switch (s.kind()) {
            case PARASPINAL -> "paraspinal";
            case IMAT -> "imat";
            case PSOAS -> "psoas";
            case VERTEBRA -> "vertebral_body";
            case DISC -> "disc";
            case SUBCUTANEOUS_FAT -> "subcutaneous_fat";
            case OTHER -> l.name().toLowerCase(Locale.ROOT);
        };
    }

    /** SNOMED CT codes for a structure when the manifest names none (the ones the reference model's manifest uses). */
    private static Optional<SnomedCode> defaultCode(String structure) {
        return switch (structure) {
            case "paraspinal" -> Optional.of(new SnomedCode("44947003", "Erector spinae muscle"));
            case "psoas" -> Optional.of(new SnomedCode("64038003", "Psoas major muscle"));
            case "vertebral_body" -> Optional.of(new SnomedCode("3572006", "Vertebral body"));
            case "disc" -> Optional.of(new SnomedCode("360499006", "Intervertebral disc"));
            case "imat", "subcutaneous_fat" -> Optional.of(new SnomedCode("248300009", "Body fat"));
            default -> Optional.empty();
        };
    }
}
