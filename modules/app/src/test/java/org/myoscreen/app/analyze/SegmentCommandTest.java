package org.myoscreen.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.inference.SeriesContrast;
import org.myoscreen.phantom.Contrast;
import org.myoscreen.phantom.Orientation;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.phantom.Sex;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.Nifti;
import org.myoscreen.volume.SeriesLoader;

/**
 * {@code myoscreen segment} and {@code analyze} on NIfTI, in-process with the tiny threshold model:
 * the label map lies exactly on the input's voxel grid (NIfTI in, DICOM series in, oblique, 4 mm
 * slices), the RAS affine written agrees with the DICOM geometry computed here independently,
 * labels.json describes the model's labels, and the channels map onto IMAGE and --fat.
 */
class SegmentCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static PhantomSummary oblique;
    private static PhantomSummary dixon4mm;
    private static Path tinyModel;
    private static Path dixonModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void writePhantomsAndModels() throws Exception {
        oblique = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(5)
                        .matrix(96)
                        .spacingMm(4)
                        .sliceThicknessMm(5)
                        .orientation(Orientation.OBLIQUE)
                        .build(),
                shared.resolve("oblique"));
        dixon4mm = PhantomWriter.write(
                PhantomOptions.builder()
                        .seed(6)
                        .sex(Sex.M)
                        .matrix(96)
                        .spacingMm(4)
                        .sliceThicknessMm(4)
                        .contrasts(EnumSet.of(Contrast.DIXON_WATER, Contrast.DIXON_FAT))
                        .build(),
                shared.resolve("dixon"));
        tinyModel = TinyOnnx.write(shared.resolve("tiny-model"));
        dixonModel = TinyOnnx.write(
                shared.resolve("dixon-model"), List.of(SeriesContrast.DIXON_WATER, SeriesContrast.DIXON_FAT));
    }

    @Test
    void helpListsSegmentAndItsOptions() {
        Cli cli = new Cli(dir);
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.stdout()).contains("segment");
        assertThat(cli.run("segment", "--help")).isZero();
        assertThat(cli.stdout())
                .contains("IMAGE [--fat FAT] --output DIR")
                .contains("--model DIR")
                .contains("--fat FAT");
    }

    @Test
    void obliqueDicomSeriesGetsLabelsOnItsExactGridWithTheRasAffineOfItsGeometry() throws Exception {
        Path series = seriesDir(oblique, Contrast.T2_HASTE);
        Cli cli = new Cli(dir);
        assertThat(cli.run("segment", series.toString(), "--output", "out", "--model", tinyModel.toString()))
                .as(cli.stderr())
                .isZero();
        assertThat(cli.stderr())
                .contains("segment: ")
                .contains(" load ")
                .contains(" segment tiny-threshold")
                .contains("labels.nii.gz");
        assertOnDicomGrid(dir.resolve("out/labels.nii.gz"), series);
        assertThat(Nifti.readLabels(dir.resolve("out/labels.nii.gz")).count(1))
                .as("threshold label 1")
                .isPositive();
    }

    @Test
    void dicomSeriesWithFourMillimetreSlicesAndItsFatSeriesFeedATwoChannelModel() throws Exception {
        Path water = seriesDir(dixon4mm, Contrast.DIXON_WATER);
        Path fat = seriesDir(dixon4mm, Contrast.DIXON_FAT);
        Cli cli = new Cli(dir);
        assertThat(cli.run(
                        "segment",
                        water.toString(),
                        "--fat",
                        fat.toString(),
                        "--output",
                        "out",
                        "--model",
                        dixonModel.toString()))
                .as(cli.stderr())
                .isZero();
        assertThat(cli.stderr()).contains("2 channels").contains("x4.00 mm");
        Header h = Header.read(dir.resolve("out/labels.nii.gz"));
        assertThat(h.pixdim[2]).isCloseTo(4f, within(1e-4f));
        assertOnDicomGrid(dir.resolve("out/labels.nii.gz"), water);
    }

    @Test
    void modelThatNeedsTheFatImageIsAUsageErrorWithoutIt() {
        Cli cli = new Cli(dir);
        assertThat(cli.run(
                        "segment",
                        seriesDir(dixon4mm, Contrast.DIXON_WATER).toString(),
                        "--output",
                        "out",
                        "--model",
                        dixonModel.toString()))
                .isEqualTo(2);
        assertThat(cli.stderr().strip().lines()).hasSize(1);
        assertThat(cli.stderr()).contains("DIXON_WATER + DIXON_FAT").contains("--fat FAT");
        assertThat(dir.resolve("out/labels.nii.gz")).doesNotExist();
        assertThat(cli.run("segment", "missing.nii.gz", "--output", "out", "--model", tinyModel.toString()))
                .isEqualTo(2);
        assertThat(cli.stderr()).contains("no such file or folder").contains("missing.nii.gz");
        assertThat(cli.run(
                        "segment", seriesDir(oblique, Contrast.T2_HASTE).toString(), "--model", tinyModel.toString()))
                .isEqualTo(2);
        assertThat(cli.stderr()).contains("--output DIR is required");
    }

    @Test
    void niftiInputGetsLabelsWithItsShapeSpacingAndAffineAndTheSameLabelsAsItsDicomSeries() throws Exception {
        Path series = seriesDir(oblique, Contrast.T2_HASTE);
        Path image = dir.resolve("t2.nii.gz");
        Nifti.write(
                image,
                SeriesLoader.loadDirectory(series, LoadOptions.STRICT).get(0).volume());
        Cli cli = new Cli(dir);
        assertThat(cli.run("segment", image.toString(), "--output", "nifti", "--model", tinyModel.toString()))
                .as(cli.stderr())
                .isZero();
        assertThat(cli.run("segment", series.toString(), "--output", "dicom", "--model", tinyModel.toString()))
                .as(cli.stderr())
                .isZero();
        Header in = Header.read(image);
        Header out = Header.read(dir.resolve("nifti/labels.nii.gz"));
        assertThat(out.dim).isEqualTo(in.dim);
        assertThat(out.pixdim).isEqualTo(in.pixdim);
        assertThat(out.sform).isEqualTo(in.sform);
        assertThat(out.sformCode).isPositive();
        assertThat(out.datatype).isEqualTo((short) 4);
        assertThat(Nifti.readLabels(dir.resolve("nifti/labels.nii.gz")).labels())
                .isEqualTo(Nifti.readLabels(dir.resolve("dicom/labels.nii.gz")).labels());

        JsonNode labels = JSON.readTree(dir.resolve("nifti/labels.json").toFile());
        assertThat(labels).hasSize(2);
        JsonNode first = labels.get(0);
        assertThat(first.get("value").asInt()).isEqualTo(1);
        assertThat(first.get("structure").asText()).isEqualTo("paraspinal");
        assertThat(first.get("laterality").asText()).isEqualTo("left");
        assertThat(first.get("level").isNull()).isTrue();
        assertThat(first.get("code").get("scheme").asText()).isEqualTo("SCT");
        assertThat(first.get("code").get("value").asText()).isEqualTo("44947003");
        assertThat(first.get("code").get("meaning").asText()).isEqualTo("Erector spinae muscle");
        JsonNode second = labels.get(1);
        assertThat(second.get("value").asInt()).isEqualTo(2);
        assertThat(second.get("structure").asText()).isEqualTo("subcutaneous_fat");
        assertThat(second.get("laterality").asText()).isEqualTo("none");
    }

    @Test
    void analyzeOnNiftiWritesResultJsonWithThePatientFactsOfTheFlags() throws Exception {
        Path water = dir.resolve("water.nii.gz");
        Path fat = dir.resolve("fat.nii.gz");
        Nifti.write(
                water,
                SeriesLoader.loadDirectory(seriesDir(dixon4mm, Contrast.DIXON_WATER), LoadOptions.STRICT)
                        .get(0)
                        .volume());
        Nifti.write(
                fat,
                SeriesLoader.loadDirectory(seriesDir(dixon4mm, Contrast.DIXON_FAT), LoadOptions.STRICT)
                        .get(0)
                        .volume());
        Cli cli = new Cli(dir);
        assertThat(cli.run(
                        "analyze",
                        water.toString(),
                        "--fat",
                        fat.toString(),
                        "--output",
                        "out",
                        "--model",
                        dixonModel.toString(),
                        "--sex",
                        "M",
                        "--age",
                        "52",
                        "--weight-kg",
                        "84",
                        "--height-m",
                        "1.79"))
                .as(cli.stderr())
                .isZero();
        JsonNode result = JSON.readTree(dir.resolve("out/result.json").toFile());
        InterfaceKeys.assertHasKeys(InterfaceKeys.example(), result, "result");
        assertThat(result.get("study_instance_uid").isNull()).isTrue();
        assertThat(result.get("model").get("name").asText()).isEqualTo(TinyOnnx.NAME);
        JsonNode patient = result.get("patient");
        assertThat(patient.get("sex").asText()).isEqualTo("M");
        assertThat(patient.get("age_years").asInt()).isEqualTo(52);
        assertThat(patient.get("weight_kg").asDouble()).isEqualTo(84.0);
        assertThat(patient.get("height_m").asDouble()).isEqualTo(1.79);
        assertThat(patient.get("bmi").asDouble()).isEqualTo(26.2);
        assertThat(texts(result.get("source_images"))).containsExactly(water.toString(), fat.toString());
        assertThat(result.get("outputs").get("labels").asText()).isEqualTo("labels.nii.gz");
        assertThat(result.get("outputs").get("seg").isNull()).isTrue();
        // The threshold is not anatomy: QC refuses and says why, as for a DICOM study.
        assertThat(result.get("qc").get("passed").asBoolean()).isFalse();
        assertThat(result.get("qc").get("flags").size()).isPositive();
        assertThat(Header.read(dir.resolve("out/labels.nii.gz")).sform).isEqualTo(Header.read(water).sform);
        assertThat(cli.stderr()).contains("analyze: water.nii.gz segment").contains("QC refused");

        assertThat(cli.run(
                        "analyze", seriesDir(dixon4mm, Contrast.DIXON_WATER).toString(), "--output", "x", "--sex", "M"))
                .isEqualTo(2);
        assertThat(cli.stderr()).contains("--sex applies to a NIfTI INPUT only");
        assertThat(cli.run("analyze", water.toString(), "--output", "x", "--height-m", "179"))
                .isEqualTo(2);
        assertThat(cli.stderr()).contains("--height-m must be between");
    }

    /** The series folder of a contrast (one station). */
    private static Path seriesDir(PhantomSummary phantom, Contrast contrast) {
        return phantom.series().stream()
                .filter(s -> s.contrast() == contrast)
                .findFirst()
                .orElseThrow()
                .directory();
    }

    /**
     * The NIfTI's shape and RAS sform against the DICOM files' geometry, computed here from Image
     * Orientation/Position and Pixel Spacing: i runs along a row (first IOP triplet, column spacing),
     * j down a column, every slice's position is a k plane of the affine; RAS = LPS with x and y negated.
     */
    private static void assertOnDicomGrid(Path nifti, Path seriesDir) throws IOException {
        Header h = Header.read(nifti);
        List<Attributes> slices = new ArrayList<>();
        try (var files = Files.list(seriesDir)) {
            for (Path f : files.sorted().toList()) {
                slices.add(Part10Reader.read(f).dataset());
            }
        }
        Attributes first = slices.get(0);
        assertThat(h.dim[1]).isEqualTo(first.getInt(Tag.Columns, 0));
        assertThat(h.dim[2]).isEqualTo(first.getInt(Tag.Rows, 0));
        assertThat(h.dim[3]).isEqualTo(slices.size());
        double[] iop = first.getDoubles(Tag.ImageOrientationPatient);
        double[] ps = first.getDoubles(Tag.PixelSpacing);
        double[] flip = {-1, -1, 1};
        for (int r = 0; r < 3; r++) {
            assertThat(h.sform[r * 4])
                    .as("sform[%d][0]", r)
                    .isCloseTo((float) (flip[r] * iop[r] * ps[1]), within(1e-3f));
            assertThat(h.sform[r * 4 + 1])
                    .as("sform[%d][1]", r)
                    .isCloseTo((float) (flip[r] * iop[3 + r] * ps[0]), within(1e-3f));
        }
        for (Attributes s : slices) {
            double[] ipp = s.getDoubles(Tag.ImagePositionPatient);
            boolean onAPlane = false;
            for (int k = 0; k < h.dim[3] && !onAPlane; k++) {
                boolean all = true;
                for (int r = 0; r < 3; r++) {
                    double ras = h.sform[r * 4 + 2] * k + h.sform[r * 4 + 3];
                    all &= Math.abs(ras - flip[r] * ipp[r]) < 0.01;
                }
                onAPlane = all;
            }
            assertThat(onAPlane)
                    .as("slice at %s lies on a k plane of %s", java.util.Arrays.toString(ipp), nifti)
                    .isTrue();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The NIfTI-1 header fields the grid is made of, read here without the volume module. */
    private record Header(int[] dim, float[] pixdim, short datatype, short sformCode, float[] sform) {
        static Header read(Path file) throws IOException {
            byte[] bytes;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                bytes = in.readNBytes(348);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int[] dim = new int[4];
            for (int d = 0; d < 4; d++) {
                dim[d] = b.getShort(40 + 2 * d);
            }
            float[] pixdim = new float[3];
            for (int d = 0; d < 3; d++) {
                pixdim[d] = b.getFloat(80 + 4 * d);
            }
            float[] sform = new float[12];
            for (int i = 0; i < 12; i++) {
                sform[i] = b.getFloat(280 + 4 * i);
            }
            return new Header(dim, pixdim, b.getShort(70), b.getShort(254), sform);
        }
    }
}
