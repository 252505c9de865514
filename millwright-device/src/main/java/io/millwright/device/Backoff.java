package io.millwright.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential backoff with full jitter. The ceiling of attempt {@code n} (0-based) is {@code min(max,
 * min * 2^n)} and the delay is uniformly random in {@code [0, ceiling]}, so a fleet that lost its server at the same
 * moment comes back spread over time instead of in one burst ("full jitter", as in the AWS architecture blog's
 * "Exponential Backoff And Jitter").
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        if (min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("backoff min must be positive (was " + min + ")");
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff max (" + max + ") must not be below min (" + min + ")");
        }
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The upper bound of the delay before attempt {@code attempt} (0 for the first retry). */
    long ceilingMillis(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        if (attempt >= Long.SIZE - 1 || minMillis > (maxMillis >> attempt)) {
            return maxMillis;
        }
        return minMillis << attempt;
    }

    /** A random delay in {@code [0, ceilingMillis(attempt)]}. */
    Duration delay(int attempt) {
        return Duration.ofMillis(random.nextLong(ceilingMillis(attempt) + 1));
    }
}
