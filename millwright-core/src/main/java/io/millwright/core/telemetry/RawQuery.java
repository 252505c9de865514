package io.millwright.core.telemetry;

import io.millwright.core.error.InvalidInputException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A raw-point query over one device: the points of {@code keys} in {@code range}, ordered by (time, key) in
 * {@code order}, at most {@code limit} per page.
 *
 * @param cursor the {@link io.millwright.core.common.Page#next()} of the previous page, or {@code null} for the first
 */
public record RawQuery(List<String> keys, TimeRange range, int limit, Order order, String cursor) {

    public static final int MAX_KEYS = 100;
    public static final int MAX_LIMIT = 10_000;

    public RawQuery {
        keys = TelemetryKeys.checkAll(keys, MAX_KEYS);
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(order, "order");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be 1-" + MAX_LIMIT + " (was " + limit + ")");
        }
        if (cursor != null) {
            Position.decode(cursor);
        }
    }

    public static RawQuery of(Collection<String> keys, long fromMillis, long toMillis, int limit, Order order) {
        return new RawQuery(List.copyOf(keys), new TimeRange(fromMillis, toMillis), limit, order, null);
    }

    public RawQuery withCursor(String next) {
        return new RawQuery(keys, range, limit, order, next);
    }

    /** Where the previous page ended, or {@code null} for the first page. */
    public Position position() {
        return cursor == null ? null : Position.decode(cursor);
    }

    /**
     * A position in (time, key) order. The next page holds the points strictly after it in the query's order.
     *
     * @param timeMicros the time of the last point returned
     * @param key the key of the last point returned
     */
    public record Position(long timeMicros, String key) {

        public static Position of(TelemetryPoint point) {
            return new Position(point.timeMicros(), point.key());
        }

        /** Whether {@code point} comes after this position in {@code order}. */
        public boolean isBefore(TelemetryPoint point, Order order) {
            int c = Long.compare(point.timeMicros(), timeMicros);
            if (c == 0) {
                c = point.key().compareTo(key);
            }
            return order == Order.ASC ? c > 0 : c < 0;
        }

        public String encode() {
            return timeMicros + "~" + key;
        }

        static Position decode(String cursor) {
            int separator = cursor.indexOf('~');
            try {
                if (separator > 0) {
                    long time = Long.parseLong(cursor.substring(0, separator));
                    String key = TelemetryKeys.check(cursor.substring(separator + 1), TelemetryKeys.MAX_LENGTH);
                    return new Position(time, key);
                }
            } catch (NumberFormatException | InvalidInputException e) {
                // reported below with the cursor as the field
            }
            throw new InvalidInputException("cursor", "the paging cursor is not valid");
        }
    }
}
