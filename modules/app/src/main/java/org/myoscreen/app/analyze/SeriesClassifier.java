package org.myoscreen.app.analyze;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.pipeline.Orientation;
import org.myoscreen.volume.LoadedSeries;

/**
 * Decides which contrast a loaded series (one Series Instance UID and Image Type) is, or why it
 * cannot feed a model: MR only, axial only (dominant slice normal along z, PS3.3 C.7.6.2.1.1), and
 * a recognised contrast.
 *
 * <ul>
 *   <li>Dixon images by Image Type (0008,0008), values from the third on: {@code WATER}/{@code W},
 *       {@code FAT}/{@code F}, {@code IN_PHASE}/{@code IP}, {@code OPPOSED_PHASE}/{@code OUT_PHASE}/{@code OP};
 *   <li>T2 (HASTE-like): Series Description or Sequence Name naming t2, HASTE, SSFSE, SSH or TSE, or
 *       a spin echo (Scanning Sequence SE) with Echo Time of at least 60 ms;
 *   <li>T1: Series Description naming t1.
 * </ul>
 *
 * Stateless; thread-safe.
 */
public final class SeriesClassifier {

    private static final Pattern T2 =
            Pattern.compile("(^|[^a-z0-9])(t2|haste|ssfse|ssh|tse)", Pattern.CASE_INSENSITIVE);
    private static final Pattern T1 = Pattern.compile("(^|[^a-z0-9])t1", Pattern.CASE_INSENSITIVE);
    /** Echo Time (ms) from which a spin echo counts as T2-weighted. */
    private static final double T2_ECHO_TIME_MS = 60;

    private SeriesClassifier() {}

    /**
     * The verdict on one series.
     *
     * @param contrast the contrast when eligible
     * @param reason why not, when not eligible
     */
    public record Verdict(Optional<SeriesContrast> contrast, String reason) {
        /** An eligible series. */
        static Verdict eligible(SeriesContrast c) {
            return new Verdict(Optional.of(c), "");
        }

        /** A series that cannot be used. */
        static Verdict refused(String reason) {
            return new Verdict(Optional.empty(), reason);
        }
    }

    /** Classifies {@code series} from its first header and its volume's geometry. */
    public static Verdict classify(LoadedSeries series) {
        Attributes h = series.header();
        String modality = h.getString(Tag.Modality, "");
        if (!modality.equalsIgnoreCase("MR")) {
            return Verdict.refused("modality " + (modality.isEmpty() ? "(none)" : modality) + ", not MR");
        }
        double[] iop = h.getDoubles(Tag.ImageOrientationPatient);
        Orientation plane = Orientation.of(Arrays.stream(iop).boxed().toList());
        if (plane != Orientation.AXIAL) {
            return Verdict.refused(plane.name().toLowerCase(Locale.ROOT) + " slices, not axial");
        }
        Optional<SeriesContrast> dixon = dixon(series);
        if (dixon.isPresent()) {
            return Verdict.eligible(dixon.get());
        }
        String description = series.seriesDescription();
        String sequence = h.getString(Tag.SequenceName, "");
        if (T2.matcher(description).find()
                || T2.matcher(sequence.replace("*", " ")).find()) {
            return Verdict.eligible(SeriesContrast.T2);
        }
        List<String> scanning = h.getStrings(Tag.ScanningSequence);
        double te = echoTime(h);
        if (scanning.contains("SE") && !scanning.contains("GR") && te >= T2_ECHO_TIME_MS) {
            return Verdict.eligible(SeriesContrast.T2);
        }
        if (T1.matcher(description).find()) {
            return Verdict.eligible(SeriesContrast.T1);
        }
        return Verdict.refused("contrast not recognised (Series Description '" + description + "', Image Type "
                + String.join("\\", series.imageType()) + ")");
    }

    private static Optional<SeriesContrast> dixon(LoadedSeries s) {
        if (s.hasImageType("WATER") || s.hasImageType("W")) {
            return Optional.of(SeriesContrast.DIXON_WATER);
        }
        if (s.hasImageType("FAT") || s.hasImageType("F")) {
            return Optional.of(SeriesContrast.DIXON_FAT);
        }
        if (s.hasImageType("IN_PHASE") || s.hasImageType("IP")) {
            return Optional.of(SeriesContrast.DIXON_IN_PHASE);
        }
        if (s.hasImageType("OPPOSED_PHASE") || s.hasImageType("OUT_PHASE") || s.hasImageType("OP")) {
            return Optional.of(SeriesContrast.DIXON_OPPOSED_PHASE);
        }
        return Optional.empty();
    }

    private static double echoTime(Attributes h) {
        try {
            return h.getDouble(Tag.EchoTime, 0);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
