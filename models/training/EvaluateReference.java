import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.myoscreen.inference.LabelDefinition;
import org.myoscreen.inference.ModelPackage;
import org.myoscreen.inference.Segmentation;
import org.myoscreen.inference.Segmenter;
import org.myoscreen.inference.SegmenterConfig;
import org.myoscreen.inference.testing.ReferenceDice;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.Volume;

/**
 * Evaluates a model package through the Java pipeline: Dice per structure on phantoms from
 * held-out seeds with IMAT and body size outside the training ranges, on the source grid; then
 * runs the real fixture and prints voxel counts per label (and, for reference, the Dice against
 * the TotalSegmentator label map, which is a model output, not truth).
 *
 * <p>Usage: {@code EvaluateReference <package> <firstSeed> <count> [fixture.nii.gz fixtureSeg.nii.gz out.nii.gz]}
 */
public final class EvaluateReference {

    public static void main(String[] args) throws Exception {
        ModelPackage pkg = ModelPackage.load(Path.of(args[0]));
        long first = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        SegmenterConfig config = SegmenterConfig.defaults().withThreads(1, 1);
        try (Segmenter segmenter = Segmenter.open(pkg, config)) {
            double[] sum = new double[7];
            for (long seed = first; seed < first + count; seed++) {
                PhantomOptions options = heldOut(seed);
                PhantomStudy study = Phantom.generate(options);
                Volume t2 = study.seriesOf(Contrast.T2_HASTE).get(0).volume();
                Segmentation seg = segmenter.segment(List.of(t2));
                double[] d = ReferenceDice.of(seg.labels(), study.labels());
                System.out.printf(
                        Locale.ROOT,
                        "seed %d imat %.1f%% %s: %s  total %.1f s, run %.1f s, overhead %.3f%n",
                        seed,
                        options.imatPercent().getAsDouble(),
                        study.patient(),
                        text(pkg, d),
                        seg.timings().totalNanos() / 1e9,
                        seg.timings().runNanos() / 1e9,
                        seg.timings().overheadRatio());
                for (int c = 1; c < 7; c++) {
                    sum[c] += d[c] / count;
                }
            }
            System.out.println("mean: " + text(pkg, sum));
            if (args.length >= 5) {
                Volume mr = Nifti.read(Path.of(args[3]));
                Segmentation seg = segmenter.segment(List.of(mr));
                Nifti.write(Path.of(args[5]), seg.labels());
                LabelMap ts = Nifti.readLabels(Path.of(args[4]));
                // TotalSegmentator total_mr: 46/47 autochthon L/R, 48/49 iliopsoas L/R, 19 vertebrae, 20 discs
                int[][] tsOf = {{}, {46}, {47}, {48}, {49}, {19}, {20}};
                StringBuilder sb = new StringBuilder("fixture " + args[3] + ":");
                for (LabelDefinition l : pkg.manifest().labels()) {
                    long ours = seg.labels().count(l.value());
                    long theirs = 0;
                    long both = 0;
                    short[] a = seg.labels().labels();
                    short[] b = ts.labels();
                    for (int i = 0; i < a.length; i++) {
                        boolean t = b[i] == tsOf[l.value()][0];
                        theirs += t ? 1 : 0;
                        both += t && a[i] == l.value() ? 1 : 0;
                    }
                    sb.append(String.format(
                            Locale.ROOT,
                            " %s ours=%d ts=%d dice_vs_ts=%.3f;",
                            l.name(),
                            ours,
                            theirs,
                            ours + theirs > 0 ? 2.0 * both / (ours + theirs) : Double.NaN));
                }
                System.out.println(sb);
            }
        }
    }

    /** Held-out phantoms: seeds never used in training, IMAT 18-25 % (training: 2-14 %), BMI 35-38 (training: 20-34). */
    static PhantomOptions heldOut(long seed) {
        java.util.Random r = new java.util.Random(seed * 104729);
        double height = 1.60 + 0.2 * r.nextDouble();
        double bmi = 35 + 3 * r.nextDouble();
        return PhantomOptions.builder()
                .seed(seed)
                .stations(1)
                .imatPercent(Math.round((18 + 7 * r.nextDouble()) * 10) / 10.0)
                .heightM(Math.round(height * 100) / 100.0)
                .weightKg(Math.round(bmi * height * height * 10) / 10.0)
                .build();
    }

    static String text(ModelPackage pkg, double[] d) {
        StringBuilder sb = new StringBuilder();
        for (LabelDefinition l : pkg.manifest().labels()) {
            sb.append(String.format(Locale.ROOT, "%s=%.3f ", l.name(), d[l.value()]));
        }
        return sb.toString().trim();
    }
}
