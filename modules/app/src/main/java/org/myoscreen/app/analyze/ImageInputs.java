package org.myoscreen.app.analyze;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.inference.InputChannel;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.volume.DirectoryLoad;
import org.myoscreen.volume.DixonPair;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.StationComposer;
import org.myoscreen.volume.Volume;
import org.myoscreen.volume.VolumeException;

/**
 * The images of {@code segment} (and of {@code analyze} on NIfTI) that come as files rather than as
 * a study: {@code IMAGE}, a NIfTI-1 file or a DICOM series folder, and optionally the Dixon fat
 * image ({@code --fat}), each read into patient space (LPS; NIfTI's RAS is converted by
 * {@link Nifti}). The grid of {@code IMAGE} is the grid of every output.
 *
 * <p>Mapping onto the manifest's input channels (decision 0008): a {@code DIXON_FAT} channel takes
 * the fat image; a {@code DIXON_WATER} channel takes {@code IMAGE}; the one other channel takes
 * {@code IMAGE}, whatever contrast it names (the files carry no contrast the program could check), or,
 * when a fat image was given (IMAGE is then the water image), the in-phase image water + fat. A model that needs the fat image when none was
 * given, or more than one channel besides fat, is a usage error. Immutable.
 *
 * @param image {@code IMAGE}
 * @param fat the Dixon fat image, on the grid of {@code IMAGE}: resampled when its own grid differs,
 *     taken voxel by voxel when only its affine differs and its shape is the same (a note says so)
 * @param sources the paths read, {@code IMAGE} first
 * @param notes what the reading assumed, one line each (for the progress output)
 */
public record ImageInputs(Volume image, Optional<Volume> fat, List<Path> sources, List<String> notes) {

    /** Validates non-null and copies. */
    public ImageInputs {
        Objects.requireNonNull(image, "image is null");
        Objects.requireNonNull(fat, "fat is null");
        sources = List.copyOf(sources);
        notes = List.copyOf(notes);
    }

