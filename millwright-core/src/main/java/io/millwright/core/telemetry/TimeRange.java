package io.millwright.core.telemetry;

import io.millwright.core.error.InvalidInputException;

/**
 * A half-open range of epoch milliseconds, {@code [fromMillis, toMillis)}. A point belongs to it when
 * {@code fromMillis * 1000 <= timeMicros < toMillis * 1000}.
 */
public record TimeRange(long fromMillis, long toMillis) {

    /** The largest epoch-millisecond value whose microseconds fit a long. */
    public static final long MAX_MILLIS = Long.MAX_VALUE / 1000;

    public TimeRange {
        if (fromMillis < 0 || toMillis > MAX_MILLIS || fromMillis >= toMillis) {
            throw new InvalidInputException(
                    "from", "the time range needs 0 <= from < to (was " + fromMillis + " to " + toMillis + ")");
        }
    }

    public long fromMicros() {
        return fromMillis * 1000;
    }

    /** Exclusive. */
    public long toMicros() {
        return toMillis * 1000;
    }

    public boolean containsMicros(long timeMicros) {
        return timeMicros >= fromMicros() && timeMicros < toMicros();
    }
}
