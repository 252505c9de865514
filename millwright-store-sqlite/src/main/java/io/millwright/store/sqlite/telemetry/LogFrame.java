package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.core.telemetry.TelemetryValue.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The binary layout of one log row: every point of one append, in append order, so that a commit writes one row
 * whatever the number of points.
 *
 * <pre>
 * frame := varint(count) point*
 * point := varint(seriesId) zigzag(time - previousTime) varint(kind) value
 * value := zigzag(long) | 8 bytes of double bits | 1 byte boolean | varint(n) utf8[n]
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class LogFrame {

    /** A decoded point, in append order. */
    @FunctionalInterface
    interface Visitor {
        void accept(long seriesId, long time, TelemetryValue value);
    }

    private LogFrame() {}

    /** Encodes the points of {@code batch}; {@code seriesIds[i]} is the series of the i-th point. */
    static byte[] encode(List<DeviceTelemetry> batch, long[] seriesIds, int points) {
        Bytes out = new Bytes(points * 14 + 16);
        out.varint(points);
        long previous = 0;
        int i = 0;
        for (DeviceTelemetry telemetry : batch) {
            for (TelemetryPoint point : telemetry.points()) {
                out.varint(seriesIds[i++]);
                out.varint(zigzag(point.timeMicros() - previous));
                previous = point.timeMicros();
                TelemetryValue value = point.value();
                out.varint(value.kind().code());
                if (value instanceof TelemetryValue.LongValue v) {
                    out.varint(zigzag(v.value()));
                } else if (value instanceof TelemetryValue.DoubleValue v) {
                    out.fixed64(Double.doubleToRawLongBits(v.value()));
                } else if (value instanceof TelemetryValue.BooleanValue v) {
                    out.write(v.value() ? 1 : 0);
                } else if (value instanceof TelemetryValue.StringValue v) {
                    out.text(v.value());
                } else if (value instanceof TelemetryValue.JsonValue v) {
                    out.text(v.json());
                }
            }
        }
        return out.toByteArray();
    }

    static void decode(byte[] data, Visitor visitor) {
        int[] position = {0};
        long count = varint(data, position);
        long time = 0;
        for (long n = 0; n < count; n++) {
            long seriesId = varint(data, position);
            time += unzigzag(varint(data, position));
            TelemetryValue value = switch (Kind.ofCode((int) varint(data, position))) {
                case LONG -> new TelemetryValue.LongValue(unzigzag(varint(data, position)));
                case DOUBLE -> {
                    long bits = 0;
                    for (int b = 0; b < 8; b++) {
                        bits |= (data[position[0]++] & 0xFFL) << (8 * b);
                    }
                    yield new TelemetryValue.DoubleValue(Double.longBitsToDouble(bits));
                }
                case BOOLEAN -> TelemetryValue.BooleanValue.of(data[position[0]++] != 0);
                case STRING -> new TelemetryValue.StringValue(text(data, position));
                case JSON -> new TelemetryValue.JsonValue(text(data, position));
            };
            visitor.accept(seriesId, time, value);
        }
    }

    private static String text(byte[] data, int[] position) {
        int length = (int) varint(data, position);
        String text = new String(data, position[0], length, StandardCharsets.UTF_8);
        position[0] += length;
        return text;
    }

    private static long varint(byte[] data, int[] position) {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = data[position[0]++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
            shift += 7;
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Bytes {
        private byte[] buffer;
        private int size;

        Bytes(int capacity) {
            buffer = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[size++] = (byte) v;
        }

        void fixed64(long v) {
            ensure(8);
            for (int b = 0; b < 8; b++) {
                buffer[size++] = (byte) (v >>> (8 * b));
            }
        }

        void text(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, size, utf8.length);
            size += utf8.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
