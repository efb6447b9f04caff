package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.myoscreen.analysis.internal.LevelFinder;

class LevelFinderTest {

    private static LevelAssignment find(Synthetic s) {
        return LevelFinder.find(s.labelMap(), s.structures(), AnalysisOptions.defaults());
    }

    @Test
    void countsFromTheSacrumUpward() {
        Synthetic s = new Synthetic(8);
        LevelAssignment a = find(s);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
        assertThat(a.flags()).isEmpty();
        VertebralLevel l3 = a.level("L3").orElseThrow();
        assertThat(l3.centreZMm()).isEqualTo(2 * (s.bodyStart[3] + s.bodyEnd[3] - 1) / 2.0);
        assertThat(l3.lowerBoundZMm()).isEqualTo(2 * (s.bodyStart[3] - 2));
        assertThat(a.level("S1").orElseThrow().lowerBoundZMm()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(a.levelAt(2 * (s.bodyStart[3] + 2)).orElseThrow().name()).isEqualTo("L3");
        assertThat(l3.region()).isEqualTo(Region.LUMBAR);
        assertThat(a.level("T12").orElseThrow().region()).isEqualTo(Region.THORACIC);
    }

    @Test
    void aMissingDiscStopsTheCountAboveIt() {
        Synthetic s = new Synthetic(8);
        // Remove the L3/L2 disc: the bodies stay apart (a gap), but no disc separates them.
        s.box(17, 23, 5, 12, s.bodyEnd[3], s.bodyEnd[3] + 3, 0);
        LevelAssignment a = find(s);
        assertThat(a.names()).containsExactly("L3", "L4", "L5", "S1");
        assertThat(a.flags())
                .singleElement()
                .asString()
                .startsWith("vertebral levels above L3 not assigned: geometry contradicts the count (0 discs");
    }

    @Test
    void mergedBodiesStopTheCount() {
        Synthetic s = new Synthetic(8);
        // The disc between L2 and L1 labelled as bone: one tall body.
        s.box(17, 23, 5, 12, s.bodyEnd[4], s.bodyEnd[4] + 3, Synthetic.BODY);
        LevelAssignment a = find(s);
        assertThat(a.names()).containsExactly("L3", "L4", "L5", "S1");
        assertThat(a.flags()).singleElement().asString().contains("merged bodies");
    }

    @Test
    void noSacrumInViewMeansNoLevels() {
        Synthetic s = new Synthetic(8);
        // A disc below the lowest body: the lowest body is not S1.
        s.box(17, 23, 5, 12, 1, 4, Synthetic.DISC);
        LevelAssignment a = find(s);
        assertThat(a.levels()).isEmpty();
        assertThat(a.flags()).singleElement().asString().startsWith("lumbosacral junction not identified: a disc");
    }

    @Test
    void labelMapEndingAtTheLowestBodyMeansNoLevels() {
        Synthetic s = new Synthetic(8);
        s.box(17, 23, 5, 12, 5, 7, 0); // lowest body now starts at k = 7 ... but the map still reaches below
        // Move the lowest body down to touch the first slice instead.
        s.box(17, 23, 5, 12, 0, 7, Synthetic.BODY);
        LevelAssignment a = find(s);
        assertThat(a.levels()).isEmpty();
        assertThat(a.flags()).singleElement().asString().contains("label map ends 0.0 mm below");
    }

    @Test
    void noVertebraLabelsMeansNoLevels() {
        Synthetic s = new Synthetic(3);
        for (int p = 0; p < s.labels.length; p++) {
            if (s.labels[p] == Synthetic.BODY || s.labels[p] == Synthetic.DISC) {
                s.labels[p] = 0;
            }
        }
        assertThat(find(s).flags()).containsExactly("no vertebral body labels: vertebral levels not identified");
    }
}
