package io.millwright.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileLoaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("builtIn")
    void every_built_in_profile_loads(String name) {
        Profile profile = ProfileLoader.load(name);
        assertThat(profile.name()).isEqualTo(name);
        assertThat(profile.sensors()).isNotEmpty();
        assertThat(profile.description()).isNotBlank();
    }

    static List<String> builtIn() {
        return ProfileLoader.BUILT_IN;
    }

    @Test
    void the_factory_line_has_a_fan_that_cools_the_temperature() {
        Profile profile = ProfileLoader.load("factory-line");
        assertThat(profile.sensors()).extracting(SensorSpec::name).contains("temperature", "pressure", "vibration");
        ActuatorSpec.Level fan = (ActuatorSpec.Level) profile.actuators().get(0);
        assertThat(fan.command()).isEqualTo("set-fan");
        assertThat(fan.desired()).isEqualTo("fanSpeed");
        assertThat(fan.effects().get(0).sensor()).isEqualTo("temperature");
        assertThat(fan.effects().get(0).gain()).isNegative();
        assertThat(profile.rate().perSecond()).isEqualTo(1);
        assertThat(profile.network().disconnects()).isNotNull();
    }

    @Test
    void a_user_profile_file_is_loaded_by_path() throws IOException {
        Path file = dir.resolve("pump.yaml");
        Files.writeString(file, """
                name: pump
                rate: 2/s
                sensors:
                  - name: flow
                    signal: {kind: constant, value: 12, noise: 0.1}
                actuators:
                  - name: running
                    kind: switch
                    initial: true
                    command: run
                    effects: [{sensor: flow, mode: scale, gain: 1}]
                """);
        Profile profile = ProfileLoader.load(file.toString());
        assertThat(profile.name()).isEqualTo("pump");
        assertThat(profile.type()).isEqualTo("pump");
        assertThat(profile.rate().perSecond()).isEqualTo(2);
        assertThat(profile.actuators()).hasSize(1);
    }

    @Test
    void a_typo_is_reported_with_where_it_is() throws IOException {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, """
                name: typo
                sensors:
                  - name: flow
                    signal: {kind: sine, mean: 1, amplitude: 1, period: 10s, noyse: 0.1}
                """);
        assertThatThrownBy(() -> ProfileLoader.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("noyse");
    }

    @Test
    void a_missing_setting_is_reported_with_where_it_is() throws IOException {
        Path file = dir.resolve("missing.yaml");
        Files.writeString(file, """
                name: missing
                sensors:
                  - name: flow
                    signal: {kind: sine, mean: 1, amplitude: 1}
                """);
        assertThatThrownBy(() -> ProfileLoader.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensors[0].signal")
                .hasMessageContaining("sine needs a period");
    }

    @Test
    void an_effect_on_an_unknown_sensor_is_refused() throws IOException {
        Path file = dir.resolve("effect.yaml");
        Files.writeString(file, """
                name: effect
                sensors:
                  - name: flow
                    signal: {kind: constant, value: 1}
                actuators:
                  - {name: fan, kind: level, initial: 0, min: 0, max: 1, effects: [{sensor: heat, gain: 1}]}
                """);
        assertThatThrownBy(() -> ProfileLoader.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sensor 'heat'");
    }

    @Test
    void an_unknown_profile_name_lists_the_built_ins() {
        assertThatThrownBy(() -> ProfileLoader.load("spaceship"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factory-line, smart-fridge, home, meter");
    }
}
