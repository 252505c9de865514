package io.millwright.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearFitTest {

    @Test
    void fitsAnExactLine() {
        LinearFit fit = LinearFit.of(List.of(1_000.0, 5_000.0, 10_000.0), List.of(13e6, 29e6, 49e6));
        assertThat(fit.slope()).isCloseTo(4_000, within(1e-6));
        assertThat(fit.intercept()).isCloseTo(9e6, within(1e-3));
        assertThat(fit.at(50_000)).isCloseTo(209e6, within(1e-3));
    }

    @Test
    void averagesNoise() {
        LinearFit fit = LinearFit.of(List.of(0.0, 1.0, 2.0, 3.0), List.of(1.0, 2.0, 2.0, 3.0));
        assertThat(fit.slope()).isCloseTo(0.6, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(1.1, within(1e-9));
    }

    @Test
    void onePointGoesThroughTheOrigin() {
        assertThat(LinearFit.of(List.of(4.0), List.of(8.0))).isEqualTo(new LinearFit(0, 2));
        assertThat(LinearFit.of(List.of(), List.of())).isEqualTo(new LinearFit(0, 0));
    }
}
