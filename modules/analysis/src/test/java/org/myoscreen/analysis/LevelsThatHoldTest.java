package org.myoscreen.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.myoscreen.analysis.internal.LevelFinder;
import org.myoscreen.volume.Volume;

/**
 * Levels on studies unlike our own phantoms: one label for the whole sacrum (a tall wedge), a field
 * of view reaching 60 mm below it or cutting a body at its top, an oblique L5/S1 disc, a strong
 * bias field, and the network mistakes that must end in a flag rather than a wrong level.
 */
class LevelsThatHoldTest {

    private static final int SACRUM_SLICES = 50;
    private static final int BELOW_SACRUM_SLICES = 30;

    private static LevelAssignment find(Synthetic s, boolean withImage) {
        return LevelFinder.find(
                s.labelMap(),
                s.structures(),
                withImage ? Optional.of(new Volume(s.grid, s.image)) : Optional.empty(),
                AnalysisOptions.defaults());
    }

    /** 8 bodies; the lowest is a 100 mm sacrum that narrows caudally, 60 mm of image below it. */
    private static Synthetic wholeSacrum() {
        Synthetic s = new Synthetic(8, BELOW_SACRUM_SLICES, SACRUM_SLICES, 5);
        int k0 = s.bodyStart[0];
        s.box(17, 18, 5, 12, k0, k0 + SACRUM_SLICES / 3, 0).box(22, 23, 5, 12, k0, k0 + SACRUM_SLICES / 3, 0);
        return s;
    }

    @Test
    void aWholeSacrumLabelAnchorsTheCount() {
        LevelAssignment a = find(wholeSacrum(), false);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
        assertThat(a.flags()).isEmpty();
    }

    @Test
    void anObliqueLumbosacralDiscStillSeparatesL5FromTheSacrum() {
        Synthetic s = wholeSacrum();
        // Lordosis: the L5/S1 disc rises by 3 slices from front to back, so no axial slab is mostly disc.
        int k = s.bodyEnd[0];
        s.box(17, 23, 5, 12, k - 3, k + 6, Synthetic.BODY);
        for (int j = 5; j < 12; j++) {
            int shift = (j - 5) / 2;
            s.box(17, 23, j, j + 1, k + shift, k + shift + 2, Synthetic.DISC);
        }
        LevelAssignment a = find(s, false);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
    }

    @Test
    void aBodyCutByTheTopOfTheFieldOfViewIsNotNamed() {
        Synthetic s = new Synthetic(8, BELOW_SACRUM_SLICES, SACRUM_SLICES, -3);
        LevelAssignment a = find(s, false);
        assertThat(a.names()).containsExactly("T12", "L1", "L2", "L3", "L4", "L5", "S1");
        assertThat(a.flags()).containsExactly("vertebral body above T12 cut by the field of view: not named");
    }

    @Test
    void discLabelsInsideTheLowestBodyRefuseTheCount() {
        Synthetic s = wholeSacrum();
        // The L5/S1 disc mostly labelled as bone: L5 and the sacrum form one run with a trace of disc.
        int k = s.bodyEnd[0];
        s.box(17, 23, 5, 12, k, k + 3, Synthetic.BODY).box(17, 23, 5, 7, k + 1, k + 2, Synthetic.DISC);
        LevelAssignment a = find(s, false);
        assertThat(a.levels()).isEmpty();
        assertThat(a.flags()).singleElement().asString().contains("L5 merged into the sacrum?");
    }

    @Test
    void aSplitL5AboveAWholeSacrumIsAFlagNotAWrongLevel() {
        Synthetic s = wholeSacrum();
        int mid = (s.bodyStart[1] + s.bodyEnd[1]) / 2;
        s.box(17, 23, 5, 12, mid - 1, mid + 2, Synthetic.DISC);
        LevelAssignment a = find(s, false);
        assertThat(a.names()).containsExactly("S1");
        assertThat(a.flags())
                .singleElement()
                .asString()
                .startsWith("vertebral levels above S1 not assigned: geometry contradicts the count (body height");
    }

    @Test
    void l5MergedWithL4IsAFlagNotAWrongLevel() {
        Synthetic s = wholeSacrum();
        s.box(17, 23, 5, 12, s.bodyEnd[1], s.bodyEnd[1] + 3, Synthetic.BODY);
        LevelAssignment a = find(s, false);
        assertThat(a.names()).containsExactly("S1");
        assertThat(a.flags()).singleElement().asString().contains("merged");
    }

    @Test
    void aStrongBiasFieldDoesNotTurnBodiesIntoDiscs() {
        Synthetic s = wholeSacrum();
        s.paintLabel(Synthetic.BODY, 300).paintLabel(Synthetic.DISC, 600);
        // Discs above L5/S1 labelled as bone: only the image can find them.
        for (int b = 1; b < 6; b++) {
            s.box(17, 23, 5, 12, s.bodyEnd[b], s.bodyEnd[b] + 3, Synthetic.BODY);
        }
        // Signal falls fourfold from the bottom to the top of the column: cranial discs end up darker
        // than caudal bodies.
        for (int p = 0; p < s.image.length; p++) {
            int k = p / (s.nx * s.ny);
            s.image[p] *= (float) Math.pow(0.25, (double) k / s.nz);
        }
        LevelAssignment a = find(s, true);
        assertThat(a.names()).containsExactly("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1");
    }
}
