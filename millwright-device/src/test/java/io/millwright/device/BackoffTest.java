package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(42));

    @Test
    void ceiling_doubles_from_min_and_stops_at_max() {
        assertThat(backoff.ceilingMillis(0)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(200);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(400);
        assertThat(backoff.ceilingMillis(6)).isEqualTo(6_400);
        assertThat(backoff.ceilingMillis(7)).isEqualTo(10_000);
        assertThat(backoff.ceilingMillis(62)).isEqualTo(10_000);
        assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(10_000);
    }

    @Test
    void every_delay_is_within_zero_and_its_ceiling() {
        for (int attempt = 0; attempt < 80; attempt++) {
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(attempt).toMillis()).isBetween(0L, backoff.ceilingMillis(attempt));
            }
        }
    }

    @Test
    void delays_are_spread_over_the_whole_range_full_jitter() {
        Set<Long> buckets = new HashSet<>();
        long low = Long.MAX_VALUE;
        long high = 0;
        for (int i = 0; i < 2_000; i++) {
            long delay = backoff.delay(10).toMillis();
            buckets.add(delay / 1_001);
            low = Math.min(low, delay);
            high = Math.max(high, delay);
        }
        assertThat(buckets).hasSize(10);
        assertThat(low).isLessThan(500);
        assertThat(high).isGreaterThan(9_500);
    }

    @Test
    void invalid_bounds_are_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
    }
}
