package org.myoscreen.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AffineTest {

    private final Affine oblique = Affine.of(0.9, -0.2, 0.5, 10, 0.1, 1.8, 0.3, -20, -0.3, 0.1, 4.0, 30, 0, 0, 0, 1);

    @Test
    void inverseUndoesTheMapping() {
        double[] p = oblique.apply(3, 4, 5);
        double[] back = oblique.inverse().apply(p);
        assertThat(back).containsExactly(new double[] {3, 4, 5}, within(1e-9));
        assertThat(oblique.multiply(oblique.inverse()).equalsWithin(Affine.identity(), 1e-12))
                .isTrue();
    }

    @Test
    void flipXyNegatesXAndYRowsAndIsItsOwnInverse() {
        Affine ras = oblique.flipXy();
        double[] lps = oblique.apply(1, 2, 3);
        double[] r = ras.apply(1, 2, 3);
        assertThat(r).containsExactly(new double[] {-lps[0], -lps[1], lps[2]}, within(1e-12));
        assertThat(ras.flipXy()).isEqualTo(oblique);
    }

    @Test
    void spacingAndDirectionComeFromTheColumns() {
        Affine a = Affine.fromAxes(
                new double[] {1, 2, 3}, new double[] {0, 2, 0}, new double[] {0, 0, -3}, new double[] {-4, 0, 0});
        assertThat(a.spacingMm()).containsExactly(2, 3, 4);
        assertThat(a.direction(1)).containsExactly(0, 0, -1);
        assertThat(a.origin()).containsExactly(1, 2, 3);
    }

    @Test
    void rejectsSingularAndMalformedMatrices() {
        assertThatThrownBy(() -> Affine.of(1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Affine.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1))
                .hasMessageContaining("last row");
        Affine singular = Affine.of(1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
        assertThatThrownBy(singular::inverse).hasMessageContaining("singular");
    }
}
