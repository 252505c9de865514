package io.millwright.simulator.profile;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A kind of simulated device, read from YAML: what it measures, what it actuates, how its network fails. The built-in
 * profiles are in {@code src/main/resources/profiles}; a user profile is any file of the same form.
 *
 * @param name the profile name
 * @param description one line for people
 * @param type the device type registered for simulated devices (default: the name)
 * @param labels extra labels registered for simulated devices
 * @param rate default telemetry rate per device ({@code --rate} overrides it)
 * @param sensors telemetry sources
 * @param actuators command and desired-state targets
 * @param network network faults (default none)
 */
public record Profile(
        String name,
        String description,
        String type,
        Map<String, String> labels,
        Rate rate,
        List<SensorSpec> sensors,
        List<ActuatorSpec> actuators,
        NetworkSpec network) {

    public Profile {
        Objects.requireNonNull(name, "a profile needs a name");
        description = description == null ? "" : description;
        type = type == null ? name : type;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        rate = rate == null ? new Rate(1) : rate;
        sensors = sensors == null ? List.of() : List.copyOf(sensors);
        actuators = actuators == null ? List.of() : List.copyOf(actuators);
        network = network == null ? NetworkSpec.NONE : network;
        if (sensors.isEmpty() && actuators.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + " has neither sensors nor actuators");
        }
        Set<String> names = new HashSet<>();
        Set<String> methods = new HashSet<>();
        for (SensorSpec sensor : sensors) {
            unique(names, sensor.name());
        }
        for (ActuatorSpec actuator : actuators) {
            unique(names, actuator.name());
            if (actuator.command() != null && !methods.add(actuator.command())) {
                throw new IllegalArgumentException("command " + actuator.command() + " is used by two actuators");
            }
            for (EffectSpec effect : effects(actuator)) {
                if (sensors.stream().noneMatch(s -> s.name().equals(effect.sensor()))) {
                    throw new IllegalArgumentException(
                            actuator.name() + " affects an unknown sensor '" + effect.sensor() + "'");
                }
            }
        }
    }

    private static List<EffectSpec> effects(ActuatorSpec actuator) {
        if (actuator instanceof ActuatorSpec.Level level) {
            return level.effects();
        }
        if (actuator instanceof ActuatorSpec.Switch toggle) {
            return toggle.effects();
        }
        return List.of();
    }

    private static void unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the name '" + name + "' is used twice in the profile");
        }
    }
}
