package io.millwright.core.telemetry;

import io.millwright.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An aggregation over one device's keys in {@code range}.
 *
 * <p>With an {@code interval}, buckets are aligned to the epoch: bucket boundaries are multiples of the interval (see
 * {@link #originMicros()}), so 1-hour buckets start on the hour whatever {@code from} is, and only points in {@code
 * [from, to)} are counted; the first bucket may start before {@code from}. Without one, a single bucket covers the whole range. Each bucket's time is its start; buckets without
 * points (or without numeric points, for the numeric functions) are left out.
 *
 * @param interval the bucket width, a whole number of milliseconds, or {@code null} for one bucket
 */
public record AggregateQuery(List<String> keys, TimeRange range, Aggregation function, Duration interval) {

    public static final int MAX_BUCKETS = 100_000;

    public AggregateQuery {
        keys = TelemetryKeys.checkAll(keys, RawQuery.MAX_KEYS);
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(function, "function");
        if (interval != null) {
            if (interval.isNegative() || interval.isZero() || interval.toNanos() % 1_000_000 != 0) {
                throw new InvalidInputException("interval", "interval must be a positive whole number of ms");
            }
            long buckets = (range.toMillis() - range.fromMillis() + interval.toMillis() - 1) / interval.toMillis();
            if (buckets > MAX_BUCKETS) {
                throw new InvalidInputException(
                        "interval",
                        "the query would return " + buckets + " buckets per key, the limit is " + MAX_BUCKETS);
            }
        }
    }

    public static AggregateQuery of(
            Collection<String> keys, long fromMillis, long toMillis, Aggregation function, Duration interval) {
        return new AggregateQuery(List.copyOf(keys), new TimeRange(fromMillis, toMillis), function, interval);
    }

    /** The bucket width in microseconds; the whole range when there is no interval. */
    public long bucketMicros() {
        return interval == null ? range.toMicros() - range.fromMicros() : interval.toMillis() * 1000;
    }

    /**
     * Where bucket boundaries start counting (epoch microseconds): with an interval, the multiple of the interval at or
     * before {@code from}, so that 1-hour buckets start on the hour whatever {@code from} is (and whole stored hours
     * can be answered from their summaries); without one, {@code from} itself. The first bucket may therefore start
     * before {@code from}; it still holds only points of the range.
     */
    public long originMicros() {
        if (interval == null) {
            return range.fromMicros();
        }
        long width = bucketMicros();
        return Math.floorDiv(range.fromMicros(), width) * width;
    }

    /** The start (epoch microseconds) of the bucket holding {@code timeMicros}, which must be in the range. */
    public long bucketStartMicros(long timeMicros) {
        long width = bucketMicros();
        long origin = originMicros();
        return origin + Math.floorDiv(timeMicros - origin, width) * width;
    }
}
