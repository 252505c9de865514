package io.millwright.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateAndDurationTest {

    @Test
    void rates_are_read_in_any_unit() {
        assertThat(Rate.parse("1/s").perSecond()).isEqualTo(1);
        assertThat(Rate.parse("10/s").perSecond()).isEqualTo(10);
        assertThat(Rate.parse("6/min").perSecond()).isCloseTo(0.1, within(1e-12));
        assertThat(Rate.parse("0.5/h").perSecond()).isCloseTo(0.5 / 3600, within(1e-12));
        assertThat(Rate.parse("1/15s").perSecond()).isCloseTo(1 / 15.0, within(1e-12));
        assertThat(Rate.parse("20").perSecond()).isEqualTo(20);
        assertThat(Rate.parse("2/s").interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(Rate.parse("6/min")).hasToString("6/min");
        assertThat(Rate.parse("0.5/h")).hasToString("0.5/h");
    }

    @Test
    void invalid_rates_say_what_is_accepted() {
        assertThatThrownBy(() -> Rate.parse("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("N/s");
        assertThatThrownBy(() -> Rate.parse("0/s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations_are_read_in_any_unit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30s");
    }
}
