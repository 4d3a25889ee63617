package nl.dkgw.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The median, range and per-round ratios a comparison reports. */
class SpreadTest {

    @Test
    void medianOfAnOddAndOfAnEvenNumberOfRounds() {
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Spread(2.5, 1.0, 4.0, 4));
    }

    @Test
    void anyMissingFigureMakesTheWholeSpreadMissing() {
        assertThat(Spread.of(List.of(1.0, Double.NaN)).missing()).isTrue();
        assertThat(Spread.of(List.of()).missing()).isTrue();
        assertThat(Spread.of(List.of(1.0, Double.NaN)).format(2)).isEqualTo("n/a");
    }

    @Test
    void ratiosPairTheRoundsOfBothSides() {
        assertThat(Spread.ratios(List.of(10.0, 20.0), List.of(12.0, 10.0))).containsExactly(1.2, 0.5);
        assertThat(Spread.ratios(List.of(0.0, Double.NaN), List.of(1.0, 1.0)))
                .as("nothing to divide by")
                .allMatch(r -> r.isNaN());
        assertThatThrownBy(() -> Spread.ratios(List.of(1.0), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsTheMedianWithItsRange() {
        assertThat(Spread.of(List.of(1.0, 1.25, 0.875)).format(2)).isEqualTo("1.00 (0.88-1.25)");
        assertThat(Spread.of(List.of(21.04)).format(1)).isEqualTo("21.0");
    }
}