    /**
     * Reads {@code IMAGE} and the optional fat image.
     *
     * @param image a NIfTI file ({@code .nii}, {@code .nii.gz}) or a DICOM series folder
     * @param fat the fat image, same kinds
     * @param label the command, for messages (e.g. {@code segment})
     * @throws UsageException when a path is missing, of another kind, or cannot be read as an image
     */
    public static ImageInputs read(Path image, Optional<Path> fat, String label) {
        Volume v = readOne(image, label + ": IMAGE");
        Optional<Volume> f = fat.map(p -> readOne(p, label + ": --fat"));
        List<Path> sources = new ArrayList<>(List.of(image));
        fat.ifPresent(sources::add);
        List<String> notes = new ArrayList<>();
        if (f.isEmpty()) {
            return new ImageInputs(v, f, sources, notes);
        }
        Volume fatVolume = f.get();
        if (!fatVolume.grid().sameAs(v.grid(), DixonPair.SAME_GRID_TOLERANCE_MM)
                && Arrays.equals(fatVolume.dims(), v.dims())) {
            // Water and fat of one Dixon acquisition share the voxel grid; converters have been seen to
            // write one of them with another origin (the tum01 fixture's fat image is 318 mm away).
            double[] a = fatVolume.grid().affine().origin();
            double[] b = v.grid().affine().origin();
            double mm = Math.sqrt(
                    (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
            notes.add(String.format(
                    Locale.ROOT,
                    "--fat %s has IMAGE's shape but another affine (origins %.1f mm apart): "
                            + "taken voxel by voxel on IMAGE's grid",
                    fat.get().getFileName(),
                    mm));
            return new ImageInputs(v, Optional.of(new Volume(v.grid(), fatVolume.voxels())), sources, notes);
        }
        try {
            return new ImageInputs(
                    v,
                    Optional.of(DixonPair.of(label + ": --fat " + fat.get(), v, fatVolume)
                            .fat()),
                    sources,
                    notes);
        } catch (VolumeException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** True when {@code path} names a NIfTI-1 file by its extension. */
    public static boolean isNifti(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    /**
     * The volumes of the manifest's input channels, in its order, all on the grid of {@code IMAGE}.
     *
     * @param manifest the model's manifest
     * @param label the command, for messages
     * @throws UsageException when the model needs an image that was not given
     */
    public List<Volume> channels(ModelManifest manifest, String label) {
        List<SeriesContrast> needs =
                manifest.channels().stream().map(InputChannel::contrast).toList();
        String model = "model " + manifest.name() + " " + manifest.version() + " needs "
                + String.join(" + ", needs.stream().map(SeriesContrast::name).toList());
        long others = needs.stream().filter(c -> c != SeriesContrast.DIXON_FAT).count();
        if (others > 1) {
            throw new UsageException(label + ": " + model + "; IMAGE (and --fat for DIXON_FAT) can feed only one "
                    + "channel besides fat");
        }
        List<Volume> out = new ArrayList<>();
        for (SeriesContrast c : needs) {
            if (c == SeriesContrast.DIXON_FAT) {
                out.add(fat.orElseThrow(() -> new UsageException(label + ": " + model
                        + "; give the Dixon fat image with --fat FAT (IMAGE is then the water image)")));
            } else if (c != SeriesContrast.DIXON_WATER && fat.isPresent()) {
                out.add(inPhase(image, fat.get()));
            } else {
                out.add(image);
            }
        }
        return out;
    }

    /**
     * Water + fat voxel by voxel: the in-phase image a Dixon protocol reconstructs, which is what a
     * study's own series would give a channel that is not the water image (the node's DICOM path takes
     * the in-phase series for {@code ANY_MR}), so {@code segment water --fat fat} and a Dixon study sent
     * over DICOM feed the model the same contrast.
     */
    private static Volume inPhase(Volume water, Volume fat) {
        float[] w = water.voxels();
        float[] f = fat.voxels();
        float[] sum = new float[w.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = w[i] + f[i];
        }
        return new Volume(water.grid(), sum);
    }

    /** The water/fat pair for the analysis' fat fraction, when a fat image was given (IMAGE is the water image). */
    public Optional<DixonPair> dixon() {
        return fat.map(f -> new DixonPair(image, f));
    }

    private static Volume readOne(Path path, String label) {
        if (!Files.exists(path)) {
            throw new UsageException(label + ": no such file or folder: " + path);
        }
        try {
            if (Files.isDirectory(path)) {
                return readSeriesFolder(path, label);
            }
            if (isNifti(path)) {
                return Nifti.read(path);
            }
        } catch (VolumeException e) {
            throw new UsageException(label + ": " + path + ": " + e.getMessage(), e);
        }
        throw new UsageException(
                label + ": " + path + " is neither a NIfTI file (.nii, .nii.gz) nor a DICOM series " + "folder");
    }

    /** One series, or the stations of one acquisition composed; anything else is ambiguous. */
    private static Volume readSeriesFolder(Path dir, String label) {
        DirectoryLoad load = SeriesLoader.scanDirectory(dir, LoadOptions.STRICT);
        if (load.loaded().isEmpty()) {
            String why = load.failed().isEmpty()
                    ? "no DICOM image found"
                    : load.failed().get(0).getMessage();
            throw new UsageException(label + ": " + dir + ": no series could be read as a volume (" + why + ")");
        }
        if (load.loaded().size() == 1) {
            return load.loaded().get(0).volume();
        }
        List<List<LoadedSeries>> acquisitions = StationComposer.groupStations(load.loaded());
        if (acquisitions.size() != 1) {
            throw new UsageException(label + ": " + dir + " holds "
                    + load.loaded().size() + " series that are not the "
                    + "stations of one acquisition ("
                    + String.join(
                            ", ",
                            load.loaded().stream()
                                    .map(s -> "'" + s.seriesDescription() + "'")
                                    .toList()) + "); give the folder of one series");
        }
        List<LoadedSeries> stations = acquisitions.get(0);
        return StationComposer.compose(
                stations.get(0).seriesDescription(),
                stations.stream().map(LoadedSeries::volume).toList());
    }
}
