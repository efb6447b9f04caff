package org.myoscreen.pipeline.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.SpooledInstance;
import org.myoscreen.pipeline.TestSeries;

class StationGrouperTest {

    private static final RoutingRule RULE = RoutingRule.builder("dixon", "m").build();
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> W = List.of("ORIGINAL", "PRIMARY", "DIXON", "W");
    private static final List<String> F = List.of("ORIGINAL", "PRIMARY", "DIXON", "F");

    private static CompletedSeries completed(List<InstanceHeader> headers) {
        List<SpooledInstance> inst = new ArrayList<>();
        for (InstanceHeader h : headers) {
            inst.add(new SpooledInstance(h, Path.of("/spool/" + h.sopInstanceUid() + ".dcm"), 10, Optional.empty(), T));
        }
        return new CompletedSeries(
                headers.get(0),
                SeriesFacts.of(headers.get(0)),
                inst,
                T,
                T,
                CompletionReason.QUIET_PERIOD,
                Optional.of(RULE));
    }

    private static List<String> uids(StationGrouper.Group g) {
        return g.series().stream().map(CompletedSeries::seriesInstanceUid).toList();
    }

    @Test
    void threeAdjacentDixonStationsWithWaterAndFatFormOneGroupInStationOrder() {
        // stations of 40 slices at 5 mm: [0,195], [200,395] (gap 5 mm), [380,575] (overlap 15 mm)
        List<CompletedSeries> series = List.of(
                completed(TestSeries.series("1.2", "1.2.21", 40, 200, 5, W)),
                completed(TestSeries.series("1.2", "1.2.11", 40, 0, 5, W)),
                completed(TestSeries.series("1.2", "1.2.12", 40, 0, 5, F)),
                completed(TestSeries.series("1.2", "1.2.31", 40, 380, 5, W)),
                completed(TestSeries.series("1.2", "1.2.22", 40, 200, 5, F)),
                completed(TestSeries.series("1.2", "1.2.32", 40, 380, 5, F)));

        List<StationGrouper.Group> groups = new StationGrouper(10).group(series);

        assertThat(groups).hasSize(1);
        assertThat(uids(groups.get(0))).containsExactly("1.2.11", "1.2.12", "1.2.21", "1.2.22", "1.2.31", "1.2.32");
        assertThat(groups.get(0).groupingKey()).matches("[0-9a-f]{16}");
    }

    @Test
    void distantStationsOfTheSameSequenceAreSeparateGroups() {
        List<CompletedSeries> series = List.of(
                completed(TestSeries.series("1.2", "1.2.1", 10, 0, 5, W)),
                completed(TestSeries.series("1.2", "1.2.2", 10, 300, 5, W)));

        List<StationGrouper.Group> groups = new StationGrouper(10).group(series);

        assertThat(groups).hasSize(2);
        assertThat(groups)
                .extracting(StationGrouper.Group::groupingKey)
                .doesNotHaveDuplicates()
                .allMatch(k -> k.matches("[0-9a-f]{16}"));
    }

    @Test
    void differentFrameOfReferenceOrSequenceSplitsGroups() {
        List<InstanceHeader> otherFor = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            otherFor.add(TestSeries.axial("1.2", "1.2.2", i, 50, 5)
                    .frameOfReferenceUid("1.2.777")
                    .build());
        }
        List<InstanceHeader> otherSequence = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            otherSequence.add(TestSeries.axial("1.2", "1.2.3", i, 50, 5)
                    .sequenceName("*tse2d1")
                    .build());
        }
        List<CompletedSeries> series = List.of(
                completed(TestSeries.series("1.2", "1.2.1", 10, 50, 5, W)),
                completed(otherFor),
                completed(otherSequence));

        assertThat(new StationGrouper(10).group(series)).hasSize(3);
    }

    @Test
    void groupingKeyIsStableWhenAStationIsAdded() {
        CompletedSeries s1 = completed(TestSeries.series("1.2", "1.2.1", 10, 0, 5, W));
        CompletedSeries s2 = completed(TestSeries.series("1.2", "1.2.2", 10, 50, 5, W));
        StationGrouper g = new StationGrouper(10);

        String before = g.group(List.of(s1)).get(0).groupingKey();
        String after = g.group(List.of(s1, s2)).get(0).groupingKey();

        assertThat(after).isEqualTo(before);
    }

    @Test
    void bridgingStationKeepsTheKeyOfTheEarliestGroup() {
        CompletedSeries low = completed(TestSeries.series("1.2", "1.2.1", 10, 0, 5, W));
        CompletedSeries high = completed(TestSeries.series("1.2", "1.2.3", 10, 100, 5, W));
        CompletedSeries bridge = completed(TestSeries.series("1.2", "1.2.2", 10, 50, 5, W));
        StationGrouper g = new StationGrouper(10);
        List<StationGrouper.Group> apart = g.group(List.of(low, high));

        List<StationGrouper.Group> merged = g.group(List.of(low, high, bridge));

        assertThat(apart).hasSize(2);
        assertThat(merged).singleElement().satisfies(m -> {
            assertThat(uids(m)).containsExactly("1.2.1", "1.2.2", "1.2.3");
            assertThat(m.groupingKey())
                    .isEqualTo(apart.stream()
                            .filter(x -> uids(x).contains("1.2.1"))
                            .findFirst()
                            .orElseThrow()
                            .groupingKey());
        });
    }

    @Test
    void allFourDixonImagesOfAStationFormOneGroupThoughWaterAndFatAreDerived() {
        List<CompletedSeries> series = List.of(
                completed(TestSeries.series("1.2", "1.2.1", 10, 0, 5, List.of("DERIVED", "PRIMARY", "DIXON", "WATER"))),
                completed(TestSeries.series("1.2", "1.2.2", 10, 0, 5, List.of("DERIVED", "PRIMARY", "DIXON", "FAT"))),
                completed(TestSeries.series(
                        "1.2", "1.2.3", 10, 0, 5, List.of("ORIGINAL", "PRIMARY", "DIXON", "IN_PHASE"))),
                completed(TestSeries.series(
                        "1.2", "1.2.4", 10, 0, 5, List.of("ORIGINAL", "PRIMARY", "DIXON", "OPPOSED_PHASE"))));

        assertThat(new StationGrouper(10).group(series))
                .singleElement()
                .satisfies(g -> assertThat(uids(g)).containsExactlyInAnyOrder("1.2.1", "1.2.2", "1.2.3", "1.2.4"));
    }

    @Test
    void dixonValuesDoNotChangeTheSignature() {
        InstanceHeader w =
                TestSeries.axial("1.2", "1.2.1", 0, 0, 5).imageType(W).build();
        InstanceHeader opp = TestSeries.axial("1.2", "1.2.2", 0, 0, 5)
                .imageType(List.of("ORIGINAL", "PRIMARY", "DIXON", "OUT_PHASE"))
                .build();
        InstanceHeader derived = TestSeries.axial("1.2", "1.2.3", 0, 0, 5)
                .imageType(List.of("DERIVED", "SECONDARY", "MPR"))
                .build();

        assertThat(StationGrouper.signature(w)).isEqualTo(StationGrouper.signature(opp));
        assertThat(StationGrouper.signature(w)).isNotEqualTo(StationGrouper.signature(derived));
    }
}
