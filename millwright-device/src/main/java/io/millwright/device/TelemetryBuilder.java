package io.millwright.device;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * One telemetry message, built value by value:
 *
 * <pre>{@code
 * device.telemetry().at(Instant.now()).put("temperature", 21.5).put("door", "open").send();
 * }</pre>
 *
 * Not thread-safe; build and send it on one thread.
 */
public final class TelemetryBuilder {

    private final BiFunction<Instant, Map<String, Object>, CompletableFuture<Void>> sender;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private Instant at;

    TelemetryBuilder(BiFunction<Instant, Map<String, Object>, CompletableFuture<Void>> sender) {
        this.sender = sender;
    }

    /** The measurement time (device clock); without it the device stamps the time of {@link #send()}. */
    public TelemetryBuilder at(Instant time) {
        this.at = Objects.requireNonNull(time, "time");
        return this;
    }

    public TelemetryBuilder put(String key, double value) {
        return putValue(key, value);
    }

    public TelemetryBuilder put(String key, long value) {
        return putValue(key, value);
    }

    public TelemetryBuilder put(String key, boolean value) {
        return putValue(key, value);
    }

    public TelemetryBuilder put(String key, String value) {
        return putValue(key, Objects.requireNonNull(value, "value"));
    }

    /**
     * Buffers the message for sending; see {@link MillwrightDevice#sendTelemetry(Map)} for what the future means.
     *
     * @throws IllegalStateException when no value was put
     */
    public CompletableFuture<Void> send() {
        if (values.isEmpty()) {
            throw new IllegalStateException("a telemetry message needs at least one value");
        }
        return sender.apply(at, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    private TelemetryBuilder putValue(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException(key + " must be a finite number (was " + d + ")");
        }
        values.put(key, value);
        return this;
    }
}
