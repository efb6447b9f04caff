package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.phantom.Orientation;

class SummaryImageWriterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = Orientation.class,
            names = {"AXIAL", "OBLIQUE"})
    void summaryImagesAreValidReadableAndLeftIsOnTheRight(Orientation orientation) throws IOException {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), orientation, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        List<Segment> segments = Segment.forStructures(Fixtures.structures(), false);
        AnalysisResult analysis = Analyses.analyze(w.study());
        List<SummaryImageWriter.SummaryImage> images = SummaryImageWriter.create(
                Fixtures.CONTEXT,
                new SummaryInput(source, Fixtures.image(w.study()), w.study().labels(), segments, analysis));
        assertThat(images)
                .extracting(SummaryImageWriter.SummaryImage::title)
                .startsWith("L3 mid-level")
                .endsWith("Values, z-scores and flags");
        assertThat(images.size()).isBetween(2, 3);

        Path png = Path.of("target", "summary-png");
        Files.createDirectories(png);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            SummaryImageWriter.SummaryImage image = images.get(i);
            ImageIO.write(
                    image.image(),
                    "png",
                    png.resolve(orientation.name().toLowerCase(java.util.Locale.ROOT) + "-sc-" + (i + 1) + ".png")
                            .toFile());
            Path file = dir.resolve("sc-" + (i + 1) + ".dcm");
            image.write(file);
            Samples.keep(file, orientation.name().toLowerCase(java.util.Locale.ROOT) + "-sc-" + (i + 1) + ".dcm");
            files.add(file.toString());
            Tools.Verification v = Tools.dciodvfy(file);
            System.out.println("dciodvfy SC " + (i + 1) + ":\n" + v.output());
            assertThat(v.errors()).as(v.output()).isEmpty();
            Attributes back = Part10Reader.read(file).dataset();
            assertThat(back.getString(Tag.StudyInstanceUID)).hasValue(source.studyInstanceUid());
            assertThat(back.getInt(Tag.SeriesNumber, 0)).isEqualTo(9903);
        }
        List<String> args = new ArrayList<>(files);
        Tools.Result py = Tools.python("read_sc.py", dir, args.toArray(String[]::new));
        assertThat(py.exitCode()).as(py.output()).isZero();
        BufferedImage first = images.get(0).image();
        assertThat(py.output()).contains("shape " + first.getHeight() + " " + first.getWidth() + " 3 RGB 9903");

        // Patient's left (red overlay) is drawn on the image's right, right (blue) on the left.
        double redX = 0;
        double blueX = 0;
        int red = 0;
        int blue = 0;
        for (int y = 0; y < first.getHeight(); y++) {
            for (int x = 0; x < 480; x++) {
                int c = first.getRGB(x, y);
                int r = (c >> 16) & 0xFF;
                int g = (c >> 8) & 0xFF;
                int b = c & 0xFF;
                if (r > b + 60 && r > g + 60) {
                    redX += x;
                    red++;
                } else if (b > r + 60 && b > g + 10) {
                    blueX += x;
                    blue++;
                }
            }
        }
        assertThat(red).isPositive();
        assertThat(blue).isPositive();
        assertThat(redX / red).isGreaterThan(240).isGreaterThan(blueX / blue);
        assertThat(blueX / blue).isLessThan(240);

        List<SummaryImageWriter.SummaryImage> again = SummaryImageWriter.create(
                Fixtures.CONTEXT,
                new SummaryInput(source, Fixtures.image(w.study()), w.study().labels(), segments, analysis));
        for (int i = 0; i < images.size(); i++) {
            assertThat(again.get(i).dataset().getString(Tag.SOPInstanceUID))
                    .isEqualTo(images.get(i).dataset().getString(Tag.SOPInstanceUID));
        }
    }

    @Test
    void aThoracicLevelGivesASecondKeySlice() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 1);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        AnalysisResult analysis = Analyses.analyze(w.study());
        org.myoscreen.analysis.VertebralLevel l3 = analysis.levels().level("L3").orElseThrow();
        double z = l3.centreZMm() + 120;
        List<org.myoscreen.analysis.VertebralLevel> levels =
                new ArrayList<>(analysis.levels().levels());
        levels.add(0, new org.myoscreen.analysis.VertebralLevel("T12", z - 10, z + 10, z, z - 15, z + 15));
        AnalysisResult withThoracic = new AnalysisResult(
                analysis.measurements(),
                new org.myoscreen.analysis.LevelAssignment(levels, List.of()),
                analysis.zScores(),
                analysis.risk(),
                analysis.qc());
        List<SummaryImageWriter.SummaryImage> images = SummaryImageWriter.create(
                Fixtures.CONTEXT,
                new SummaryInput(
                        source,
                        Fixtures.image(w.study()),
                        w.study().labels(),
                        Segment.forStructures(Fixtures.structures(), false),
                        withThoracic));
        assertThat(images)
                .extracting(SummaryImageWriter.SummaryImage::title)
                .containsExactly("L3 mid-level", "T12 mid-level", "Values, z-scores and flags");
        assertThat(images)
                .extracting(i -> i.dataset().getInt(Tag.InstanceNumber, 0))
                .containsExactly(1, 2, 3);
    }
}
