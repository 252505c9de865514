package io.millwright.simulator.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * Something the device changes in the world on request: by a command (method {@code command}) or by the twin's desired
 * state (key {@code desired}). Every actuator reports its state in the twin and in telemetry.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ActuatorSpec.Level.class, name = "level"),
    @JsonSubTypes.Type(value = ActuatorSpec.Switch.class, name = "switch"),
    @JsonSubTypes.Type(value = ActuatorSpec.Stock.class, name = "stock")
})
public sealed interface ActuatorSpec {

    String name();

    /** The command method that changes it, or null. */
    String command();

    /**
     * A setting in a range: fan speed, setpoint, dimmer. The command takes {@code {"<param>": number}} or a bare number.
     */
    record Level(
            String name,
            double initial,
            double min,
            double max,
            String command,
            String param,
            String desired,
            List<EffectSpec> effects)
            implements ActuatorSpec {
        public Level {
            Objects.requireNonNull(name, "an actuator needs a name");
            if (min > max || initial < min || initial > max) {
                throw new IllegalArgumentException(name + ": need min <= initial <= max");
            }
            param = param == null ? "value" : param;
            effects = effects == null ? List.of() : List.copyOf(effects);
        }
    }

    /** On or off: a valve, a light, a relay. The command takes {@code {"<param>": true|false}} or a bare boolean. */
    record Switch(String name, boolean initial, String command, String param, String desired, List<EffectSpec> effects)
            implements ActuatorSpec {
        public Switch {
            Objects.requireNonNull(name, "an actuator needs a name");
            param = param == null ? "on" : param;
            effects = effects == null ? List.of() : List.copyOf(effects);
        }
    }

    /**
     * A supply that runs out: items consumed at random ({@code consumption}, a rate) until the {@code command} restocks
     * it ({@code {"items": n}}, or full without params). Reported with a {@code <name>Low} flag at or below {@code low}.
     */
    record Stock(String name, int capacity, Integer initial, Rate consumption, String command, int low)
            implements ActuatorSpec {
        public Stock {
            Objects.requireNonNull(name, "an actuator needs a name");
            Objects.requireNonNull(consumption, name + " needs a consumption rate");
            if (capacity < 1) {
                throw new IllegalArgumentException(name + ": capacity must be at least 1");
            }
            initial = initial == null ? capacity : initial;
            if (initial < 0 || initial > capacity) {
                throw new IllegalArgumentException(name + ": initial must be 0-capacity");
            }
        }
    }
}
