package io.millwright.http;

import io.millwright.core.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of query parameter values shared by the twin, command and connectivity routes. Every rejection is an {@link
 * InvalidInputException} naming the parameter, so a malformed value is a 400 before any domain call.
 */
final class QueryValues {

    /** A duration: digits with an optional unit; no unit means seconds ({@code 10}, {@code 500ms}, {@code 10s}, {@code 2m}). */
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)?");
    /** Paging cursors of the command and connectivity stores: a sequence number, at most 18 digits (fits a long). */
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,18}");
    /** Epoch milliseconds, the alternative to ISO-8601 for times. */
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,18}");

    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private QueryValues() {}

    /**
     * A duration of at most {@code max}, or {@code null} if {@code raw} is {@code null}.
     *
     * @throws InvalidInputException if {@code raw} is not a duration or exceeds {@code max}
     */
    static Duration duration(String name, String raw, Duration max) {
        if (raw == null) {
            return null;
        }
        Matcher m = DURATION.matcher(raw.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration value = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
            if (value.compareTo(max) <= 0) {
                return value;
            }
        }
        throw new InvalidInputException(
                name,
                name + " must be a duration of at most " + max.toSeconds()
                        + "s, as seconds or with a unit: 500ms, 10s, 1m (was '" + raw + "')");
    }

    /**
     * A point in time given as epoch milliseconds or an ISO-8601 date-time with offset ({@code 2030-01-01T00:00:00Z}),
     * or {@code fallback} if absent. Values outside the epoch-millisecond range are rejected, because stores keep
     * milliseconds.
     */
    static Instant instant(String name, String raw, Instant fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        String value = raw.strip();
        Instant parsed = null;
        if (EPOCH_MILLIS.matcher(value).matches()) {
            parsed = Instant.ofEpochMilli(Long.parseLong(value));
        } else {
            try {
                // An unencoded '+' of an offset arrives as a space in a query string.
                parsed = OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
            } catch (DateTimeParseException e) {
                // reported below with the accepted forms
            }
        }
        if (parsed == null || parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new InvalidInputException(
                    name,
                    name + " must be epoch milliseconds or an ISO-8601 date-time with offset, e.g. "
                            + "2030-01-01T00:00:00Z (was '" + raw + "')");
        }
        return parsed;
    }

    /** The latest instant {@link #instant} accepts: the default upper bound of a time range. */
    static Instant latest() {
        return LATEST;
    }

    /**
     * The {@code cursor} parameter: {@code null} if absent or empty, else the {@code next} value of a previous page.
     *
     * @throws InvalidInputException naming {@code cursor} if it cannot be such a value
     */
    static String cursor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!CURSOR.matcher(raw).matches()) {
            throw new InvalidInputException("cursor", "cursor must be a value of 'next' from a previous page");
        }
        return raw;
    }
}
