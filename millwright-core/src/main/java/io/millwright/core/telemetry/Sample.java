package io.millwright.core.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Values a device reported for one instant, as parsed from a message and before the server assigns times.
 *
 * @param deviceTimeMillis the device's epoch-millisecond timestamp, or empty when the server assigns the time on
 *     arrival
 * @param values key to value, in message order; never empty
 */
public record Sample(OptionalLong deviceTimeMillis, Map<String, TelemetryValue> values) {

    public Sample {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a sample has at least one value");
        }
    }

    public static Sample atServerTime(Map<String, TelemetryValue> values) {
        return new Sample(OptionalLong.empty(), values);
    }

    public static Sample at(long deviceTimeMillis, Map<String, TelemetryValue> values) {
        return new Sample(OptionalLong.of(deviceTimeMillis), values);
    }
}
