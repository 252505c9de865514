package io.millwright.simulator.model;

import io.millwright.simulator.profile.Durations;
import io.millwright.simulator.profile.FaultSpec;
import io.millwright.simulator.profile.SensorSpec;
import io.millwright.simulator.profile.SignalSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * One sensor of one device: its signal, the actuators' effects on it, and its faults. Not thread-safe; the
 * {@link DeviceModel} serialises access.
 */
final class SensorModel {

    private final SensorSpec spec;
    private final Signal signal;
    private final boolean binary;
    private final RandomGenerator random;
    private double stuckRemaining;
    private double outageRemaining;
    private Object last;

    SensorModel(SensorSpec spec, RandomGenerator random) {
        this.spec = spec;
        this.signal = Signal.of(spec.signal(), random);
        this.binary = spec.signal() instanceof SignalSpec.Binary;
        this.random = random;
    }

    String name() {
        return spec.name();
    }

    /**
     * The value after {@code dt} seconds, with the actuators' effects ({@code value * factor + offset}) and faults
     * applied: a Double rounded to the sensor's decimals, a Boolean for binary sensors, or null when the sample is
     * missing (dropout, outage).
     */
    Object sample(double dt, double offset, double factor) {
        double raw = signal.next(dt);
        FaultSpec faults = spec.faults();
        if (outageRemaining > 0) {
            outageRemaining -= dt;
            return null;
        }
        if (faults.outages() != null && random.nextDouble() < faults.outages().probabilityWithin(dt)) {
            outageRemaining = Durations.seconds(faults.outageFor()) - dt;
            return null;
        }
        if (stuckRemaining > 0 && last != null) {
            stuckRemaining -= dt;
            return last;
        }
        if (faults.dropout() > 0 && random.nextDouble() < faults.dropout()) {
            return null;
        }
        Object value;
        if (binary) {
            value = raw >= 0.5;
        } else {
            double v = raw * factor + offset;
            if (faults.spike() > 0 && random.nextDouble() < faults.spike()) {
                v += random.nextBoolean() ? faults.spikeSize() : -faults.spikeSize();
            }
            value = round(v);
        }
        if (faults.stuck() > 0 && random.nextDouble() < faults.stuck()) {
            stuckRemaining = Durations.seconds(faults.stuckFor());
        }
        last = value;
        return value;
    }

    private Object round(double value) {
        if (spec.decimals() == 0) {
            return Math.round(value);
        }
        return BigDecimal.valueOf(value)
                .setScale(spec.decimals(), RoundingMode.HALF_UP)
                .doubleValue();
    }
}
