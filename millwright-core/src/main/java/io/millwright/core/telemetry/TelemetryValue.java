package io.millwright.core.telemetry;

import java.util.Objects;

/**
 * One telemetry value. The variant is the value's type as the device sent it: a JSON integer is a {@link LongValue}, a
 * JSON number with a fraction or exponent a {@link DoubleValue}, and nested objects and arrays are kept as compact JSON
 * text ({@link JsonValue}).
 *
 * <p>Aggregations ({@code avg}, {@code min}, {@code max}, {@code sum}) use the {@linkplain #isNumeric() numeric}
 * values: integers, floating point numbers and booleans (as 1 and 0); strings and JSON are only counted.
 */
public sealed interface TelemetryValue {

    /** The type tag, stable across versions: storage backends persist {@link Kind#code()}. */
    Kind kind();

    /** Whether the value takes part in numeric aggregations. */
    default boolean isNumeric() {
        return kind().numeric;
    }

    /**
     * The value as a double for aggregation.
     *
     * @throws IllegalStateException if the value is not numeric
     */
    double asDouble();

    /** The value types, with the code storage backends persist. */
    enum Kind {
        LONG(0, true),
        DOUBLE(1, true),
        BOOLEAN(2, true),
        STRING(3, false),
        JSON(4, false);

        private static final Kind[] BY_CODE = values();

        private final int code;
        private final boolean numeric;

        Kind(int code, boolean numeric) {
            this.code = code;
            this.numeric = numeric;
        }

        public int code() {
            return code;
        }

        public static Kind ofCode(int code) {
            if (code < 0 || code >= BY_CODE.length) {
                throw new IllegalArgumentException("unknown telemetry value kind " + code);
            }
            return BY_CODE[code];
        }
    }

    record LongValue(long value) implements TelemetryValue {
        @Override
        public Kind kind() {
            return Kind.LONG;
        }

        @Override
        public double asDouble() {
            return value;
        }
    }

    /** A finite floating point value (JSON has no NaN or infinity). */
    record DoubleValue(double value) implements TelemetryValue {
        public DoubleValue {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("telemetry doubles must be finite (was " + value + ")");
            }
        }

        @Override
        public Kind kind() {
            return Kind.DOUBLE;
        }

        @Override
        public double asDouble() {
            return value;
        }
    }

    record BooleanValue(boolean value) implements TelemetryValue {
        public static final BooleanValue TRUE = new BooleanValue(true);
        public static final BooleanValue FALSE = new BooleanValue(false);

        public static BooleanValue of(boolean value) {
            return value ? TRUE : FALSE;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }

        @Override
        public double asDouble() {
            return value ? 1 : 0;
        }
    }

    record StringValue(String value) implements TelemetryValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Kind kind() {
            return Kind.STRING;
        }

        @Override
        public double asDouble() {
            throw new IllegalStateException("a string value is not numeric");
        }
    }

    /** A nested JSON object or array, as compact JSON text. */
    record JsonValue(String json) implements TelemetryValue {
        public JsonValue {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public Kind kind() {
            return Kind.JSON;
        }

        @Override
        public double asDouble() {
            throw new IllegalStateException("a JSON value is not numeric");
        }
    }
}
