package io.millwright.core.telemetry;

/**
 * One aggregated bucket.
 *
 * @param timeMillis the bucket start (epoch ms)
 * @param value the aggregate; for {@code count} the count
 * @param count the points aggregated: all points for {@code count}, the numeric ones otherwise
 */
public record Bucket(long timeMillis, double value, long count) {}
