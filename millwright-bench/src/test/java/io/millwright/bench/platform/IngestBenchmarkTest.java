package io.millwright.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

    @Test
    void windowKeepsTheFleetsPointsInFlightUnderTheBound() {
        assertThat(IngestBenchmark.window(100, 10)).isEqualTo(16);
        assertThat(IngestBenchmark.window(1_000, 10)).isEqualTo(10);
        assertThat(IngestBenchmark.window(100, 200)).isEqualTo(5);
        assertThat(IngestBenchmark.window(10_000, 10)).isEqualTo(1);
    }

    @Test
    void windowIsAtLeastOneMessage() {
        assertThat(IngestBenchmark.window(18_000, 10)).isEqualTo(1);
        assertThat(IngestBenchmark.window(100_000, 200)).isEqualTo(1);
    }
}
