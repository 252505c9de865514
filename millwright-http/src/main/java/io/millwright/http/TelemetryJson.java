package io.millwright.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.util.RawValue;
import io.millwright.core.telemetry.Aggregation;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.LiveTelemetry;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The telemetry API's JSON (and CSV) shapes. A value is written as the JSON the device sent: integers and decimals as
 * numbers, booleans, strings, nested objects and arrays as they were; times are epoch milliseconds. Aggregates are
 * numbers ({@code count} an integer).
 */
final class TelemetryJson {

    private TelemetryJson() {}

    /** A value at a time: a stored point, or an aggregate at its bucket start. */
    record TimedValue(long ts, TelemetryValue value) {
        static TimedValue of(TelemetryPoint point) {
            return new TimedValue(point.timeMillis(), point.value());
        }

        static TimedValue of(Bucket bucket, Aggregation function) {
            TelemetryValue value = function == Aggregation.COUNT
                    ? new TelemetryValue.LongValue(bucket.count())
                    : new TelemetryValue.DoubleValue(bucket.value());
            return new TimedValue(bucket.timeMillis(), value);
        }
    }

    /** One point: {@code {"ts": 1732200000000, "value": 21.5}}. */
    record PointView(long ts, RawValue value) {
        static PointView of(TimedValue timed) {
            return new PointView(timed.ts(), new RawValue(json(timed.value())));
        }

        static PointView of(TelemetryPoint point) {
            return of(TimedValue.of(point));
        }
    }

    /**
     * A time-series answer: {@code {"series": {"<key>": [point, ...]}, "next": <cursor or null>}}. Every queried key is
     * present, with an empty list when it has no points in the range (or on this page).
     */
    record SeriesView(Map<String, List<PointView>> series, String next) {
        static SeriesView of(Map<String, List<TimedValue>> series, String next) {
            Map<String, List<PointView>> views = new LinkedHashMap<>();
            series.forEach((key, values) ->
                    views.put(key, values.stream().map(PointView::of).toList()));
            return new SeriesView(views, next);
        }
    }

    /** A live update, as SSE {@code data} and WebSocket text frames: {@code {"ts": ..., "values": {...}}}. */
    record LiveView(long ts, Map<String, RawValue> values) {
        static LiveView of(LiveTelemetry.Update update) {
            Map<String, RawValue> values = new LinkedHashMap<>();
            update.values().forEach((key, value) -> values.put(key, new RawValue(json(value))));
            return new LiveView(update.timeMillis(), values);
        }
    }

    /** The value as JSON text. */
    static String json(TelemetryValue value) {
        if (value instanceof TelemetryValue.StringValue s) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s.value())) + "\"";
        }
        return text(value);
    }

    /** The value as CSV field content before quoting: strings unquoted, nested JSON as its text. */
    static String text(TelemetryValue value) {
        if (value instanceof TelemetryValue.LongValue l) {
            return Long.toString(l.value());
        } else if (value instanceof TelemetryValue.DoubleValue d) {
            return Double.toString(d.value());
        } else if (value instanceof TelemetryValue.BooleanValue b) {
            return Boolean.toString(b.value());
        } else if (value instanceof TelemetryValue.StringValue s) {
            return s.value();
        } else if (value instanceof TelemetryValue.JsonValue j) {
            return j.json();
        }
        throw new IllegalStateException("unknown telemetry value " + value);
    }

    /**
     * A series answer as CSV (RFC 4180): a {@code key,ts,value} header, then one row per point, key by key, CRLF line
     * ends; a field holding a comma, quote or line break is quoted, with quotes doubled.
     */
    static String csv(Map<String, List<TimedValue>> series) {
        StringBuilder out = new StringBuilder("key,ts,value\r\n");
        series.forEach((key, points) -> points.forEach(point -> out.append(field(key))
                .append(',')
                .append(point.ts())
                .append(',')
                .append(field(text(point.value())))
                .append("\r\n")));
        return out.toString();
    }

    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
