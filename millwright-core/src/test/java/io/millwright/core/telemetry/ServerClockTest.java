package io.millwright.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServerClockTest {

    @Test
    void times_strictly_increase_per_device_even_when_the_clock_stands_still() {
        Instant now = Instant.parse("2024-11-21T00:00:00.000123456Z");
        ServerClock clock = new ServerClock(Clock.fixed(now, ZoneOffset.UTC));
        long first = clock.reserve("t", "d", 1);
        long next = clock.reserve("t", "d", 3);
        long after = clock.reserve("t", "d", 1);

        assertThat(first).isEqualTo(1_732_147_200_000_123L);
        assertThat(next).isEqualTo(first + 1);
        assertThat(after).isEqualTo(next + 3);
        assertThat(clock.reserve("t", "other", 1)).isEqualTo(first);
        assertThat(clock.reserve("other-tenant", "d", 1)).isEqualTo(first);
    }
}
