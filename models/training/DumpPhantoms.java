import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Preprocessing;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Phantom;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomStudy;
import org.myoscreen.phantom.TissueLabel;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.Volume;

/**
 * Dumps phantom studies as training data for the reference model, preprocessed exactly as the
 * segmenter will preprocess them ({@link Preprocessing#apply} with the manifest's spacing and
 * normalisation): per seed {@code <out>/seed_N.img} (float32, little endian, [nz][ny][nx]) and
 * {@code seed_N.lbl} (uint8, phantom {@link TissueLabel} values, mapped to model labels by the
 * training script), with {@code seed_N.txt} holding "nx ny nz".
 * Only slices with a target label are kept, plus every 4th other slice (negatives).
 *
 * <p>Run (source-file mode) from the repository root, after {@code mvn -pl modules/inference -am
 * test-compile}: see models/README.md.
 *
 * <p>Usage: {@code DumpPhantoms <manifest.json> <outDir> <firstSeed> <count> <imatMin> <imatMax>}
 */
public final class DumpPhantoms {

    /** Phantom tissue label → model label (0 for everything else), to choose the kept slices. */
    static final byte[] MAP = new byte[256];

    static {
        MAP[TissueLabel.PARASPINAL_LEAN_LEFT.value()] = 1;
        MAP[TissueLabel.IMAT_LEFT.value()] = 1;
        MAP[TissueLabel.PARASPINAL_LEAN_RIGHT.value()] = 2;
        MAP[TissueLabel.IMAT_RIGHT.value()] = 2;
        MAP[TissueLabel.PSOAS_LEFT.value()] = 3;
        MAP[TissueLabel.PSOAS_RIGHT.value()] = 4;
        MAP[TissueLabel.VERTEBRAL_BODY.value()] = 5;
        MAP[TissueLabel.INTERVERTEBRAL_DISC.value()] = 6;
    }

    public static void main(String[] args) throws IOException {
        ModelManifest manifest = ModelManifest.read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        long first = Long.parseLong(args[2]);
        int count = Integer.parseInt(args[3]);
        double imatMin = Double.parseDouble(args[4]);
        double imatMax = Double.parseDouble(args[5]);
        Files.createDirectories(out);
        for (long seed = first; seed < first + count; seed++) {
            Random r = new Random(seed * 7919);
            PhantomOptions options = PhantomOptions.builder()
                    .seed(seed)
                    .stations(1)
                    .imatPercent(Math.round((imatMin + r.nextDouble() * (imatMax - imatMin)) * 10) / 10.0)
                    .build();
            PhantomStudy study = Phantom.generate(options);
            Volume t2 = study.seriesOf(Contrast.T2_HASTE).get(0).volume();
            Preprocessing.ModelInput input = Preprocessing.apply(manifest, List.of(t2));
            Grid g = input.grid();
            LabelMap truth = Resampler.nearest(study.labels(), g);
            int plane = g.nx() * g.ny();
            short[] l = truth.labels();
            float[] img = input.channels()[0];
            int kept = 0;
            boolean[] keep = new boolean[g.nz()];
            for (int z = 0; z < g.nz(); z++) {
                boolean any = false;
                for (int v = z * plane; v < (z + 1) * plane && !any; v++) {
                    any = MAP[l[v] & 0xFF] != 0;
                }
                keep[z] = any || z % 4 == 0;
                kept += keep[z] ? 1 : 0;
            }
            try (OutputStream fi = Files.newOutputStream(out.resolve("seed_" + seed + ".img"));
                    OutputStream fl = Files.newOutputStream(out.resolve("seed_" + seed + ".lbl"))) {
                ByteBuffer b = ByteBuffer.allocate(4 * plane).order(ByteOrder.LITTLE_ENDIAN);
                byte[] lb = new byte[plane];
                for (int z = 0; z < g.nz(); z++) {
                    if (!keep[z]) {
                        continue;
                    }
                    b.clear();
                    for (int v = 0; v < plane; v++) {
                        b.putFloat(img[z * plane + v]);
                        lb[v] = (byte) l[z * plane + v];
                    }
                    fi.write(b.array());
                    fl.write(lb);
                }
            }
            Files.writeString(out.resolve("seed_" + seed + ".txt"), g.nx() + " " + g.ny() + " " + kept + "\n");
            System.out.printf(
                    Locale.ROOT,
                    "seed %d: model grid %dx%dx%d, kept %d slices, imat %.1f%%, %s%n",
                    seed,
                    g.nx(),
                    g.ny(),
                    g.nz(),
                    kept,
                    options.imatPercent().getAsDouble(),
                    study.patient());
        }
    }
}
