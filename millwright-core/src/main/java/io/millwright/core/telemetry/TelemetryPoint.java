package io.millwright.core.telemetry;

import java.util.Objects;

/**
 * A stored point. Its identity is (device, {@link #key()}, {@link #timeMicros()}): storing a point with the identity of
 * an earlier one replaces it, which makes redelivered messages (MQTT QoS 1) idempotent.
 *
 * @param timeMicros epoch microseconds. Server-assigned times use the full resolution; device-given times are epoch
 *     milliseconds times 1000
 */
public record TelemetryPoint(String key, long timeMicros, TelemetryValue value) {

    public TelemetryPoint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The time in epoch milliseconds, the resolution the API speaks. */
    public long timeMillis() {
        return Math.floorDiv(timeMicros, 1000L);
    }
}
