package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.core.telemetry.TelemetryValue.Kind;
import java.util.Arrays;

/**
 * A growable, columnar list of one series' points: time, value kind, value bits (the long, the double's raw bits, or
 * 1/0) and text (strings and JSON). Columns avoid an object per point in the memtable and in decoded blocks.
 *
 * <p>{@linkplain #isNormalized() Normalized} means sorted by time with one point per time; {@link #normalize()} makes it
 * so, keeping the last added point of each time (last write wins). Not thread-safe.
 */
final class PointColumns {

    private static final int LONG = Kind.LONG.code();
    private static final int DOUBLE = Kind.DOUBLE.code();
    private static final int BOOLEAN = Kind.BOOLEAN.code();

    long[] times;
    byte[] kinds;
    long[] bits;
    String[] texts;
    int size;
    private boolean normalized = true;

    PointColumns(int capacity) {
        int c = Math.max(4, capacity);
        times = new long[c];
        kinds = new byte[c];
        bits = new long[c];
    }

    int size() {
        return size;
    }

    boolean isNormalized() {
        return normalized;
    }

    long time(int i) {
        return times[i];
    }

    void add(long time, TelemetryValue value) {
        if (value instanceof TelemetryValue.LongValue v) {
            add(time, LONG, v.value(), null);
        } else if (value instanceof TelemetryValue.DoubleValue v) {
            add(time, DOUBLE, Double.doubleToRawLongBits(v.value()), null);
        } else if (value instanceof TelemetryValue.BooleanValue v) {
            add(time, BOOLEAN, v.value() ? 1 : 0, null);
        } else if (value instanceof TelemetryValue.StringValue v) {
            add(time, Kind.STRING.code(), 0, v.value());
        } else if (value instanceof TelemetryValue.JsonValue v) {
            add(time, Kind.JSON.code(), 0, v.json());
        }
    }

    /** Appends a point; a point with the time of the last one replaces it. */
    void add(long time, int kind, long valueBits, String text) {
        if (size > 0 && normalized) {
            long last = times[size - 1];
            if (time == last) {
                set(size - 1, time, kind, valueBits, text);
                return;
            }
            if (time < last) {
                normalized = false;
            }
        }
        if (size == times.length) {
            grow();
        }
        set(size++, time, kind, valueBits, text);
    }

    void addFrom(PointColumns other, int i) {
        add(other.times[i], other.kinds[i], other.bits[i], other.texts == null ? null : other.texts[i]);
    }

    private void set(int i, long time, int kind, long valueBits, String text) {
        times[i] = time;
        kinds[i] = (byte) kind;
        bits[i] = valueBits;
        if (text != null) {
            if (texts == null) {
                texts = new String[times.length];
            }
            texts[i] = text;
        } else if (texts != null) {
            texts[i] = null;
        }
    }

    private void grow() {
        int capacity = times.length * 2;
        times = Arrays.copyOf(times, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        bits = Arrays.copyOf(bits, capacity);
        if (texts != null) {
            texts = Arrays.copyOf(texts, capacity);
        }
    }

    int kind(int i) {
        return kinds[i];
    }

    String text(int i) {
        return texts == null ? null : texts[i];
    }

    boolean isNumeric(int i) {
        return isNumericKind(kinds[i]);
    }

    double numeric(int i) {
        return numeric(kinds[i], bits[i]);
    }

    static boolean isNumericKind(int kind) {
        return kind <= BOOLEAN;
    }

    /** The aggregation value of a numeric point: the long, the double, or 1/0 for a boolean. */
    static double numeric(int kind, long bits) {
        return kind == DOUBLE ? Double.longBitsToDouble(bits) : bits;
    }

    TelemetryValue value(int i) {
        return switch (Kind.ofCode(kinds[i])) {
            case LONG -> new TelemetryValue.LongValue(bits[i]);
            case DOUBLE -> new TelemetryValue.DoubleValue(Double.longBitsToDouble(bits[i]));
            case BOOLEAN -> TelemetryValue.BooleanValue.of(bits[i] != 0);
            case STRING -> new TelemetryValue.StringValue(texts[i]);
            case JSON -> new TelemetryValue.JsonValue(texts[i]);
        };
    }

    /** Sorts by time, keeping the last added point of each time. */
    void normalize() {
        if (normalized) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // stable: points of equal time keep insertion order, so the last of each run is the last written
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        PointColumns sorted = new PointColumns(size);
        for (int i = 0; i < size; i++) {
            int j = order[i];
            if (i + 1 < size && times[order[i + 1]] == times[j]) {
                continue;
            }
            sorted.addFrom(this, j);
        }
        times = sorted.times;
        kinds = sorted.kinds;
        bits = sorted.bits;
        texts = sorted.texts;
        size = sorted.size;
        normalized = true;
    }

    /** A normalized copy of the points with {@code from <= time <= to}. */
    PointColumns copyRange(long from, long to) {
        normalize();
        int start = lowerBound(from);
        int end = to == Long.MAX_VALUE ? size : lowerBound(to + 1);
        PointColumns copy = new PointColumns(end - start);
        for (int i = start; i < end; i++) {
            copy.addFrom(this, i);
        }
        return copy;
    }

    /** Index of the first point with time >= {@code time}; requires normalized columns. */
    int lowerBound(long time) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether a point has a time in {@code [from, to]}; requires normalized columns. */
    boolean anyIn(long from, long to) {
        int i = lowerBound(from);
        return i < size && times[i] <= to;
    }

    /** Removes the points with time below {@code cutoff}; returns how many. Normalizes. */
    int removeBefore(long cutoff) {
        normalize();
        int n = lowerBound(cutoff);
        if (n == 0) {
            return 0;
        }
        System.arraycopy(times, n, times, 0, size - n);
        System.arraycopy(kinds, n, kinds, 0, size - n);
        System.arraycopy(bits, n, bits, 0, size - n);
        if (texts != null) {
            System.arraycopy(texts, n, texts, 0, size - n);
            Arrays.fill(texts, size - n, size, null);
        }
        size -= n;
        return n;
    }

    /**
     * Merges normalized {@code older} and {@code newer} into a new normalized list; on equal times the newer point
     * wins.
     */
    static PointColumns merge(PointColumns older, PointColumns newer) {
        older.normalize();
        newer.normalize();
        PointColumns out = new PointColumns(older.size + newer.size);
        int i = 0;
        int j = 0;
        while (i < older.size || j < newer.size) {
            if (j >= newer.size || (i < older.size && older.times[i] < newer.times[j])) {
                out.addFrom(older, i++);
            } else {
                if (i < older.size && older.times[i] == newer.times[j]) {
                    i++;
                }
                out.addFrom(newer, j++);
            }
        }
        return out;
    }
}
