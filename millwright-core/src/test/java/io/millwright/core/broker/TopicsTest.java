package io.millwright.core.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "sport/tennis/player1/#, sport/tennis/player1, true",
        "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
        "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
        "sport/#, sport, true",
        "#, sport/tennis, true",
        "sport/tennis/+, sport/tennis/player1, true",
        "sport/tennis/+, sport/tennis/player1/ranking, false",
        "sport/+, sport, false",
        "sport/+, sport/, true",
        "+/+, /finance, true",
        "/+, /finance, true",
        "+, /finance, false",
        "#, $SYS/broker, false",
        "+/monitor/Clients, $SYS/monitor/Clients, false",
        "$SYS/#, $SYS/monitor/Clients, true",
        "$SYS/monitor/+, $SYS/monitor/Clients, true",
        "a/b, a/b, true",
        "a/b, a/c, false",
    })
    void matches_per_section_4_7(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "devices/a/#, devices/a/#, true",
        "devices/a/#, devices/a, true",
        "devices/a/#, devices/a/+/temp, true",
        "devices/a/#, devices/+/temp, false",
        "devices/a/#, devices/#, false",
        "devices/+/temp, devices/a/temp, true",
        "devices/+/temp, devices/+/temp, true",
        "devices/+/temp, devices/#, false",
        "devices/+/temp, devices/a/temp/x, false",
        "devices/sensor-7/telemetry, devices/sensor-7/telemetry, true",
        "devices/sensor-7/telemetry, devices/sensor-7/+, false",
        "#, anything/at/all, true",
        "a/b, a, false",
    })
    void covers_means_every_matched_topic_is_matched(String outer, String inner, boolean expected) {
        assertThat(Topics.covers(outer, inner)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "filter {0} valid: {1}")
    @CsvSource({
        "sport/tennis/#, true",
        "sport/tennis#, false",
        "sport/tennis/#/ranking, false",
        "+, true",
        "sport+, false",
        "sport/+/player1, true",
        "'', false",
    })
    void validates_filters_per_MQTT_4_7_1(String filter, boolean expected) {
        assertThat(Topics.isValidFilter(filter)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "topic {0} valid: {1}")
    @CsvSource({"a/b, true", "a/+, false", "a/#, false", "'', false", "/, true"})
    void validates_topic_names_per_MQTT_4_7_3_1(String topic, boolean expected) {
        assertThat(Topics.isValidTopicName(topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "levels of \"{0}\"")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"a", "/", "a/b", "a//b/", "/finance", "sport/tennis/#", "$SYS/x"})
    void levelsSplitAtEverySlashLikeSplitWithNegativeLimit(String topic) {
        assertThat(Topics.levels(topic)).containsExactly(topic.split("/", -1));
        assertThat(Topics.levelCount(topic)).isEqualTo(topic.split("/", -1).length);
    }
}
