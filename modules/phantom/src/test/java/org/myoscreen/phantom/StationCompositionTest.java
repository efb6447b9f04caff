package org.myoscreen.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LoadOptions;
import org.myoscreen.volume.LoadedSeries;
import org.myoscreen.volume.SeriesLoader;
import org.myoscreen.volume.StationComposer;
import org.myoscreen.volume.Volume;

class StationCompositionTest {

    @TempDir
    Path dir;

    @Test
    void threeStationsComposeToTheSingleStationPhantomOfTheSameSeed() {
        PhantomOptions.Builder b =
                PhantomOptions.builder().seed(7).matrix(40).spacingMm(10).sliceThicknessMm(8);
        PhantomSummary three = PhantomWriter.write(b.stations(3).build(), dir.resolve("three"));
        PhantomSummary one = PhantomWriter.write(b.stations(1).build(), dir.resolve("one"));
        assertThat(three.series()).hasSize(3);
        assertThat(three.series())
                .extracting(PhantomSummary.WrittenSeries::seriesInstanceUid)
                .doesNotHaveDuplicates();

        List<LoadedSeries> stations = SeriesLoader.loadDirectory(dir.resolve("three"), LoadOptions.STRICT);
        assertThat(stations).hasSize(3);
        assertThat(stations).extracting(LoadedSeries::frameOfReferenceUid).containsOnly(three.frameOfReferenceUid());
        // Stations overlap: each shares slices with the next.
        List<LoadedSeries> byZ = stations.stream()
                .sorted(Comparator.comparingDouble(
                        (LoadedSeries s) -> s.volume().grid().worldOf(0, 0, 0)[2]))
                .toList();
        for (int s = 1; s < byZ.size(); s++) {
            Grid lower = byZ.get(s - 1).volume().grid();
            Grid upper = byZ.get(s).volume().grid();
            assertThat(lower.worldOf(0, 0, lower.nz() - 1)[2]).isGreaterThan(upper.worldOf(0, 0, 0)[2]);
        }
        List<List<LoadedSeries>> groups = StationComposer.groupStations(stations);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).containsExactlyElementsOf(byZ);
        Volume composed = StationComposer.compose(
                "T2", groups.get(0).stream().map(LoadedSeries::volume).toList());
        Volume single = SeriesLoader.loadDirectory(dir.resolve("one"), LoadOptions.STRICT)
                .get(0)
                .volume();

        Grid cg = composed.grid();
        Grid sg = single.grid();
        assertThat(cg.nx()).isEqualTo(sg.nx());
        assertThat(cg.nz()).isGreaterThanOrEqualTo(sg.nz());
        assertThat(cg.affine().equalsWithin(sg.affine(), 1e-4)).isTrue();
        float maxDiff = 0;
        for (int k = 0; k < sg.nz(); k++) {
            for (int j = 0; j < sg.ny(); j++) {
                for (int i = 0; i < sg.nx(); i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(composed.get(i, j, k) - single.get(i, j, k)));
                }
            }
        }
        assertThat(maxDiff).isLessThanOrEqualTo(0.01f);
        assertThat(three.truth().lmmVolumeCm3())
                .isGreaterThanOrEqualTo(one.truth().lmmVolumeCm3());
        assertThat(three.truth().paraspinalAreaL3LeftCm2())
                .isEqualTo(one.truth().paraspinalAreaL3LeftCm2());
    }
}
