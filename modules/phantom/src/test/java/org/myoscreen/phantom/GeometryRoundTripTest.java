package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.Volume;

class GeometryRoundTripTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} negated={1}")
    @CsvSource({
        "AXIAL,false",
        "AXIAL,true",
        "SAGITTAL,false",
        "CORONAL,false",
        "CORONAL,true",
        "OBLIQUE,false",
        "OBLIQUE,true"
    })
    void phantomToDicomToVolumeToNiftiKeepsWorldCoordinates(Orientation orientation, boolean negated) throws Exception {
        PhantomOptions options = PhantomOptions.builder()
                .seed(42)
                .orientation(orientation)
                .negateDirections(negated)
                .matrix(48)
                .spacingMm(9)
                .sliceThicknessMm(11)
                .stations(1)
                .build();
        PhantomStudy study = Phantom.generate(options);
        Volume image = study.series().get(0).volume();
        // A marker: one voxel brighter than any other, at a spot on no symmetry axis.
        Grid g = image.grid();
        int mi = g.nx() / 3;
        int mj = g.ny() / 2 + 3;
        int mk = g.nz() / 2 + 1;
        float[] marked = image.voxels().clone();
        for (int i = 0; i < marked.length; i++) {
            marked[i] = Math.min(marked[i], 4000);
        }
        marked[g.index(mi, mj, mk)] = 4095;
        PhantomStudy withMarker = new PhantomStudy(
                study.options(),
                study.patient(),
                List.of(new PhantomSeries(Contrast.T2_HASTE, 0, new Volume(g, marked))),
                study.labels(),
                study.levels(),
                study.truth(),
                study.sliceThicknessMm(),
                study.overlapSlices());
        PhantomSummary summary = PhantomWriter.write(withMarker, dir);

        List<LoadedSeries> loaded = SeriesLoader.loadDirectory(dir, LoadOptions.STRICT);
        assertThat(loaded).hasSize(1);
        Volume v = loaded.get(0).volume();
        LabelMap labels = Nifti.readLabels(summary.labels());

        // Every loaded voxel sits exactly on a label-map voxel and carries the written value.
        Affine toLabel = labels.grid().affine().inverse().multiply(v.grid().affine());
        Grid lg = labels.grid();
        for (int k = 0; k < v.grid().nz(); k++) {
            for (int j = 0; j < v.grid().ny(); j += 5) {
                for (int i = 0; i < v.grid().nx(); i += 5) {
                    double[] p = toLabel.apply(i, j, k);
                    int li = (int) Math.round(p[0]);
                    int lj = (int) Math.round(p[1]);
                    int lk = (int) Math.round(p[2]);
                    assertThat(p).containsExactly(new double[] {li, lj, lk}, within(1e-3));
                    assertThat(v.get(i, j, k)).isEqualTo(marked[lg.index(li, lj, lk)]);
                }
            }
        }

        // Volume -> NIfTI -> Volume keeps the affine (float32 header precision) and the voxels.
        Path nifti = dir.resolve("t2.nii.gz");
        Nifti.write(nifti, v);
        Volume back = Nifti.read(nifti);
        assertThat(back.grid().affine().equalsWithin(v.grid().affine(), 1e-3)).isTrue();
        assertThat(back.voxels()).isEqualTo(v.voxels());

        // The marker: where our volume puts it, where the label map's grid puts it, and where pydicom
        // computes it from the header of the file that holds it.
        int argmax = 0;
        for (int i = 1; i < v.voxels().length; i++) {
            if (v.voxels()[i] > v.voxels()[argmax]) {
                argmax = i;
            }
        }
        Grid vg = v.grid();
        int ai = argmax % vg.nx();
        int aj = (argmax / vg.nx()) % vg.ny();
        int ak = argmax / (vg.nx() * vg.ny());
        double[] ours = vg.worldOf(ai, aj, ak);
        double[] truthPos = g.worldOf(mi, mj, mk);
        double[] pydicom = pydicomMarker(summary.series().get(0).directory());
        assertThat(ours).containsExactly(truthPos, within(1e-3));
        assertThat(ours).containsExactly(pydicom, within(0.1));
        assertThat(back.grid().worldOf(ai, aj, ak)).containsExactly(truthPos, within(0.01));
    }

    /** World position (LPS mm) of the brightest pixel, computed by pydicom from the raw headers. */
    static double[] pydicomMarker(Path seriesDir) throws IOException, InterruptedException {
        String script = String.join(
                "\n",
                "import sys, glob, numpy as np, pydicom",
                "best = None",
                "for f in sorted(glob.glob(sys.argv[1] + '/*.dcm')):",
                "    ds = pydicom.dcmread(f)",
                "    a = ds.pixel_array",
                "    r, c = np.unravel_index(np.argmax(a), a.shape)",
                "    if best is None or a[r, c] > best[0]:",
                "        ipp = np.array([float(x) for x in ds.ImagePositionPatient])",
                "        iop = [float(x) for x in ds.ImageOrientationPatient]",
                "        ps = [float(x) for x in ds.PixelSpacing]",
                "        p = ipp + c * ps[1] * np.array(iop[:3]) + r * ps[0] * np.array(iop[3:])",
                "        best = (a[r, c], p)",
                "print(' '.join(repr(float(x)) for x in best[1]))");
        Process proc = new ProcessBuilder("/usr/bin/python3", "-c", script, seriesDir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as(out).isZero();
        String[] parts = out.split("\\s+");
        List<Double> values = new ArrayList<>();
        for (String p : parts) {
            values.add(Double.parseDouble(p));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
