package org.myoscreen.phantom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.StationComposer;
import org.myoscreen.volume.Volume;

/**
 * Benchmark, not a test (run by {@code bench/volume-load.sh}): generates a 4-station, 4-contrast
 * (Dixon water, fat, in-phase, opposed-phase) phantom study once, then times loading every series
 * into volumes ({@link SeriesLoader#loadDirectory}: read Part 10 files, parse, decode pixels,
 * sort, check geometry) and composing the stations of each contrast. Prints wall-clock seconds
 * and MB/s of pixel data decoded (10^6 bytes of stored Pixel Data per second).
 */
public final class VolumeLoadBenchmark {

    private VolumeLoadBenchmark() {}

    /** Arguments: data directory (generated when it has no truth.json), number of timed runs. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/myoscreen-volume-bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!Files.exists(dir.resolve("truth.json"))) {
            long t0 = System.nanoTime();
            PhantomOptions options = PhantomOptions.builder()
                    .seed(2026)
                    .stations(4)
                    .matrix(256)
                    .spacingMm(1.8)
                    .sliceThicknessMm(3.2)
                    .contrasts(EnumSet.of(
                            Contrast.DIXON_WATER,
                            Contrast.DIXON_FAT,
                            Contrast.DIXON_IN_PHASE,
                            Contrast.DIXON_OPPOSED_PHASE))
                    .build();
            PhantomSummary s = PhantomWriter.write(options, dir);
            System.out.printf(
                    Locale.ROOT,
                    "generated %d files in %d series in %.1f s into %s%n",
                    s.fileCount(),
                    s.series().size(),
                    (System.nanoTime() - t0) / 1e9,
                    dir);
        }
        double[] loadSeconds = new double[runs];
        double[] composeSeconds = new double[runs];
        long pixelBytes = 0;
        int images = 0;
        int seriesCount = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<LoadedSeries> series = SeriesLoader.loadDirectory(dir, LoadOptions.STRICT);
            long t1 = System.nanoTime();
            List<List<LoadedSeries>> byContrast = StationComposer.groupStations(series);
            for (List<LoadedSeries> stations : byContrast) {
                List<Volume> volumes =
                        stations.stream().map(LoadedSeries::volume).toList();
                StationComposer.compose(stations.get(0).seriesDescription(), volumes);
            }
            long t2 = System.nanoTime();
            loadSeconds[r] = (t1 - t0) / 1e9;
            composeSeconds[r] = (t2 - t1) / 1e9;
            pixelBytes = 0;
            images = 0;
            for (LoadedSeries s : series) {
                pixelBytes += 2L * s.volume().voxels().length;
                images += s.frames();
            }
            seriesCount = series.size();
            System.out.printf(
                    Locale.ROOT,
                    "run %d: load %.3f s (%.1f MB/s pixel data), compose %d contrasts %.3f s%n",
                    r + 1,
                    loadSeconds[r],
                    pixelBytes / 1e6 / loadSeconds[r],
                    byContrast.size(),
                    composeSeconds[r]);
        }
        double[] warm = Arrays.copyOfRange(loadSeconds, Math.min(1, runs - 1), runs);
        Arrays.sort(warm);
        double median = warm[warm.length / 2];
        System.out.printf(
                Locale.ROOT,
                "images=%d series=%d pixel_data_mb=%.1f cores=%d cold_load_s=%.3f warm_median_load_s=%.3f"
                        + " warm_median_mb_per_s=%.1f compose_s=%.3f%n",
                images,
                seriesCount,
                pixelBytes / 1e6,
                Runtime.getRuntime().availableProcessors(),
                loadSeconds[0],
                median,
                pixelBytes / 1e6 / median,
                composeSeconds[runs - 1]);
    }
}
