package io.millwright.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @TempDir
    Path dir;

    private ConfigSource yaml(String text, Map<String, String> env, Map<String, String> overrides) throws IOException {
        Path file = dir.resolve("millwright.yaml");
        Files.writeString(file, text);
        return new ConfigSource(ConfigSource.readYaml(file), env, overrides);
    }

    @Test
    void option_beats_environment_beats_file_beats_default() throws IOException {
        String file = "http:\n  port: 9000\nmqtt:\n  port: 1999\n  ws-port: 7000\n";
        ConfigSource source = yaml(
                file,
                Map.of("MILLWRIGHT_HTTP_PORT", "9100", "MILLWRIGHT_MQTT_PORT", "2000"),
                Map.of("http.port", "9200"));
        assertThat(source.integer("http.port", 8080, 0, 65535)).isEqualTo(9200);
        assertThat(source.integer("mqtt.port", 1883, 0, 65535)).isEqualTo(2000);
        assertThat(source.integer("mqtt.ws-port", 8083, 0, 65535)).isEqualTo(7000);
        assertThat(source.integer("mqtt.other", 42, 0, 65535)).isEqualTo(42);
    }

    @Test
    void environment_names_follow_the_key() {
        assertThat(ConfigSource.envName("mqtt.allow-anonymous")).isEqualTo("MILLWRIGHT_MQTT_ALLOW_ANONYMOUS");
        assertThat(ConfigSource.envName("data-dir")).isEqualTo("MILLWRIGHT_DATA_DIR");
    }

    @Test
    void an_invalid_value_names_the_key_the_value_and_what_is_allowed() throws IOException {
        ConfigSource source = yaml("http:\n  port: 70000\n", Map.of(), Map.of());
        assertThatThrownBy(() -> source.integer("http.port", 8080, 0, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("70000")
                .hasMessageContaining("0 to 65535");
        ConfigSource flag = yaml("mqtt:\n  allow-anonymous: maybe\n", Map.of(), Map.of());
        assertThatThrownBy(() -> flag.bool("mqtt.allow-anonymous", false))
                .hasMessageContaining("mqtt.allow-anonymous")
                .hasMessageContaining("maybe")
                .hasMessageContaining("true or false");
    }

    @Test
    void lists_durations_and_booleans_are_parsed() throws IOException {
        ConfigSource source = yaml(
                "mqtt:\n  allow-anonymous: true\n  deny-subscribe: [\"test/nosubscribe\", \"a/#\"]\nauth:\n  session-ttl: 2h\n",
                Map.of(),
                Map.of());
        assertThat(source.bool("mqtt.allow-anonymous", false)).isTrue();
        assertThat(source.list("mqtt.deny-subscribe", List.of())).containsExactly("test/nosubscribe", "a/#");
        assertThat(source.duration("auth.session-ttl", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .isEqualTo(Duration.ofHours(2));
        assertThat(ConfigSource.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unknown_keys_in_the_file_are_refused() throws IOException {
        ConfigSource source = yaml("http:\n  prot: 9000\n", Map.of(), Map.of());
        source.integer("http.port", 8080, 0, 65535);
        assertThatThrownBy(source::rejectUnknownKeys).hasMessageContaining("http.prot");
    }

    @Test
    void a_missing_file_or_a_non_mapping_is_a_clear_error() throws IOException {
        assertThatThrownBy(() -> ConfigSource.readYaml(dir.resolve("absent.yaml")))
                .hasMessageContaining("not found");
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- a\n- b\n");
        assertThatThrownBy(() -> ConfigSource.readYaml(list)).hasMessageContaining("mapping");
    }
}
