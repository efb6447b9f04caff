package org.myoscreen.inference.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.myoscreen.inference.ModelPackage;
import org.myoscreen.inference.Segmentation;
import org.myoscreen.inference.Segmenter;
import org.myoscreen.inference.SegmenterConfig;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.volume.Volume;

/**
 * Benchmark, not a test (run by {@code bench/inference.sh}): segments a whole-body phantom (all
 * four axial stations composed on one grid, T2) with a model package on the CPU and prints, per
 * run, the total segmentation time, the time inside {@code OrtSession.run}, and their ratio (the
 * pipeline overhead). The first run is a warm-up and is reported separately.
 */
public final class InferenceBenchmark {

    private InferenceBenchmark() {}

    /** Arguments: package folder, timed runs, intra-op threads, batch size. */
    public static void main(String[] args) {
        Path pkgDir = Path.of(args.length > 0 ? args[0] : "models/reference");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        PhantomOptions options = PhantomOptions.builder()
                .seed(2026)
                .stations(4)
                .matrix(288)
                .sliceThicknessMm(4)
                .build();
        PhantomStudy study = Phantom.generate(options);
        Volume t2 = study.seriesOf(Contrast.T2_HASTE).size() == 1
                ? study.seriesOf(Contrast.T2_HASTE).get(0).volume()
                : whole(study);
        System.out.printf(
                Locale.ROOT,
                "phantom seed 2026: %dx%dx%d voxels, spacing %s mm%n",
                t2.grid().nx(),
                t2.grid().ny(),
                t2.grid().nz(),
                java.util.Arrays.toString(t2.grid().spacingMm()));
        SegmenterConfig config =
                SegmenterConfig.defaults().withThreads(threads, 1).withWindows(0.5, batch);
        try (Segmenter s = Segmenter.open(ModelPackage.load(pkgDir), config)) {
            for (int r = 0; r <= runs; r++) {
                Segmentation seg = s.segment(List.of(t2));
                Segmentation.Timings t = seg.timings();
                System.out.printf(
                        Locale.ROOT,
                        "%s: total %.2f s, OrtSession.run %.2f s, overhead ratio %.3f (preprocess %.2f s, post %.2f s, "
                                + "%d windows, %d runs, intra-op threads %d, batch %d)%n",
                        r == 0 ? "warm-up" : "run " + r,
                        t.totalNanos() / 1e9,
                        t.runNanos() / 1e9,
                        t.overheadRatio(),
                        t.preprocessNanos() / 1e9,
                        t.postprocessNanos() / 1e9,
                        t.windows(),
                        t.runs(),
                        threads,
                        batch);
            }
        }
    }

    /** The union grid image: the phantom's stations share one lattice; use the truth grid's T2 render. */
    private static Volume whole(PhantomStudy study) {
        List<org.myoscreen.phantom.PhantomSeries> stations = study.seriesOf(Contrast.T2_HASTE);
        org.myoscreen.volume.Grid g = study.labels().grid();
        float[] v = new float[g.size()];
        int plane = g.nx() * g.ny();
        for (org.myoscreen.phantom.PhantomSeries s : stations) {
            Volume sv = s.volume();
            double[] o = sv.grid().worldOf(0, 0, 0);
            double[] p = g.affine().inverse().apply(o);
            int first = (int) Math.round(p[2]);
            System.arraycopy(sv.voxels(), 0, v, first * plane, sv.voxels().length);
        }
        return new Volume(g, v);
    }
}
