package io.millwright.core.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.LimitExceededException.Kind;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses telemetry payloads (MQTT {@code devices/{name}/telemetry}, HTTP {@code POST .../telemetry}). Accepted shapes:
 *
 * <ul>
 *   <li>{@code {"temperature": 21.5, "running": true}}: values at server time;
 *   <li>{@code {"ts": 1732200000000, "values": {...}}}: values at the device's epoch-millisecond time;
 *   <li>a non-empty array of either.
 * </ul>
 *
 * <p>{@code ts} and {@code values} are reserved and cannot be keys of the first shape, so every payload has exactly one
 * reading. A message is accepted or rejected whole: {@link InvalidInputException} for malformed content (MQTT 0x99,
 * HTTP 400), {@link LimitExceededException} of kind {@link Kind#SIZE SIZE} when a {@link TelemetryLimits limit} is
 * exceeded (MQTT 0x95, HTTP 413). Thread-safe.
 */
public final class TelemetryParser {

    private static final String TS = "ts";
    private static final String VALUES = "values";

    private final TelemetryLimits limits;
    private final Clock clock;
    private final ObjectMapper mapper;

    public TelemetryParser(TelemetryLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxPayloadBytes())
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Parses one message; the result holds at least one sample with at least one value. */
    public List<Sample> parse(byte[] payload) {
        if (payload.length > limits.maxPayloadBytes()) {
            throw new LimitExceededException(
                    Kind.SIZE,
                    "telemetry payload is " + payload.length + " bytes, the limit is " + limits.maxPayloadBytes());
        }
        JsonNode root = readTree(payload);
        List<Sample> samples = new ArrayList<>();
        int[] points = {0};
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw invalid("payload", "the telemetry array is empty");
            }
            for (JsonNode element : root) {
                samples.add(sample(element, points));
            }
        } else {
            samples.add(sample(root, points));
        }
        return samples;
    }

    private JsonNode readTree(byte[] payload) {
        if (payload.length == 0) {
            throw invalid("payload", "the telemetry payload is empty");
        }
        try {
            JsonNode root = mapper.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw invalid("payload", "the telemetry payload is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw invalid("payload", "the telemetry payload is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("payload", "the telemetry payload cannot be read: " + e.getMessage());
        }
    }

    private Sample sample(JsonNode node, int[] points) {
        if (!node.isObject()) {
            throw invalid("payload", "telemetry must be a JSON object or an array of objects");
        }
        if (node.has(TS) || node.has(VALUES)) {
            if (node.size() != 2 || !node.has(TS) || !node.has(VALUES)) {
                throw invalid(
                        "payload",
                        "an object with 'ts' or 'values' must have exactly the fields 'ts' and 'values'"
                                + " ('ts' and 'values' are reserved and cannot be keys)");
            }
            long ts = timestamp(node.get(TS));
            JsonNode values = node.get(VALUES);
            if (!values.isObject()) {
                throw invalid(VALUES, "'values' must be a JSON object");
            }
            return Sample.at(ts, values(values, points));
        }
        return Sample.atServerTime(values(node, points));
    }

    private long timestamp(JsonNode ts) {
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
            throw invalid(TS, "'ts' must be an integer of epoch milliseconds");
        }
        long millis = ts.longValue();
        if (millis < 0) {
            throw invalid(TS, "'ts' must not be negative (was " + millis + ")");
        }
        long latest = clock.millis() + limits.maxFutureSkew().toMillis();
        if (millis > latest) {
            throw invalid(
                    TS, "'ts' " + millis + " is more than " + limits.maxFutureSkew() + " ahead of the server clock");
        }
        return millis;
    }

    private Map<String, TelemetryValue> values(JsonNode object, int[] points) {
        if (object.isEmpty()) {
            throw invalid(VALUES, "a telemetry object must hold at least one value");
        }
        if (object.size() > limits.maxKeysPerSample()) {
            throw new LimitExceededException(
                    Kind.SIZE,
                    "a telemetry object has " + object.size() + " keys, the limit is " + limits.maxKeysPerSample());
        }
        points[0] += object.size();
        if (points[0] > limits.maxPointsPerMessage()) {
            throw new LimitExceededException(
                    Kind.SIZE, "the message has more than " + limits.maxPointsPerMessage() + " values, the limit");
        }
        Map<String, TelemetryValue> values = new LinkedHashMap<>(object.size() * 2);
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = TelemetryKeys.check(field.getKey(), limits.maxKeyLength());
            values.put(key, value(key, field.getValue()));
        }
        return values;
    }

    private TelemetryValue value(String key, JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> number(key, node);
            case BOOLEAN -> TelemetryValue.BooleanValue.of(node.booleanValue());
            case STRING -> {
                String text = node.textValue();
                checkSize(key, "string", text);
                yield new TelemetryValue.StringValue(text);
            }
            case OBJECT, ARRAY -> {
                String json = node.toString();
                checkSize(key, "JSON", json);
                yield new TelemetryValue.JsonValue(json);
            }
            case NULL -> throw invalid(key, "telemetry value '" + key + "' is null");
            default -> throw invalid(key, "telemetry value '" + key + "' has an unsupported type");
        };
    }

    private static TelemetryValue number(String key, JsonNode node) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw invalid(key, "telemetry value '" + key + "' is outside the 64-bit integer range");
            }
            return new TelemetryValue.LongValue(node.longValue());
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw invalid(key, "telemetry value '" + key + "' is outside the double range");
        }
        return new TelemetryValue.DoubleValue(value);
    }

    private void checkSize(String key, String what, String text) {
        int bytes = utf8Length(text);
        if (bytes > limits.maxValueBytes()) {
            throw new LimitExceededException(
                    Kind.SIZE,
                    "the " + what + " value of '" + key + "' is " + bytes + " bytes, the limit is "
                            + limits.maxValueBytes());
        }
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(field, message);
    }
}
