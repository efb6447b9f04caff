package org.myoscreen.app.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.inference.InputChannel;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.StationComposer;
import org.myoscreen.volume.VolumeException;

/**
 * Which series of one study feed the model: every (Series Instance UID, Image Type) group is
 * loaded as a volume and classified ({@link SeriesClassifier}); eligible series are grouped into
 * acquisitions (the stations of one acquisition, {@link StationComposer#groupStations}); each model
 * input channel takes the acquisition of its contrast ({@code ANY_MR}: T2, then T1, then Dixon
 * in-phase, opposed-phase, water: the reference model 0.2 is trained on all of them) with the most slices, preferring the Frame of Reference of the first channel. A Dixon
 * water and fat acquisition pair, when the study has one, also goes to the analysis (fat fraction).
 * Immutable once planned.
 *
 * @param studyInstanceUid the study
 * @param channels one acquisition per model input channel, in the manifest's order; empty when the
 *     study is not eligible
 * @param dixon water and fat acquisitions for the analysis, when the study has them
 * @param refusal why the study is not eligible (empty when it is)
 * @param notes series left out, with the reason (one line each)
 */
public record StudyPlan(
        String studyInstanceUid,
        List<Acquisition> channels,
        Optional<List<Acquisition>> dixon,
        String refusal,
        List<String> notes) {

    /**
     * The stations of one acquisition and the datasets they were loaded from.
     *
     * @param contrast the classified contrast
     * @param stations the station series, ordered along the slice normal
     * @param datasets the source datasets of all stations
     */
    public record Acquisition(SeriesContrast contrast, List<LoadedSeries> stations, List<Attributes> datasets) {
        /** Copies the lists. */
        public Acquisition {
            Objects.requireNonNull(contrast, "contrast is null");
            stations = List.copyOf(stations);
            datasets = List.copyOf(datasets);
        }

        /** Total slices over the stations. */
        public int slices() {
            return stations.stream().mapToInt(LoadedSeries::frames).sum();
        }

        /** Series Instance UIDs of the stations, in station order, without repeats. */
        public List<String> seriesInstanceUids() {
            return stations.stream()
                    .map(LoadedSeries::seriesInstanceUid)
                    .distinct()
                    .toList();
        }

        /** A short description for messages, e.g. {@code T2 HASTE tra (T2, 3 stations)}. */
        public String describe() {
            return stations.get(0).seriesDescription() + " (" + contrast + ", " + stations.size() + " station"
                    + (stations.size() == 1 ? "" : "s") + ")";
        }

        String frameOfReferenceUid() {
            return stations.get(0).frameOfReferenceUid();
        }
    }

    /** Copies the lists. */
    public StudyPlan {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid is null");
        channels = List.copyOf(channels);
        Objects.requireNonNull(dixon, "dixon is null");
        Objects.requireNonNull(refusal, "refusal is null");
        notes = List.copyOf(notes);
    }

    /** True when every model channel has an acquisition. */
    public boolean eligible() {
        return !channels.isEmpty();
    }

    /** Plans one study's datasets for {@code manifest}. */
    public static StudyPlan of(String studyInstanceUid, List<Attributes> datasets, ModelManifest manifest) {
        List<String> notes = new ArrayList<>();
        Map<String, List<Attributes>> groups = new LinkedHashMap<>();
        for (Attributes ds : datasets) {
            if (!ds.contains(Tag.PixelData)) {
                notes.add("instance " + ds.getString(Tag.SOPInstanceUID, "?") + ": no pixel data ("
                        + ds.getString(Tag.Modality, "?") + ")");
                continue;
            }
            String key =
                    ds.getString(Tag.SeriesInstanceUID, "") + "|" + String.join("\\", ds.getStrings(Tag.ImageType));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(ds);
        }
        Map<LoadedSeries, List<Attributes>> sources = new IdentityHashMap<>();
        Map<LoadedSeries, SeriesContrast> contrasts = new IdentityHashMap<>();
        List<LoadedSeries> eligible = new ArrayList<>();
        for (List<Attributes> g : groups.values()) {
            Attributes first = g.get(0);
            String name = "series " + first.getString(Tag.SeriesNumber, "?") + " '"
                    + first.getString(Tag.SeriesDescription, "") + "' (" + first.getString(Tag.SeriesInstanceUID, "?")
                    + ")";
            String modality = first.getString(Tag.Modality, "");
            if (!modality.equalsIgnoreCase("MR")) {
                notes.add(name + ": modality " + (modality.isEmpty() ? "(none)" : modality) + ", not MR");
                continue;
            }
            LoadedSeries s;
            try {
                s = SeriesLoader.load(g, LoadOptions.STRICT);
            } catch (VolumeException | IllegalArgumentException e) {
                notes.add(name + ": cannot be loaded as a volume: " + e.getMessage());
                continue;
            }
            SeriesClassifier.Verdict v = SeriesClassifier.classify(s);
            if (v.contrast().isEmpty()) {
                notes.add(name + ": " + v.reason());
                continue;
            }
            sources.put(s, g);
            contrasts.put(s, v.contrast().get());
            eligible.add(s);
        }
        List<Acquisition> acquisitions = new ArrayList<>();
        for (List<LoadedSeries> stations : StationComposer.groupStations(eligible)) {
            List<Attributes> ds = new ArrayList<>();
            stations.forEach(s -> ds.addAll(sources.get(s)));
            acquisitions.add(new Acquisition(contrasts.get(stations.get(0)), stations, ds));
        }
        List<Acquisition> channels = new ArrayList<>();
        for (InputChannel channel : manifest.channels()) {
            String frame = channels.isEmpty() ? null : channels.get(0).frameOfReferenceUid();
            Optional<Acquisition> pick = pick(acquisitions, channel.contrast(), frame);
            if (pick.isEmpty()) {
                String has = acquisitions.isEmpty()
                        ? "no eligible MR series"
                        : "eligible: "
                                + String.join(
                                        ", ",
                                        acquisitions.stream()
                                                .map(Acquisition::describe)
                                                .toList());
                String needs = String.join(
                        " + ",
                        manifest.channels().stream()
                                .map(c -> c.contrast().name())
                                .toList());
                return new StudyPlan(
                        studyInstanceUid,
                        List.of(),
                        Optional.empty(),
                        "model " + manifest.name() + " needs " + needs + " axial MR, no " + channel.contrast()
                                + " series found (" + has + ")",
                        notes);
            }
            channels.add(pick.get());
        }
        Optional<List<Acquisition>> dixon = Optional.empty();
        Optional<Acquisition> water =
                pick(acquisitions, SeriesContrast.DIXON_WATER, channels.get(0).frameOfReferenceUid());
        if (water.isPresent()) {
            Optional<Acquisition> fat =
                    pick(acquisitions, SeriesContrast.DIXON_FAT, water.get().frameOfReferenceUid());
            if (fat.isPresent()
                    && fat.get().frameOfReferenceUid().equals(channels.get(0).frameOfReferenceUid())
                    && water.get().frameOfReferenceUid().equals(channels.get(0).frameOfReferenceUid())) {
                dixon = Optional.of(List.of(water.get(), fat.get()));
            }
        }
        return new StudyPlan(studyInstanceUid, channels, dixon, "", notes);
    }

    private static final Map<SeriesContrast, List<SeriesContrast>> ACCEPTS = new EnumMap<>(Map.of(
            SeriesContrast.ANY_MR,
            List.of(
                    SeriesContrast.T2,
                    SeriesContrast.T1,
                    SeriesContrast.DIXON_IN_PHASE,
                    SeriesContrast.DIXON_OPPOSED_PHASE,
                    SeriesContrast.DIXON_WATER)));

    private static Optional<Acquisition> pick(List<Acquisition> acquisitions, SeriesContrast wanted, String frame) {
        for (SeriesContrast c : ACCEPTS.getOrDefault(wanted, List.of(wanted))) {
            Optional<Acquisition> best = acquisitions.stream()
                    .filter(a -> a.contrast() == c)
                    .max(Comparator.comparing((Acquisition a) ->
                                    frame != null && a.frameOfReferenceUid().equals(frame))
                            .thenComparingInt(Acquisition::slices));
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }
}
