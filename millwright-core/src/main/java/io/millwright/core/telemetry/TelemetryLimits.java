package io.millwright.core.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on one telemetry message, checked before anything is stored. A message that breaks one is rejected whole.
 *
 * @param maxPayloadBytes the raw payload size; larger messages are refused before parsing
 * @param maxPointsPerMessage values over all samples of one message
 * @param maxKeysPerSample distinct keys of one sample (one JSON object of values)
 * @param maxKeyLength key length in characters; keys are {@code [A-Za-z0-9_.-]}, so that they fit URLs and topics
 * @param maxValueBytes the UTF-8 size of one string value or of one nested JSON value as compact text
 * @param maxFutureSkew how far in the future a device timestamp may be, for devices whose clocks run ahead
 * @param maxNestingDepth JSON nesting depth of the whole payload, so a hostile payload cannot exhaust the stack
 */
public record TelemetryLimits(
        int maxPayloadBytes,
        int maxPointsPerMessage,
        int maxKeysPerSample,
        int maxKeyLength,
        int maxValueBytes,
        Duration maxFutureSkew,
        int maxNestingDepth) {

    public TelemetryLimits {
        positive("max-payload-bytes", maxPayloadBytes);
        positive("max-points-per-message", maxPointsPerMessage);
        positive("max-keys-per-sample", maxKeysPerSample);
        positive("max-key-length", maxKeyLength);
        positive("max-value-bytes", maxValueBytes);
        positive("max-nesting-depth", maxNestingDepth);
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("telemetry.max-future-skew must not be negative");
        }
    }

    /**
     * 256 KiB payloads (the HTTP/MQTT defaults of comparable platforms), 1000 points, 100 keys of up to 64 characters,
     * 8 KiB values, 1 minute of clock skew, nesting depth 16.
     */
    public static TelemetryLimits defaults() {
        return new TelemetryLimits(256 * 1024, 1000, 100, 64, 8 * 1024, Duration.ofMinutes(1), 16);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("telemetry." + name + " must be at least 1 (was " + value + ")");
        }
    }
}
