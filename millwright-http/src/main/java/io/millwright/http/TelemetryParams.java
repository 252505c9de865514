package io.millwright.http;

import io.javalin.http.Context;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.telemetry.Order;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.TelemetryKeys;
import io.millwright.core.telemetry.TimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query parameters of the telemetry routes. Every rejection is an {@link InvalidInputException} naming the parameter,
 * so a malformed request is a 400 before any read.
 */
final class TelemetryParams {

    /** The range a query covers when {@code from} is absent: the last day before {@code to}. */
    static final Duration DEFAULT_SPAN = Duration.ofDays(1);

    static final int DEFAULT_LIMIT = 1000;

    /** A bucket width: a whole number with a unit. */
    private static final Pattern INTERVAL = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private TelemetryParams() {}

    /**
     * The {@code keys} parameter: comma-separated and/or repeated; empty when absent (meaning every key).
     *
     * @throws InvalidInputException naming {@code keys} for an invalid or repeated key, or more than {@value
     *     RawQuery#MAX_KEYS}
     */
    static List<String> keys(List<String> params) {
        Set<String> keys = new LinkedHashSet<>();
        for (String param : params) {
            for (String raw : param.split(",", -1)) {
                String key = raw.trim();
                if (key.isEmpty()) {
                    continue;
                }
                try {
                    TelemetryKeys.check(key, TelemetryKeys.MAX_LENGTH);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("keys", e.getMessage());
                }
                if (!keys.add(key)) {
                    throw new InvalidInputException("keys", "keys names '" + key + "' twice");
                }
            }
        }
        if (keys.size() > RawQuery.MAX_KEYS) {
            throw new InvalidInputException("keys", "keys names at most " + RawQuery.MAX_KEYS + " keys");
        }
        return List.copyOf(keys);
    }

    /**
     * {@code from} and {@code to}, each epoch milliseconds or ISO-8601 with offset; {@code to} defaults to now
     * (inclusive, so the exclusive end is now + 1 ms) and {@code from} to {@link #DEFAULT_SPAN} before {@code to}
     * (at the earliest the epoch).
     */
    static TimeRange range(Context ctx, Clock clock) {
        String rawTo = ctx.queryParam("to");
        long to = rawTo == null || rawTo.isEmpty()
                ? clock.millis() + 1
                : QueryValues.instant("to", rawTo, null).toEpochMilli();
        if (to <= 0 || to > TimeRange.MAX_MILLIS) {
            throw new InvalidInputException(
                    "to", "to must be after the epoch and before year 294,000 (was " + to + ")");
        }
        Instant defaultFrom = Instant.ofEpochMilli(Math.max(0, to - DEFAULT_SPAN.toMillis()));
        long from =
                QueryValues.instant("from", ctx.queryParam("from"), defaultFrom).toEpochMilli();
        if (from < 0) {
            throw new InvalidInputException("from", "from must not be before the epoch (was " + from + ")");
        }
        if (from >= to) {
            throw new InvalidInputException("from", "from must be before to (was " + from + " >= " + to + ")");
        }
        return new TimeRange(from, to);
    }

    /** {@code order}: {@code asc} (the default) or {@code desc}, case-insensitive. */
    static Order order(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Order.ASC;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> Order.ASC;
            case "desc" -> Order.DESC;
            default -> throw new InvalidInputException("order", "order must be asc or desc (was '" + raw + "')");
        };
    }

    /** {@code interval}: a bucket width such as {@code 500ms}, {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d}. */
    static Duration interval(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Matcher m = INTERVAL.matcher(raw.trim());
        if (m.matches() && Long.parseLong(m.group(1)) > 0) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        throw new InvalidInputException(
                "interval",
                "interval must be a positive whole number with a unit: 500ms, 30s, 1m, 1h, 1d (was '" + raw + "')");
    }

    /** The opaque API cursor for a store cursor. */
    static String encodeCursor(String storeCursor) {
        return storeCursor == null
                ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(storeCursor.getBytes(StandardCharsets.UTF_8));
    }

    /** The store cursor of an API cursor, or {@code null} when absent; {@link RawQuery} validates the content. */
    static String decodeCursor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", "cursor must be a value of 'next' from a previous page");
        }
    }

    /** Rejects parameters that raw queries take but aggregations do not, so they are never silently ignored. */
    static void rejectWithAggregation(Context ctx) {
        List<String> present = new ArrayList<>();
        for (String name : List.of("limit", "order", "cursor")) {
            if (ctx.queryParam(name) != null) {
                present.add(name);
            }
        }
        if (!present.isEmpty()) {
            throw new InvalidInputException(
                    present.get(0),
                    present.get(0) + " applies to raw points only; aggregates come in one answer, in time order");
        }
    }
}
