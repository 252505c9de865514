package io.millwright.simulator.profile;

import java.util.Objects;

/**
 * One sensor: its telemetry key, signal and faults.
 *
 * @param name the telemetry key
 * @param unit for people reading the profile; not sent
 * @param decimals digits after the decimal point in telemetry (default 2)
 * @param signal how the raw value evolves
 * @param faults dropouts, stuck values, spikes and outages (default none)
 */
public record SensorSpec(String name, String unit, Integer decimals, SignalSpec signal, FaultSpec faults) {

    public SensorSpec {
        Objects.requireNonNull(name, "a sensor needs a name");
        Objects.requireNonNull(signal, "sensor " + name + " needs a signal");
        decimals = decimals == null ? 2 : decimals;
        if (decimals < 0 || decimals > 9) {
            throw new IllegalArgumentException("sensor " + name + ": decimals must be 0-9");
        }
        faults = faults == null ? FaultSpec.NONE : faults;
    }
}
