package org.myoscreen.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds volumes from MR (or any single-channel, uncompressed) image series.
 *
 * <p>Geometry follows PS3.3 C.7.6.2.1.1: a pixel (column c, row r) of a slice lies at
 * {@code ImagePositionPatient + c * PixelSpacing[1] * row cosine + r * PixelSpacing[0] * column cosine}.
 * Slices are ordered by their position along the slice normal (row cosine x column cosine), never by
 * Instance Number. The volume's k step is the mean step between neighbouring slices (so a stack whose
 * positions shift in-plane, like a tilted acquisition, keeps its full affine), and every slice must lie
 * on that lattice. Enhanced MR (multi-frame) images take each frame's position, orientation, pixel
 * spacing and rescale from the Per-Frame Functional Groups, else the Shared ones (PS3.3 C.7.6.16).
 * Stored values become {@code stored * RescaleSlope + RescaleIntercept} (defaults 1 and 0).
 *
 * <p>Errors name the series and the problem ({@link VolumeException}): missing geometry, mixed
 * orientations, inconsistent matrix or pixel spacing, duplicate positions, gaps (with the missing
 * position) unless {@link LoadOptions#tolerateGaps()}, irregular spacing, unsupported pixel data.
 * Stateless and thread-safe; {@link #loadDirectory} reads files in parallel.
 */
public final class SeriesLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesLoader.class);

    private SeriesLoader() {}

    /** One image plane: a single-frame instance or one frame of a multi-frame instance. */
    private record Frame(
            String source,
            double[] position,
            double[] orientation,
            double[] pixelSpacing,
            int rows,
            int columns,
            double slope,
            double intercept,
            Attributes dataset,
            int frameIndex) {}

    /**
     * Reads every DICOM file under {@code dir} (recursively; files that are not DICOM are skipped
     * and logged) and loads each series — more exactly, each (Series Instance UID, Image Type)
     * group, so water and fat images sharing a series become separate volumes. Ordered by Series
     * Number, then Series Instance UID. Throws the first series' {@link VolumeException} when any
     * series cannot be loaded; {@link #scanDirectory} returns the others instead.
     */
    public static List<LoadedSeries> loadDirectory(Path dir, LoadOptions options) {
        DirectoryLoad result = scanDirectory(dir, options);
        if (!result.failed().isEmpty()) {
            throw result.failed().get(0);
        }
        return result.loaded();
    }

    /**
     * Like {@link #loadDirectory}, but a series that cannot be loaded is reported in
     * {@link DirectoryLoad#failed()} (and logged) while the others load.
     */
    public static DirectoryLoad scanDirectory(Path dir, LoadOptions options) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<Attributes> datasets = files.parallelStream()
                .map(SeriesLoader::readOrSkip)
                .flatMap(Optional::stream)
                .toList();
        Map<String, List<Attributes>> groups = new LinkedHashMap<>();
        for (Attributes ds : datasets) {
            String key =
                    ds.getString(Tag.SeriesInstanceUID, "") + "|" + String.join("\\", ds.getStrings(Tag.ImageType));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(ds);
        }
        List<Object> results = groups.values().parallelStream()
                .<Object>map(g -> {
                    try {
                        return load(g, options);
                    } catch (VolumeException e) {
                        LOG.warn(
                                "event=series_not_loaded series={} problem={} detail=\"{}\"",
                                e.source(),
                                e.problem(),
                                e.getMessage());
                        return e;
                    }
                })
                .toList();
        List<LoadedSeries> loaded = new ArrayList<>();
        List<VolumeException> failed = new ArrayList<>();
        for (Object r : results) {
            if (r instanceof LoadedSeries s) {
                loaded.add(s);
            } else {
                failed.add((VolumeException) r);
            }
        }
        loaded.sort(Comparator.comparingInt((LoadedSeries s) -> s.header().getInt(Tag.SeriesNumber, 0))
                .thenComparing(LoadedSeries::seriesInstanceUid)
                .thenComparing(s -> String.join("\\", s.imageType())));
        return new DirectoryLoad(loaded, failed);
    }

    /** Loads one series from files. */
    public static LoadedSeries loadFiles(List<Path> files, LoadOptions options) {
        List<Attributes> datasets = files.parallelStream()
                .map(f -> {
                    DicomFile df = Part10Reader.read(f);
                    checkTransferSyntax(df, f.toString());
                    return df.dataset();
                })
                .toList();
        return load(datasets, options);
    }

    private static Optional<Attributes> readOrSkip(Path file) {
        DicomFile df;
        try {
            df = Part10Reader.read(file);
        } catch (DicomException e) {
            // Folders of series often hold other files (README, JSON, NIfTI); only a file that
            // claims to be DICOM is worth a warning.
            if (looksLikeDicom(file)) {
                LOG.warn("event=file_skipped file={} reason=\"{}\"", file, e.getMessage());
            } else {
                LOG.debug("event=file_skipped file={} reason=\"not DICOM\"", file);
            }
            return Optional.empty();
        }
        if (!df.dataset().contains(Tag.PixelData)) {
            LOG.info("event=file_skipped file={} reason=\"no pixel data\"", file);
            return Optional.empty();
        }
        // Compressed pixel data is reported per series when decoding (unsupported pixel data).
        return Optional.of(df.dataset());
    }

    private static boolean looksLikeDicom(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")) {
            return true;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkTransferSyntax(DicomFile df, String source) {
        TransferSyntax ts = df.transferSyntax();
        if (ts.encapsulated()) {
            throw new VolumeException(
                    df.dataset().getString(Tag.SeriesInstanceUID, source),
                    VolumeException.Problem.UNSUPPORTED_PIXEL_DATA,
                    "compressed transfer syntax " + ts.uid() + " in " + source);
        }
    }

    /**
     * Loads one series from its datasets (single-frame instances, or multi-frame instances, in any
     * order). All datasets must belong to one series.
     */
    public static LoadedSeries load(List<Attributes> datasets, LoadOptions options) {
        Objects.requireNonNull(options, "options is null");
        if (datasets.isEmpty()) {
            throw new VolumeException("(no series)", VolumeException.Problem.MISSING_GEOMETRY, "no images");
        }
        Attributes first = datasets.get(0);
        String series = first.getString(Tag.SeriesInstanceUID, "(no Series Instance UID)");
        List<Frame> frames = new ArrayList<>();
        for (Attributes ds : datasets) {
            frames.addAll(frames(series, ds));
        }
        Frame f0 = frames.get(0);
        checkConsistent(series, frames, options);
        double[] row = unit(series, f0, 0);
        double[] col = unit(series, f0, 3);
        if (Math.abs(Vec.dot(row, col)) > 1e-3) {
            throw new VolumeException(
                    series,
                    VolumeException.Problem.MISSING_GEOMETRY,
                    f0.source + ": row and column cosines are not orthogonal: " + fmt(f0.orientation));
        }
        double[] normal = Vec.normalize(Vec.cross(row, col));
        frames.sort(Comparator.comparingDouble(f -> Vec.dot(f.position, normal)));
        int[] slot = slots(series, frames, normal, options);
        double[] kStep = kStep(first, frames, normal, slot);
        checkOnLattice(series, frames, kStep, slot, options);
        Volume volume = volume(
                series,
                frames,
                Vec.scale(row, frames.get(0).pixelSpacing[1]),
                Vec.scale(col, frames.get(0).pixelSpacing[0]),
                kStep,
                slot);
        Attributes header = first.copy();
        header.remove(Tag.PixelData);
        return new LoadedSeries(
                series,
                first.getString(Tag.FrameOfReferenceUID, ""),
                first.getString(Tag.SeriesDescription, ""),
                first.getStrings(Tag.ImageType),
                frames.size(),
                volume,
                header);
    }

    /** Every frame must share the first one's orientation, matrix and pixel spacing. */
    private static void checkConsistent(String series, List<Frame> frames, LoadOptions options) {
        Frame f0 = frames.get(0);
        for (Frame f : frames) {
            for (int i = 0; i < 6; i++) {
                if (Math.abs(f.orientation[i] - f0.orientation[i]) > options.orientationTolerance()) {
                    throw new VolumeException(
                            series,
                            VolumeException.Problem.MIXED_ORIENTATION,
                            f.source + " has Image Orientation (Patient) " + fmt(f.orientation) + ", " + f0.source
                                    + " has " + fmt(f0.orientation));
                }
            }
            if (f.rows != f0.rows || f.columns != f0.columns) {
                throw new VolumeException(
                        series,
                        VolumeException.Problem.INCONSISTENT_MATRIX,
                        f.source + " is " + f.rows + "x" + f.columns + ", " + f0.source + " is " + f0.rows + "x"
                                + f0.columns);
            }
            if (Math.abs(f.pixelSpacing[0] - f0.pixelSpacing[0]) > 1e-4 * f0.pixelSpacing[0]
                    || Math.abs(f.pixelSpacing[1] - f0.pixelSpacing[1]) > 1e-4 * f0.pixelSpacing[1]) {
                throw new VolumeException(
                        series,
                        VolumeException.Problem.INCONSISTENT_MATRIX,
                        f.source + " has Pixel Spacing " + fmt(f.pixelSpacing) + ", " + f0.source + " has "
                                + fmt(f0.pixelSpacing));
            }
        }
    }

    /**
     * The slot of each frame (sorted along {@code normal}) on the lattice along the normal: the
     * first frame is slot 0, and a neighbour distance of m steps advances m slots (m above one is a
     * gap, refused unless {@link LoadOptions#tolerateGaps()}).
     */
    private static int[] slots(String series, List<Frame> frames, double[] normal, LoadOptions options) {
        int n = frames.size();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Vec.dot(frames.get(i).position, normal);
        }
        double step = latticeStep(series, frames, d);
        int[] slot = new int[n];
        List<String> missing = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            double ratio = (d[i] - d[i - 1]) / step;
            long whole = Math.round(ratio);
            if (whole < 1 || Math.abs(ratio - whole) > options.spacingTolerance()) {
                throw new VolumeException(
                        series,
                        VolumeException.Problem.NONUNIFORM_SPACING,
                        String.format(
                                Locale.ROOT,
                                "slice step %.4f mm between %s and %s is not a multiple of %.4f mm",
                                d[i] - d[i - 1],
                                frames.get(i - 1).source,
                                frames.get(i).source,
                                step));
            }
            slot[i] = slot[i - 1] + (int) whole;
            for (int m = 1; m < whole; m++) {
                missing.add(fmt(Vec.add(frames.get(i - 1).position, Vec.scale(normal, m * step))));
            }
        }
        if (!missing.isEmpty()) {
            if (!options.tolerateGaps()) {
                throw new VolumeException(
                        series,
                        VolumeException.Problem.GAP,
                        "no slice at position(s) " + String.join(", ", missing)
                                + String.format(Locale.ROOT, " (step %.4f mm)", step));
            }
            LOG.warn("event=series_gap_filled series={} missing={}", series, missing.size());
        }
        return slot;
    }

    /**
     * The lattice step along the normal, given each sorted frame's distance {@code d} along it: the
     * (lower) median neighbour distance, so that a few gaps do not move it; 0 for a single frame.
     * Two frames at one position are refused.
     */
    private static double latticeStep(String series, List<Frame> frames, double[] d) {
        int n = d.length;
        double[] diffs = new double[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            double diff = d[i] - d[i - 1];
            if (diff < 1e-3) {
                throw new VolumeException(
                        series,
                        VolumeException.Problem.DUPLICATE_POSITION,
                        frames.get(i - 1).source + " and " + frames.get(i).source + " are both at "
                                + fmt(frames.get(i).position));
            }
            diffs[i - 1] = diff;
        }
        double[] sorted = diffs.clone();
        java.util.Arrays.sort(sorted);
        return n > 1 ? sorted[(sorted.length - 1) / 2] : 0;
    }

    /**
     * The volume's k step: the mean step from the first to the last slice (so a stack whose
     * positions shift in-plane keeps its full affine); for a single slice, the normal times Spacing
     * Between Slices, else Slice Thickness, else 1 mm.
     */
    private static double[] kStep(Attributes first, List<Frame> frames, double[] normal, int[] slot) {
        int n = frames.size();
        if (n == 1) {
            double thickness = first.getDouble(Tag.SpacingBetweenSlices, first.getDouble(Tag.SliceThickness, 1));
            return Vec.scale(normal, thickness > 0 ? thickness : 1);
        }
        return Vec.scale(Vec.sub(frames.get(n - 1).position, f0pos(frames)), 1.0 / slot[n - 1]);
    }

    /** Every slice must sit on the lattice in all three directions, not only along the normal. */
    private static void checkOnLattice(
            String series, List<Frame> frames, double[] kStep, int[] slot, LoadOptions options) {
        double[] origin = f0pos(frames);
        double tolMm = Math.max(0.01, options.spacingTolerance() * Vec.norm(kStep));
        for (int i = 0; i < frames.size(); i++) {
            double[] expected = Vec.add(origin, Vec.scale(kStep, slot[i]));
            if (Vec.distance(expected, frames.get(i).position) > tolMm) {
                throw new VolumeException(
                        series,
                        VolumeException.Problem.NONUNIFORM_SPACING,
                        frames.get(i).source + " at " + fmt(frames.get(i).position)
                                + " is off the slice lattice (expected " + fmt(expected) + ")");
            }
        }
    }

    /**
     * The volume from the first slice's position along {@code iStep}, {@code jStep} and
     * {@code kStep}, each frame decoded into its slot; slots without a frame (tolerated gaps) stay 0.
     */
    private static Volume volume(
            String series, List<Frame> frames, double[] iStep, double[] jStep, double[] kStep, int[] slot) {
        Frame ref = frames.get(0);
        Affine affine = Affine.fromAxes(f0pos(frames), iStep, jStep, kStep);
        Grid grid;
        try {
            grid = new Grid(ref.columns, ref.rows, slot[frames.size() - 1] + 1, affine);
        } catch (IllegalArgumentException e) {
            throw new VolumeException(series, VolumeException.Problem.MISSING_GEOMETRY, e.getMessage(), e);
        }
        float[] voxels = new float[grid.size()];
        int plane = ref.rows * ref.columns;
        for (int i = 0; i < frames.size(); i++) {
            decode(series, frames.get(i), voxels, slot[i] * plane, plane);
        }
        return new Volume(grid, voxels);
    }

    private static double[] f0pos(List<Frame> frames) {
        return frames.get(0).position;
    }

    private static List<Frame> frames(String series, Attributes ds) {
        String source = ds.getString(Tag.SOPInstanceUID, "(no SOP Instance UID)");
        int rows = ds.getInt(Tag.Rows, -1);
        int columns = ds.getInt(Tag.Columns, -1);
        if (rows <= 0 || columns <= 0) {
            throw new VolumeException(
                    series, VolumeException.Problem.MISSING_GEOMETRY, source + " has no Rows/Columns");
        }
        int count = ds.getInt(Tag.NumberOfFrames, 1);
        if (count < 1) {
            // PS3.3 C.7.6.6: Number of Frames is at least 1; 0 would leave the series without a first frame.
            throw new VolumeException(
                    series, VolumeException.Problem.MISSING_GEOMETRY, source + " has Number of Frames " + count);
        }
        List<Attributes> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        List<Attributes> shared = ds.getSequence(Tag.SharedFunctionalGroupsSequence);
        boolean enhanced = !perFrame.isEmpty() || !shared.isEmpty();
        List<Frame> out = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            String name = count > 1 ? source + " frame " + (f + 1) : source;
            Attributes own = enhanced && f < perFrame.size() ? perFrame.get(f) : null;
            Attributes common = enhanced && !shared.isEmpty() ? shared.get(0) : null;
            double[] position = enhanced
                    ? groupValue(own, common, Tag.PlanePositionSequence, Tag.ImagePositionPatient)
                    : ds.getDoubles(Tag.ImagePositionPatient);
            double[] orientation = enhanced
                    ? groupValue(own, common, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient)
                    : ds.getDoubles(Tag.ImageOrientationPatient);
            double[] spacing = enhanced
                    ? groupValue(own, common, Tag.PixelMeasuresSequence, Tag.PixelSpacing)
                    : ds.getDoubles(Tag.PixelSpacing);
            double[] slope = enhanced
                    ? groupValue(own, common, Tag.PixelValueTransformationSequence, Tag.RescaleSlope)
                    : ds.getDoubles(Tag.RescaleSlope);
            double[] intercept = enhanced
                    ? groupValue(own, common, Tag.PixelValueTransformationSequence, Tag.RescaleIntercept)
                    : ds.getDoubles(Tag.RescaleIntercept);
            if (position.length != 3) {
                throw missing(series, name, "Image Position (Patient)");
            }
            if (orientation.length != 6) {
                throw missing(series, name, "Image Orientation (Patient)");
            }
            if (spacing.length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
                throw missing(series, name, "Pixel Spacing");
            }
            out.add(new Frame(
                    name,
                    position,
                    orientation,
                    spacing,
                    rows,
                    columns,
                    slope.length > 0 && slope[0] != 0 ? slope[0] : 1,
                    intercept.length > 0 ? intercept[0] : 0,
                    ds,
                    f));
        }
        return out;
    }

    private static double[] groupValue(Attributes own, Attributes common, int sequenceTag, int tag) {
        for (Attributes group : new Attributes[] {own, common}) {
            if (group == null) {
                continue;
            }
            List<Attributes> items = group.getSequence(sequenceTag);
            if (!items.isEmpty() && items.get(0).contains(tag)) {
                return items.get(0).getDoubles(tag);
            }
        }
        return new double[0];
    }

    private static VolumeException missing(String series, String source, String what) {
        return new VolumeException(series, VolumeException.Problem.MISSING_GEOMETRY, source + " has no valid " + what);
    }

    private static double[] unit(String series, Frame f, int offset) {
        double[] v = {f.orientation[offset], f.orientation[offset + 1], f.orientation[offset + 2]};
        double norm = Vec.norm(v);
        if (Math.abs(norm - 1) > 1e-2) {
            throw new VolumeException(
                    series,
                    VolumeException.Problem.MISSING_GEOMETRY,
                    f.source + " has a direction cosine of length " + norm + ": " + fmt(f.orientation));
        }
        return Vec.scale(v, 1 / norm);
    }

    private static void decode(String series, Frame f, float[] out, int offset, int plane) {
        Attributes ds = f.dataset;
        if (ds.getInt(Tag.SamplesPerPixel, 1) != 1) {
            throw new VolumeException(
                    series,
                    VolumeException.Problem.UNSUPPORTED_PIXEL_DATA,
                    f.source + " has Samples per Pixel " + ds.getInt(Tag.SamplesPerPixel, 1));
        }
        int bitsAllocated = ds.getInt(Tag.BitsAllocated, 16);
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        boolean signed = ds.getInt(Tag.PixelRepresentation, 0) == 1;
        byte[] raw = ds.getBytes(Tag.PixelData)
                .orElseThrow(() -> new VolumeException(
                        series,
                        VolumeException.Problem.UNSUPPORTED_PIXEL_DATA,
                        f.source + " has no (uncompressed) Pixel Data"));
        int bytes = bitsAllocated / 8;
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new VolumeException(
                    series,
                    VolumeException.Problem.UNSUPPORTED_PIXEL_DATA,
                    f.source + " has Bits Allocated " + bitsAllocated);
        }
        long start = (long) f.frameIndex * plane * bytes;
        if (start + (long) plane * bytes > raw.length) {
            throw new VolumeException(
                    series,
                    VolumeException.Problem.UNSUPPORTED_PIXEL_DATA,
                    f.source + " has " + raw.length + " bytes of Pixel Data, too few for " + plane + " pixels of "
                            + bitsAllocated + " bits");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int shift = 32 - bitsStored;
        long mask = bitsStored >= 32 ? 0xFFFFFFFFL : (1L << bitsStored) - 1;
        float slope = (float) f.slope;
        float intercept = (float) f.intercept;
        boolean identity = f.slope == 1 && f.intercept == 0;
        int p = (int) start;
        for (int i = 0; i < plane; i++, p += bytes) {
            int v = switch (bytes) {
                case 1 -> b.get(p) & 0xFF;
                case 2 -> b.getShort(p) & 0xFFFF;
                default -> b.getInt(p);
            };
            long value;
            if (signed) {
                value = (v << shift) >> shift; // sign-extend from Bits Stored
            } else {
                value = v & mask;
            }
            out[offset + i] = identity ? value : value * slope + intercept;
        }
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return sb.append(']').toString();
    }
}
