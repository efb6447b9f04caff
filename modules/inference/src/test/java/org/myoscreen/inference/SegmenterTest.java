package org.myoscreen.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.inference.internal.OrtModel;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;
import org.slf4j.LoggerFactory;

class SegmenterTest {

    @TempDir
    Path dir;

    private static final float[] LEVELS = {0.3f, 1.4f, 2.6f};
    private static final short[] EXPECTED = {0, TestPackages.LOW, TestPackages.HIGH};

    /** A volume of random levels (each voxel independent) and the labels the threshold model must give. */
    private record Case(Volume image, short[] expected) {}

    private static Case randomCase(Grid grid, long seed) {
        Random r = new Random(seed);
        float[] v = new float[grid.size()];
        short[] e = new short[grid.size()];
        for (int i = 0; i < v.length; i++) {
            int level = r.nextInt(3);
            v[i] = LEVELS[level];
            e[i] = EXPECTED[level];
        }
        return new Case(new Volume(grid, v), e);
    }

    private static SegmenterConfig exact(double overlap, int batch) {
        return SegmenterConfig.defaults().withWindows(overlap, batch).withOutputs(false, true);
    }

    @Test
    void twoDimensionalWindowsGiveExactLabelsAcrossSeams() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        Case c = randomCase(TestPackages.grid(37, 29, 11), 1);
        for (double overlap : new double[] {0, 0.25, 0.5}) {
            for (int batch : new int[] {1, 3, 8}) {
                try (Segmenter s = Segmenter.open(pkg, exact(overlap, batch))) {
                    Segmentation seg = s.segment(List.of(c.image()));
                    assertThat(seg.labels().labels())
                            .as("overlap %s batch %s", overlap, batch)
                            .isEqualTo(c.expected());
                    assertThat(seg.labels().grid()).isEqualTo(c.image().grid());
                    assertThat(seg.timings().windows())
                            .isEqualTo(11 * windows(29, 16, overlap) * windows(37, 12, overlap));
                    assertThat(seg.timings().runs()).isEqualTo((seg.timings().windows() + batch - 1) / batch);
                    assertThat(seg.timings().runNanos())
                            .isPositive()
                            .isLessThan(seg.timings().totalNanos());
                }
            }
        }
    }

    private static int windows(int n, int p, double overlap) {
        int step = Math.max(1, (int) Math.floor(p * (1 - overlap)));
        return (int) Math.ceil((double) (n - p) / step) + 1;
    }

    @Test
    void threeDimensionalPatchesGiveExactLabelsAcrossSeams() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.THREE_D, List.of(5, 8, 7), -1);
        Case c = randomCase(TestPackages.grid(23, 19, 13), 2);
        for (int batch : new int[] {1, 4}) {
            try (Segmenter s = Segmenter.open(pkg, exact(0.5, batch))) {
                Segmentation seg = s.segment(List.of(c.image()));
                assertThat(seg.labels().labels()).isEqualTo(c.expected());
            }
        }
    }

    @Test
    void aStudyWithReversedAxesIsReorientedAndComesBackOnItsOwnGrid() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        Grid reversed = new Grid(
                21,
                18,
                6,
                org.myoscreen.volume.Affine.fromAxes(
                        new double[] {40, 30, -100}, new double[] {-1, 0, 0}, new double[] {0, -1, 0}, new double[] {
                            0, 0, 1
                        }));
        Case c = randomCase(reversed, 8);
        try (Segmenter s = Segmenter.open(pkg, exact(0.5, 4))) {
            Segmentation seg = s.segment(List.of(c.image()));
            assertThat(seg.labels().grid()).isEqualTo(reversed);
            assertThat(seg.labels().labels()).isEqualTo(c.expected());
        }
        Grid model = Preprocessing.modelGrid(pkg.manifest(), reversed);
        assertThat(model.affine().step(0)).containsExactly(1, 0, 0);
        assertThat(model.affine().step(1)).containsExactly(0, 1, 0);
        assertThat(model.worldOf(0, 0, 0)).containsExactly(20, 13, -100);
    }

    @Test
    void anImageSmallerThanThePatchIsPadded() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.THREE_D, List.of(5, 16, 12), -1);
        Case c = randomCase(TestPackages.grid(7, 10, 3), 3);
        try (Segmenter s = Segmenter.open(pkg, exact(0.5, 2))) {
            Segmentation seg = s.segment(List.of(c.image()));
            assertThat(seg.labels().labels()).isEqualTo(c.expected());
            assertThat(seg.timings().windows()).isEqualTo(1);
        }
    }

    @Test
    void aFixedBatchDimensionInTheGraphOverridesTheConfiguredBatch() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), 2);
        Case c = randomCase(TestPackages.grid(20, 17, 5), 4);
        try (Segmenter s = Segmenter.open(pkg, exact(0.5, 7))) {
            Segmentation seg = s.segment(List.of(c.image()));
            assertThat(seg.labels().labels()).isEqualTo(c.expected());
            assertThat(seg.timings().runs()).isEqualTo((seg.timings().windows() + 1) / 2);
        }
    }

    @Test
    void confidenceIsTheSoftmaxMargin() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        Case c = randomCase(TestPackages.grid(20, 17, 3), 5);
        try (Segmenter s = Segmenter.open(pkg, exact(0.5, 4))) {
            Volume conf = s.segment(List.of(c.image())).confidence().orElseThrow();
            // x = 0.3: logits (0, -0.7, -2.4); margin = (1 - e^-0.7) / (1 + e^-0.7 + e^-2.4)
            double expected = (1 - Math.exp(-0.7)) / (1 + Math.exp(-0.7) + Math.exp(-2.4));
            for (int i = 0; i < conf.voxels().length; i++) {
                if (c.image().voxels()[i] == LEVELS[0]) {
                    assertThat((double) conf.voxels()[i])
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    @Test
    void largestComponentFilteringKeepsOneBlobForAParaspinalLabel() throws Exception {
        ModelPackage base = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        ModelManifest m = base.manifest();
        ModelManifest paraspinal = new ModelManifest(
                m.name(),
                m.version(),
                m.onnxSha256(),
                m.dimensionality(),
                m.inputName(),
                m.outputName(),
                m.channels(),
                m.targetSpacingMm(),
                m.patchSize(),
                List.of(
                        new LabelDefinition(
                                TestPackages.LOW,
                                "paraspinal_left",
                                StructureKind.PARASPINAL,
                                Laterality.LEFT,
                                java.util.Optional.empty()),
                        m.labels().get(1)));
        Grid g = TestPackages.grid(30, 20, 4);
        float[] v = new float[g.size()];
        fillBox(v, g, 2, 10, 2, 10, 0, 4, 1.5f); // big blob of LOW
        fillBox(v, g, 20, 23, 5, 8, 1, 2, 1.5f); // small blob of LOW
        fillBox(v, g, 14, 16, 14, 16, 0, 4, 2.5f); // HIGH blob
        fillBox(v, g, 25, 26, 15, 16, 3, 4, 2.5f); // tiny HIGH blob (< 10 % of the other)
        try (Segmenter s = Segmenter.open(new ModelPackage(dir, paraspinal), SegmenterConfig.defaults())) {
            LabelMap labels = s.segment(List.of(new Volume(g, v))).labels();
            assertThat(labels.count(TestPackages.LOW)).isEqualTo(8 * 8 * 4);
            assertThat(labels.get(21, 6, 1)).isZero();
            assertThat(labels.count(TestPackages.HIGH)).isEqualTo(2 * 2 * 4);
        }
    }

    private static void fillBox(float[] v, Grid g, int x0, int x1, int y0, int y1, int z0, int z1, float value) {
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    v[g.index(x, y, z)] = value;
                }
            }
        }
    }

    @Test
    void aWrongNumberOfChannelsIsAnInputError() throws Exception {
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        Case c = randomCase(TestPackages.grid(20, 17, 3), 6);
        try (Segmenter s = Segmenter.open(pkg, SegmenterConfig.defaults())) {
            assertThatThrownBy(() -> s.segment(List.of(c.image(), c.image())))
                    .isInstanceOfSatisfying(
                            InferenceException.class,
                            e -> assertThat(e.category()).isEqualTo(InferenceException.Category.INPUT))
                    .hasMessageContaining("needs 1 channel(s) [T2], got 2");
        }
    }

    @Test
    void cudaWithoutAGpuBuildFallsBackToTheCpuWithOneWarning() throws Exception {
        assumeCpuBuild();
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        Logger logger = (Logger) LoggerFactory.getLogger(OrtModel.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (Segmenter s = Segmenter.open(pkg, exact(0.5, 4).withDevice(Device.parse("cuda:0"), false))) {
            assertThat(s.device()).isEqualTo(Device.CPU);
            Case c = randomCase(TestPackages.grid(20, 17, 3), 7);
            Segmentation seg = s.segment(List.of(c.image()));
            assertThat(seg.labels().labels()).isEqualTo(c.expected());
            assertThat(seg.device()).isEqualTo(Device.CPU);
        } finally {
            logger.detachAppender(appender);
        }
        List<ILoggingEvent> warnings =
                appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage())
                .contains("event=inference_device_fallback", "requested=cuda:0", "using=cpu");
    }

    @Test
    void cudaRequiredWithoutAGpuBuildFailsAtStartUp() throws Exception {
        assumeCpuBuild();
        ModelPackage pkg = TestPackages.threshold(dir, Dimensionality.TWO_D, List.of(16, 12), -1);
        assertThatThrownBy(() -> Segmenter.open(
                        pkg, SegmenterConfig.defaults().withDevice(new Device(Device.Kind.CUDA, 1), true)))
                .isInstanceOfSatisfying(
                        InferenceException.class,
                        e -> assertThat(e.category()).isEqualTo(InferenceException.Category.DEVICE))
                .hasMessageContaining("cuda:1 was required");
    }

    /** The fallback tests are about the CPU build (the default profile); with -Donnxruntime_gpu they are skipped. */
    private static void assumeCpuBuild() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "this ONNX Runtime build has the CUDA provider");
    }

    @Test
    void devicesParse() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("CUDA:2")).isEqualTo(new Device(Device.Kind.CUDA, 2));
        assertThat(Device.parse("cuda")).isEqualTo(new Device(Device.Kind.CUDA, 0));
        assertThatThrownBy(() -> Device.parse("gpu0")).hasMessageContaining("cpu or cuda:N");
    }
}
