package io.millwright.core.telemetry;

import io.millwright.core.error.InvalidInputException;
import java.util.Locale;

/**
 * Aggregate functions. {@link #COUNT} counts every stored point of a key; the others use only the numeric points
 * (integers, floating point, booleans as 1/0), and a bucket without numeric points is left out.
 */
public enum Aggregation {
    AVG,
    MIN,
    MAX,
    SUM,
    COUNT;

    /** Parses the API spelling ({@code avg}, {@code min}, ...). */
    public static Aggregation parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("agg", "agg must be one of avg, min, max, sum, count (was " + name + ")");
        }
    }
}
