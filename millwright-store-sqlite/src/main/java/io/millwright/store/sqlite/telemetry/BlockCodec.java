package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.TelemetryValue.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary layout of a block: the points of one series, sorted by time, one per time.
 *
 * <pre>
 * block   := varint(count) zigzag(firstTime) point*
 * point   := [time] tag value          -- time omitted for the first point
 * time    := zigzag(delta - previousDelta)   -- delta-of-delta: 1 byte for regular sampling
 * tag     := kind (bits 0-2) | SAME (bit 3) | TRUE (bit 4)
 * value   := nothing                   if SAME (same kind and value as the previous point) or BOOLEAN
 *          | zigzag(v - previousLong)  LONG
 *          | byte(tz) varint(x >>> tz) DOUBLE, x = bits XOR previousDoubleBits, tz its trailing zeros (64 if 0)
 *          | varint(n) utf8[n]         STRING, JSON
 * </pre>
 *
 * Typical sensor series take 2-10 bytes per point. Stateless and thread-safe.
 */
final class BlockCodec {

    private static final int SAME = 1 << 3;
    private static final int TRUE = 1 << 4;
    private static final int KIND_MASK = 7;

    private BlockCodec() {}

    /** Encodes points {@code [from, to)} of normalized columns. */
    static byte[] encode(PointColumns p, int from, int to) {
        Output out = new Output(16 + (to - from) * 6);
        out.varint(to - from);
        out.varint(zigzag(p.times[from]));
        long previousDelta = 0;
        long previousLong = 0;
        long previousDouble = 0;
        for (int i = from; i < to; i++) {
            if (i > from) {
                long delta = p.times[i] - p.times[i - 1];
                out.varint(zigzag(delta - previousDelta));
                previousDelta = delta;
            }
            int kind = p.kinds[i];
            long bits = p.bits[i];
            String text = p.text(i);
            if (i > from && kind == p.kinds[i - 1] && bits == p.bits[i - 1] && sameText(text, p.text(i - 1))) {
                out.write(kind | SAME);
                continue;
            }
            if (kind == Kind.BOOLEAN.code()) {
                out.write(kind | (bits != 0 ? TRUE : 0));
            } else if (kind == Kind.LONG.code()) {
                out.write(kind);
                out.varint(zigzag(bits - previousLong));
                previousLong = bits;
            } else if (kind == Kind.DOUBLE.code()) {
                out.write(kind);
                long x = bits ^ previousDouble;
                int tz = Long.numberOfTrailingZeros(x);
                out.write(tz);
                if (x != 0) {
                    out.varint(x >>> tz);
                }
                previousDouble = bits;
            } else {
                out.write(kind);
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                out.varint(utf8.length);
                out.write(utf8);
            }
        }
        return out.toByteArray();
    }

    /** Receives decoded points in time order; {@code text} is null unless the kind is STRING or JSON. */
    @FunctionalInterface
    interface Visitor {
        void accept(long time, int kind, long bits, String text);
    }

    /** Decodes a block into {@code into} (appending). */
    static void decode(byte[] data, PointColumns into) {
        forEach(data, into::add);
    }

    /** Decodes a block point by point, without collecting the points. */
    static void forEach(byte[] data, Visitor visitor) {
        Input in = new Input(data);
        int count = (int) in.varint();
        long time = unzigzag(in.varint());
        long delta = 0;
        long previousLong = 0;
        long previousDouble = 0;
        int kind = 0;
        long bits = 0;
        String text = null;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                delta += unzigzag(in.varint());
                time += delta;
            }
            int tag = in.read();
            if ((tag & SAME) == 0) {
                kind = tag & KIND_MASK;
                text = null;
                if (kind == Kind.BOOLEAN.code()) {
                    bits = (tag & TRUE) != 0 ? 1 : 0;
                } else if (kind == Kind.LONG.code()) {
                    bits = previousLong + unzigzag(in.varint());
                    previousLong = bits;
                } else if (kind == Kind.DOUBLE.code()) {
                    int tz = in.read();
                    bits = previousDouble ^ (tz == 64 ? 0 : in.varint() << tz);
                    previousDouble = bits;
                } else {
                    int length = (int) in.varint();
                    text = new String(data, in.position, length, StandardCharsets.UTF_8);
                    in.position += length;
                    bits = 0;
                }
            }
            visitor.accept(time, kind, bits, text);
        }
    }

    private static boolean sameText(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Output {
        private byte[] buffer;
        private int size;

        Output(int capacity) {
            buffer = new byte[capacity];
        }

        void write(int b) {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[size++] = (byte) b;
        }

        void write(byte[] bytes) {
            if (size + bytes.length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes.length));
            }
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Input {
        private final byte[] data;
        private int position;

        Input(byte[] data) {
            this.data = data;
        }

        int read() {
            return data[position++] & 0xFF;
        }

        long varint() {
            long result = 0;
            int shift = 0;
            while (true) {
                int b = data[position++];
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
                shift += 7;
            }
        }
    }
}
