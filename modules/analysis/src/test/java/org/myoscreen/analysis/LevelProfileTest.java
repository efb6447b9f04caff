package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.myoscreen.analysis.internal.LevelFinder;
import org.myoscreen.volume.Volume;

/**
 * Levels from a network's typical mistakes: discs labelled as bone (the body label runs through
 * them), stray labels below the sacrum, a missed body, a spurious disc inside a body. The
 * synthetic column (see {@link Synthetic}) has 8 bodies, S1 at the bottom; the image, where a
 * test paints one, shows bodies and discs at different intensities.
 */
class LevelProfileTest {

    private static final float BONE = 300;
    private static final float DISC_SIGNAL = 600;

    private static LevelAssignment find(Synthetic s, boolean withImage) {
        return LevelFinder.find(
                s.labelMap(),
                s.structures(),
                withImage ? Optional.of(new Volume(s.grid, s.image)) : Optional.empty(),
                AnalysisOptions.defaults());
    }

    /** Paints bodies and discs, then relabels every disc above L5/S1 and below T12/T11 as bone. */
    private static Synthetic discsLabelledAsBone(float bone, float disc) {
        Synthetic s = new Synthetic(8);
        s.paintLabel(Synthetic.BODY, bone).paintLabel(Synthetic.DISC, disc);
        for (int b = 1; b < 6; b++) {
            s.box(17, 23, 5, 12, s.bodyEnd[b], s.bodyEnd[b] + 3, Synthetic.BODY);
        }
        return s;
    }

    @Test
    void discsTheLabelsMissAreFoundInTheImage() {
        Synthetic s = discsLabelledAsBone(BONE, DISC_SIGNAL);
        LevelAssignment a = find(s, true);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
        assertThat(a.flags()).isEmpty();
        VertebralLevel l3 = a.level("L3").orElseThrow();
        assertThat(l3.centreZMm()).isEqualTo(2 * (s.bodyStart[3] + s.bodyEnd[3] - 1) / 2.0);
        assertThat(l3.lowerBoundZMm()).isEqualTo(2 * (s.bodyStart[3] - 2));
        assertThat(l3.upperBoundZMm()).isEqualTo(2 * (s.bodyEnd[3] + 1));
    }

    @Test
    void darkDiscsWorkAsWellAsBrightOnes() {
        // Degenerated discs are dark: the direction comes from the study's own labelled discs.
        LevelAssignment a = find(discsLabelledAsBone(DISC_SIGNAL, BONE / 3), true);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
    }

    @Test
    void withoutTheImageTheMergedBodiesAreAFlagNotAGuess() {
        LevelAssignment a = find(discsLabelledAsBone(BONE, DISC_SIGNAL), false);
        assertThat(a.names()).containsExactly("S1");
        assertThat(a.flags())
                .singleElement()
                .asString()
                .startsWith("vertebral levels above S1 not assigned: geometry contradicts the count (body height");
    }

    @Test
    void anImageWithoutBodyDiscContrastLeavesTheDecisionToTheLabels() {
        LevelAssignment a = find(discsLabelledAsBone(BONE, BONE * 1.05f), true);
        assertThat(a.names()).containsExactly("S1");
        assertThat(a.flags()).singleElement().asString().contains("merged bodies");
    }

    @Test
    void strayLabelsBelowTheSacrumDoNotHideIt() {
        Synthetic s = new Synthetic(8);
        // A thin "disc" blob under S1, touching it: no disc cross-section, so not a disc below S1.
        s.box(19, 21, 7, 9, 1, 5, Synthetic.DISC);
        LevelAssignment a = find(s, false);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
        assertThat(a.flags()).isEmpty();
    }

    @Test
    void aFullDiscBelowTheLowestBodyStillMeansTheSacrumIsNotInView() {
        Synthetic s = new Synthetic(8);
        s.box(17, 23, 5, 12, 1, 4, Synthetic.DISC);
        LevelAssignment a = find(s, false);
        assertThat(a.levels()).isEmpty();
        assertThat(a.flags()).singleElement().asString().startsWith("lumbosacral junction not identified: a disc");
    }

    @Test
    void aMissedBodyStopsTheCountBelowIt() {
        Synthetic s = new Synthetic(8);
        // L2 not segmented at all: two discs with a gap between L3 and L1.
        s.box(17, 23, 5, 12, s.bodyStart[4], s.bodyEnd[4], 0);
        LevelAssignment a = find(s, false);
        assertThat(a.names()).containsExactly("L3", "L4", "L5", "S1");
        assertThat(a.flags())
                .singleElement()
                .asString()
                .startsWith("vertebral levels above L3 not assigned: geometry contradicts the count (2 discs");
    }

    @Test
    void aSpuriousDiscInsideABodyStopsTheCount() {
        Synthetic s = new Synthetic(8);
        // A disc label (and disc signal) through the middle of L2: two half bodies.
        s.paintLabel(Synthetic.BODY, BONE).paintLabel(Synthetic.DISC, DISC_SIGNAL);
        int mid = (s.bodyStart[4] + s.bodyEnd[4]) / 2;
        s.box(17, 23, 5, 12, mid - 1, mid + 2, Synthetic.DISC).paint(17, 23, 5, 12, mid - 1, mid + 2, DISC_SIGNAL);
        LevelAssignment a = find(s, true);
        assertThat(a.names()).containsExactly("L3", "L4", "L5", "S1");
        assertThat(a.flags()).singleElement().asString().contains("a body split by a spurious disc");
    }

    @Test
    void aContradictionBelowL1IsAQcRefusalNotAGuess() {
        Synthetic s = new Synthetic(8);
        s.box(17, 23, 5, 12, s.bodyStart[4], s.bodyEnd[4], 0);
        AnalysisResult r = PhantomCases.analyzer(AnalysisOptions.defaults()).analyze(s.single(Synthetic.man()));
        assertThat(r.qc().passed()).isFalse();
        assertThat(r.levels().names()).containsExactly("L3", "L4", "L5", "S1");
        assertThat(r.qc().flags())
                .contains("insufficient spine coverage: lumbar levels not all identified (missing L1, L2)")
                .anySatisfy(f -> assertThat(f).startsWith("vertebral levels above L3 not assigned"));
        assertThat(r.reported()).isEmpty();
    }
}
