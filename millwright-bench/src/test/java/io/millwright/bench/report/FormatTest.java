package io.millwright.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void ratiosHaveTwoDecimalsAndNoneWithoutABaseline() {
        assertThat(Format.ratio(150, 100)).isEqualTo("1.50");
        assertThat(Format.ratio(1, 3)).isEqualTo("0.33");
        assertThat(Format.ratio(5, 0)).isEqualTo("n/a");
        assertThat(Format.ratio(-1, 4)).isEqualTo("n/a");
        assertThat(Format.ratio(Double.NaN, 4)).isEqualTo("n/a");
    }

    @Test
    void fractionsOfNothingAreADash() {
        assertThat(Format.fraction(999, 1000)).isEqualTo("0.999");
        assertThat(Format.fraction(0, 0)).isEqualTo("-");
    }

    @Test
    void microsecondsReadAsMilliseconds() {
        assertThat(Format.ms(12_345)).isEqualTo("12.3");
        assertThat(Format.ms(1_234_567)).isEqualTo("1,234.6");
        assertThat(Format.bytes(-1)).isEqualTo("n/a");
        assertThat(Format.bytes(4096)).isEqualTo("4,096 B");
    }
}
