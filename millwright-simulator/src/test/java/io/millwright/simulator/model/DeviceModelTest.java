package io.millwright.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.device.Command;
import io.millwright.simulator.profile.Profile;
import io.millwright.simulator.profile.ProfileLoader;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeviceModelTest {

    private static DeviceModel model(String profile) {
        return new DeviceModel(ProfileLoader.load(profile), new SplittableRandom(42));
    }

    /** Mean of {@code key} over {@code seconds} of one-second ticks. */
    private static double mean(DeviceModel model, String key, int seconds) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < seconds; i++) {
            Object value = model.tick(1).get(key);
            if (value instanceof Number number) {
                sum += number.doubleValue();
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void telemetry_has_every_sensor_and_actuator_with_the_right_types() {
        DeviceModel fridge = model("smart-fridge");
        Map<String, Object> values = fridge.tick(1);
        assertThat(values).containsKeys("doorOpen", "power", "targetTemperature", "milk", "eggs");
        assertThat(values.get("doorOpen")).isInstanceOf(Boolean.class);
        assertThat(values.get("milk")).isEqualTo(4);
        assertThat(values.get("targetTemperature")).isEqualTo(4.0);
    }

    @Test
    void a_fan_at_full_speed_cools_the_machine_after_its_lag() {
        DeviceModel slow = model("factory-line");
        DeviceModel fast = model("factory-line");
        fast.command(new Command("c-1", "set-fan", Map.of("speed", 100)));
        slow.command(new Command("c-1", "set-fan", 0));
        mean(slow, "temperature", 300);
        mean(fast, "temperature", 300);
        assertThat(mean(slow, "temperature", 120) - mean(fast, "temperature", 120))
                .isBetween(12.0, 18.0);
        assertThat(fast.takeChanges()).containsEntry("fanSpeed", 100.0);
    }

    @Test
    void a_closed_valve_stops_the_water_flow() {
        DeviceModel home = model("home");
        assertThat(mean(home, "waterFlow", 30)).isGreaterThan(1);
        assertThat(home.applyDesired(Map.of("waterValve", false))).isEmpty();
        mean(home, "waterFlow", 30);
        assertThat(mean(home, "waterFlow", 30)).isLessThan(0.05);
        assertThat(home.takeChanges()).containsEntry("waterValve", false);
    }

    @Test
    void stock_runs_out_and_a_restock_fills_it() {
        DeviceModel fridge = model("smart-fridge");
        for (int hour = 0; hour < 48; hour++) {
            fridge.tick(3600);
        }
        assertThat(fridge.takeChanges()).containsEntry("milk", 0).containsEntry("milkLow", true);
        assertThat(fridge.command(new Command("c-2", "restock-milk", null))).isEqualTo(Map.of("milk", 4));
        assertThat(fridge.takeChanges()).containsEntry("milk", 4).containsEntry("milkLow", false);
    }

    @Test
    void invalid_commands_and_desired_values_are_refused_with_a_reason() {
        DeviceModel factory = model("factory-line");
        assertThatThrownBy(() -> factory.command(new Command("c-3", "self-destruct", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown method");
        assertThat(factory.applyDesired(Map.of("fanSpeed", "max"))).containsKey("fanSpeed");
        assertThat(factory.commandMethods()).isEqualTo(List.of("set-fan"));
    }

    @Test
    void the_same_seed_gives_the_same_signals() {
        Profile meter = ProfileLoader.load("meter");
        DeviceModel a = new DeviceModel(meter, new SplittableRandom(7));
        DeviceModel b = new DeviceModel(meter, new SplittableRandom(7));
        for (int i = 0; i < 50; i++) {
            assertThat(a.tick(0.1)).isEqualTo(b.tick(0.1));
        }
    }
}
