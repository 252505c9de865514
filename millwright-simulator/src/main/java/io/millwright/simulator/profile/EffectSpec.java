package io.millwright.simulator.profile;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How an actuator moves a sensor, with a first-order lag (the physical inertia: a room does not cool the instant the
 * fan speeds up).
 *
 * <ul>
 *   <li>{@code add} (default): the sensor gets {@code gain * (level - baseline)} added. A fan with gain -0.15 cools a
 *       machine by 15 °C at speed 100.
 *   <li>{@code scale}: the sensor is multiplied by {@code 1 - gain * (1 - level/max)}: a closed valve (level 0) with gain
 *       1 stops the flow entirely.
 * </ul>
 *
 * @param sensor the sensor affected
 * @param gain strength of the effect
 * @param baseline the level without effect (add mode)
 * @param lag time constant of the response (default 0: immediate)
 * @param mode {@code add} or {@code scale}
 */
public record EffectSpec(String sensor, double gain, double baseline, Duration lag, String mode) {

    public EffectSpec {
        Objects.requireNonNull(sensor, "an effect needs a sensor");
        lag = lag == null ? Duration.ZERO : lag;
        mode = mode == null ? "add" : mode.toLowerCase(Locale.ROOT);
        if (!mode.equals("add") && !mode.equals("scale")) {
            throw new IllegalArgumentException("effect mode must be add or scale (was " + mode + ")");
        }
    }

    public boolean scales() {
        return mode.equals("scale");
    }
}
