import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.myoscreen.inference.ModelManifest;
import org.myoscreen.inference.Preprocessing;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.Resampler;
import org.myoscreen.volume.Volume;

/**
 * Dumps a real NIfTI image (or a label map alone) as training data for the reference model,
 * preprocessed exactly as the segmenter preprocesses a study ({@link Preprocessing#apply}: the
 * manifest's model grid in patient axes, its normalisation), with the labels resampled by nearest
 * neighbour onto the same grid and mapped to model labels.
 *
 * <p>Writes, per variant, {@code <out>/<name>[_<variant>].img} (float32 LE, [nz][ny][nx]), its
 * {@code .lbl} (uint8 model labels; 254 = ignore the voxel; see below) and
 * {@code .txt} ("nx ny nz"), and {@code .known} (the model classes the label map
 * actually annotates, one line, space separated). In a partial map a 0 voxel means "none of the
 * known classes": the training loss then only says it is background or an unannotated class.
 *
 * <p>Usage: {@code DumpNifti <manifest.json> <outDir> <name> <image.nii.gz|-> <labels.nii.gz>
 * <map> <known> [fat.nii.gz]}
 * <ul>
 *   <li>{@code map}: {@code src:dst,...}; source labels not named become 200-249
 *       ("another structure": background for the loss, its own intensity when synthesised), {@code dst}
 *       254 = ignore.
 *   <li>{@code known}: model classes annotated, e.g. {@code 1,2} (0 is always known as "else").
 *   <li>with a fat image, the image is the Dixon water image and four variants are written: water,
 *       fat, in-phase (water + fat) and opposed-phase (|water - fat|).
 *   <li>with image {@code -}, only the grid of the label map counts: the image is zeros (the
 *       training script synthesises one from the labels).
 * </ul>
 */
public final class DumpNifti {

    /** Label of a structure the map names but the model does not segment: 200-249 (class 0 for the loss). */
    private static final int OTHER = 200;

    public static void main(String[] args) throws IOException {
        ModelManifest manifest = ModelManifest.read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        String name = args[2];
        LabelMap labels = Nifti.readLabels(Path.of(args[4]));
        Map<Integer, Integer> map = new LinkedHashMap<>();
        for (String pair : args[5].split(",")) {
            String[] p = pair.split(":");
            map.put(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        }
        TreeSet<Integer> known = new TreeSet<>();
        for (String k : args[6].split(",")) {
            known.add(Integer.parseInt(k.trim()));
        }
        Files.createDirectories(out);
        Map<String, Volume> variants = new LinkedHashMap<>();
        if (args[3].equals("-")) {
            variants.put("", labels.toVolume());
        } else {
            Volume image = Nifti.read(Path.of(args[3]));
            if (args.length > 7) {
                Volume fat = Nifti.read(Path.of(args[7]));
                float[] w = image.voxels();
                float[] f = fat.voxels();
                float[] ip = new float[w.length];
                float[] op = new float[w.length];
                for (int i = 0; i < w.length; i++) {
                    ip[i] = w[i] + f[i];
                    op[i] = Math.abs(w[i] - f[i]);
                }
                variants.put("_water", image);
                variants.put("_fat", new Volume(image.grid(), f));
                variants.put("_ip", new Volume(image.grid(), ip));
                variants.put("_op", new Volume(image.grid(), op));
            } else {
                variants.put("", image);
            }
        }
        Grid g = null;
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Volume> e : variants.entrySet()) {
            Preprocessing.ModelInput input = Preprocessing.apply(manifest, List.of(e.getValue()));
            g = input.grid();
            float[] img = args[3].equals("-") ? new float[g.size()] : input.channels()[0];
            ByteBuffer b = ByteBuffer.allocate(4 * img.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(img);
            Files.write(out.resolve(name + e.getKey() + ".img"), b.array());
            written.add(name + e.getKey());
        }
        LabelMap onGrid = Resampler.nearest(labels, g);
        short[] l = onGrid.labels();
        byte[] lb = new byte[l.length];
        long[] counts = new long[256];
        for (int v = 0; v < l.length; v++) {
            int m = map.getOrDefault((int) l[v], l[v] == 0 ? 0 : OTHER + Math.floorMod(l[v], 50));
            lb[v] = (byte) m;
            counts[m]++;
        }
        String dims = g.nx() + " " + g.ny() + " " + g.nz() + "\n";
        for (String w : written) {
            try (OutputStream o = Files.newOutputStream(out.resolve(w + ".lbl"))) {
                o.write(lb);
            }
            Files.writeString(out.resolve(w + ".txt"), dims);
            Files.writeString(
                    out.resolve(w + ".known"),
                    String.join(" ", known.stream().map(String::valueOf).toList()) + "\n");
        }
        StringBuilder c = new StringBuilder();
        for (int k = 0; k < 256; k++) {
            if (counts[k] > 0) {
                c.append(' ').append(k).append('=').append(counts[k]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: model grid %dx%dx%d, variants %s, labels%s%n",
                name,
                g.nx(),
                g.ny(),
                g.nz(),
                written,
                c);
    }
}
