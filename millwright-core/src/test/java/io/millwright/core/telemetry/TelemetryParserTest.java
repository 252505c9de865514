package io.millwright.core.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.telemetry.TelemetryValue.BooleanValue;
import io.millwright.core.telemetry.TelemetryValue.DoubleValue;
import io.millwright.core.telemetry.TelemetryValue.JsonValue;
import io.millwright.core.telemetry.TelemetryValue.LongValue;
import io.millwright.core.telemetry.TelemetryValue.StringValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryParserTest {

    private static final long NOW = 1_732_200_000_000L;
    private static final TelemetryLimits LIMITS = new TelemetryLimits(2048, 10, 6, 16, 32, Duration.ofMinutes(1), 4);

    private final TelemetryParser parser =
            new TelemetryParser(LIMITS, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private List<Sample> parse(String json) {
        return parser.parse(json.getBytes(UTF_8));
    }

    @Test
    void a_flat_object_holds_values_at_server_time_with_their_json_types() {
        assertThat(parse("{\"temperature\": 21.5, \"count\": 3, \"running\": true, \"mode\": \"eco\","
                        + " \"cfg\": {\"a\": [1, 2.5]}, \"list\": [1]}"))
                .containsExactly(Sample.atServerTime(Map.of(
                        "temperature", new DoubleValue(21.5),
                        "count", new LongValue(3),
                        "running", BooleanValue.TRUE,
                        "mode", new StringValue("eco"),
                        "cfg", new JsonValue("{\"a\":[1,2.5]}"),
                        "list", new JsonValue("[1]"))));
    }

    @Test
    void ts_and_values_give_device_time() {
        assertThat(parse("{\"ts\": 1732200000000, \"values\": {\"t\": -1, \"big\": 9223372036854775807}}"))
                .containsExactly(Sample.at(
                        1_732_200_000_000L, Map.of("t", new LongValue(-1), "big", new LongValue(Long.MAX_VALUE))));
    }

    @Test
    void an_array_mixes_both_shapes_in_order() {
        assertThat(parse("[{\"a\": 1}, {\"ts\": 5, \"values\": {\"a\": 2.0}}, {\"b\": false}]"))
                .containsExactly(
                        Sample.atServerTime(Map.of("a", new LongValue(1))),
                        Sample.at(5, Map.of("a", new DoubleValue(2.0))),
                        Sample.atServerTime(Map.of("b", BooleanValue.FALSE)));
    }

    @Test
    void device_times_up_to_the_allowed_skew_are_accepted() {
        assertThat(parse("{\"ts\": " + (NOW + 60_000) + ", \"values\": {\"a\": 1}}"))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"a\": 1",
                "{\"a\": 1} {\"b\": 2}",
                "42",
                "\"text\"",
                "null",
                "[]",
                "{}",
                "[1]",
                "[[{\"a\": 1}]]",
                "{\"a\": null}",
                "{\"a\": 1, \"a\": 2}",
                "{\"bad key\": 1}",
                "{\"k,ey\": 1}",
                "{\"\": 1}",
                "{\"a\": 99999999999999999999}",
                "{\"a\": 1e999}",
                "{\"ts\": 1}",
                "{\"values\": {\"a\": 1}}",
                "{\"ts\": 1, \"values\": {\"a\": 1}, \"x\": 2}",
                "{\"ts\": \"1\", \"values\": {\"a\": 1}}",
                "{\"ts\": 1.5, \"values\": {\"a\": 1}}",
                "{\"ts\": -1, \"values\": {\"a\": 1}}",
                "{\"ts\": 1732200060001, \"values\": {\"a\": 1}}",
                "{\"ts\": 1, \"values\": []}",
                "{\"ts\": 1, \"values\": {}}",
                "{\"a\": {\"b\": {\"c\": {\"d\": {}}}}}",
                "[{\"a\": 1}, 2]"
            })
    void malformed_messages_are_rejected_whole_as_invalid_input(String payload) {
        assertThatThrownBy(() -> parse(payload)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_key_longer_than_the_limit_is_invalid() {
        assertThatThrownBy(() -> parse("{\"abcdefghijklmnopq\": 1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1-16");
    }

    @Test
    void a_payload_over_the_size_limit_is_refused_before_parsing() {
        byte[] big = new byte[LIMITS.maxPayloadBytes() + 1];
        assertSize(() -> parser.parse(big));
    }

    @Test
    void too_many_keys_in_one_object_is_a_size_error() {
        assertSize(() -> parse("{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1}"));
    }

    @Test
    void too_many_points_in_one_message_is_a_size_error() {
        assertSize(() -> parse("[{\"a\":1,\"b\":1,\"c\":1,\"d\":1},{\"a\":1,\"b\":1,\"c\":1,\"d\":1},"
                + "{\"a\":1,\"b\":1,\"c\":1}]"));
    }

    @Test
    void long_string_and_json_values_are_size_errors() {
        assertThat(parse("{\"s\": \"" + "x".repeat(32) + "\"}")).hasSize(1);
        assertSize(() -> parse("{\"s\": \"" + "x".repeat(33) + "\"}"));
        assertSize(() -> parse("{\"s\": \"" + "é".repeat(17) + "\"}"));
        assertSize(() -> parse("{\"j\": [\"" + "x".repeat(30) + "\"]}"));
    }

    private static void assertSize(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> assertThat(e.kind()).isEqualTo(LimitExceededException.Kind.SIZE));
    }
}
