package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryValuesTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void durations_are_seconds_unless_a_unit_is_given() {
        assertThat(QueryValues.duration("wait", null, MAX)).isNull();
        assertThat(QueryValues.duration("wait", "10", MAX)).isEqualTo(Duration.ofSeconds(10));
        assertThat(QueryValues.duration("wait", "500ms", MAX)).isEqualTo(Duration.ofMillis(500));
        assertThat(QueryValues.duration("wait", "10s", MAX)).isEqualTo(Duration.ofSeconds(10));
        assertThat(QueryValues.duration("wait", "1m", MAX)).isEqualTo(Duration.ofMinutes(1));
        assertThat(QueryValues.duration("wait", "0", MAX)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-1", "1.5s", "10h", "61s", "2m", "60001ms", "9999999999"})
    void bad_or_too_long_durations_are_rejected_naming_the_parameter(String raw) {
        assertThatThrownBy(() -> QueryValues.duration("wait", raw, MAX))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("wait"));
    }

    @Test
    void instants_are_epoch_millis_or_iso_8601_with_offset() {
        Instant fallback = Instant.EPOCH;
        assertThat(QueryValues.instant("from", null, fallback)).isEqualTo(fallback);
        assertThat(QueryValues.instant("from", "1700000000000", fallback))
                .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(QueryValues.instant("from", "2030-01-01T00:00:00Z", fallback))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(QueryValues.instant("from", "2030-01-01T01:00:00 01:00", fallback))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2030-01-01", "2030-01-01T00:00:00", "+1000000000-01-01T00:00:00Z"})
    void bad_instants_are_rejected_naming_the_parameter(String raw) {
        assertThatThrownBy(() -> QueryValues.instant("to", raw, Instant.EPOCH))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void if_match_takes_one_strong_tag_quoted_or_bare_or_star() {
        assertThat(TwinRoutes.expectedVersion(null)).isEmpty();
        assertThat(TwinRoutes.expectedVersion("*")).isEmpty();
        assertThat(TwinRoutes.expectedVersion("\"7\"")).isEqualTo(Optional.of(7L));
        assertThat(TwinRoutes.expectedVersion(" 7 ")).isEqualTo(Optional.of(7L));
        for (String bad : List.of("W/\"7\"", "\"7", "7\"", "\"1\", \"2\"", "x", "-1")) {
            assertThatThrownBy(() -> TwinRoutes.expectedVersion(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }
}
