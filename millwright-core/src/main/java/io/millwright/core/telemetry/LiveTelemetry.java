package io.millwright.core.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a live telemetry subscriber receives (see {@link TelemetryService#subscribe}): committed values, or a heartbeat
 * while nothing else is waiting, so that transports can keep idle connections open and notice dead ones.
 */
public sealed interface LiveTelemetry {

    /**
     * Values of one device committed for one instant.
     *
     * @param timeMillis the values' time in epoch milliseconds (the device's, or the server's on arrival)
     * @param values key to value, in message order; only the subscribed keys, never empty
     */
    record Update(String deviceId, long timeMillis, Map<String, TelemetryValue> values) implements LiveTelemetry {
        public Update {
            Objects.requireNonNull(deviceId, "deviceId");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("an update has at least one value");
            }
        }
    }

    /** Nothing to deliver for one heartbeat interval; transports send a keep-alive (an SSE comment, for example). */
    record Heartbeat() implements LiveTelemetry {}
}
