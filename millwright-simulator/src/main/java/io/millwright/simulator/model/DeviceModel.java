package io.millwright.simulator.model;

import io.millwright.device.Command;
import io.millwright.simulator.profile.ActuatorSpec;
import io.millwright.simulator.profile.Profile;
import io.millwright.simulator.profile.SensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The simulated physics of one device: sensors moved by actuators, actuators moved by commands and desired state.
 * Thread-safe: ticks (the fleet's timer) and commands (the SDK's callback thread) take turns on this object's lock.
 */
public final class DeviceModel {

    private final List<SensorModel> sensors = new ArrayList<>();
    private final List<ActuatorModel> actuators = new ArrayList<>();
    private final Set<ActuatorModel> changed = new LinkedHashSet<>();

    public DeviceModel(Profile profile, RandomGenerator random) {
        for (SensorSpec sensor : profile.sensors()) {
            sensors.add(new SensorModel(sensor, random));
        }
        for (ActuatorSpec actuator : profile.actuators()) {
            ActuatorModel model = ActuatorModel.of(actuator, random);
            model.settle();
            actuators.add(model);
        }
    }

    /** The command methods the actuators answer. */
    public List<String> commandMethods() {
        return actuators.stream()
                .map(ActuatorModel::command)
                .filter(m -> m != null)
                .toList();
    }

    /** Advances the model by {@code dt} seconds and returns one telemetry sample (missing values left out). */
    public synchronized Map<String, Object> tick(double dt) {
        Map<String, ActuatorModel.Influence> influences = new HashMap<>();
        for (ActuatorModel actuator : actuators) {
            if (actuator.advance(dt)) {
                changed.add(actuator);
            }
            actuator.influence(dt, influences);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (SensorModel sensor : sensors) {
            ActuatorModel.Influence influence = influences.get(sensor.name());
            Object value =
                    influence == null ? sensor.sample(dt, 0, 1) : sensor.sample(dt, influence.offset, influence.factor);
            if (value != null) {
                values.put(sensor.name(), value);
            }
        }
        for (ActuatorModel actuator : actuators) {
            values.put(actuator.name(), actuator.value());
        }
        return values;
    }

    /**
     * Runs a command on the actuator whose method it is.
     *
     * @throws IllegalArgumentException for an unknown method or bad parameters (answered as a failed command)
     */
    public synchronized Object command(Command command) {
        ActuatorModel actuator = actuators.stream()
                .filter(a -> command.method().equals(a.command()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown method: " + command.method()));
        Object result = actuator.handle(command);
        changed.add(actuator);
        return result;
    }

    /**
     * Applies desired values to the actuators they name; keys of other actuators or none are ignored.
     *
     * @return the desired keys that were invalid, with why
     */
    public synchronized Map<String, String> applyDesired(Map<String, Object> desired) {
        Map<String, String> invalid = new LinkedHashMap<>();
        desired.forEach((key, value) -> actuatorForDesired(key).ifPresent(actuator -> {
            try {
                actuator.applyDesired(value);
                changed.add(actuator);
            } catch (IllegalArgumentException e) {
                invalid.put(key, e.getMessage());
            }
        }));
        return invalid;
    }

    /** Twin properties of every actuator: what a device reports when it starts. */
    public synchronized Map<String, Object> reported() {
        Map<String, Object> reported = new LinkedHashMap<>();
        actuators.forEach(actuator -> reported.putAll(actuator.reported()));
        return reported;
    }

    /** Twin properties that changed since the last call (commands, desired state, consumption), or an empty map. */
    public synchronized Map<String, Object> takeChanges() {
        Map<String, Object> patch = new LinkedHashMap<>();
        changed.forEach(actuator -> patch.putAll(actuator.reported()));
        changed.clear();
        return patch;
    }

    private Optional<ActuatorModel> actuatorForDesired(String key) {
        return actuators.stream().filter(a -> key.equals(a.desiredKey())).findFirst();
    }
}
