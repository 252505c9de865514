package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.Principal;
import io.millwright.core.common.Page;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.telemetry.AggregateQuery;
import io.millwright.core.telemetry.Aggregation;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.Order;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.telemetry.TimeRange;
import io.millwright.http.TelemetryJson.PointView;
import io.millwright.http.TelemetryJson.SeriesView;
import io.millwright.http.TelemetryJson.TimedValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Telemetry reads (viewer role).
 *
 * <p>{@code GET .../telemetry/latest?keys=a,b}: {@code {"<key>": {"ts": <epoch ms>, "value": <value>}}}, the newest
 * point (by time) of each key; every key when {@code keys} is absent; keys without data are left out.
 *
 * <p>{@code GET .../telemetry?keys=&from=&to=&limit=&order=&cursor=}: raw points in (time, key) order, {@code limit}
 * (1-{@value RawQuery#MAX_LIMIT}, default {@value TelemetryParams#DEFAULT_LIMIT}) per page, {@code order} {@code asc}
 * (default) or {@code desc}; {@code next} is the cursor of the following page, {@code null} on the last. With {@code
 * agg=avg|min|max|sum|count} and optionally {@code interval=1m}: aggregates per bucket, aligned to multiples of the interval since the epoch, with
 * the bucket start as {@code ts}; without {@code interval} one bucket covers the range; {@code count} counts stored
 * points of any type, the others use numbers and booleans. Both answer {@code {"series": {"<key>": [{"ts", "value"},
 * ...]}, "next": ...}}, or CSV ({@code key,ts,value}) for {@code Accept: text/csv}, with the next page in a {@code
 * Link: <...>; rel="next"} header.
 *
 * <p>Parameters: {@code keys} absent means every key the device has data for (at most {@value RawQuery#MAX_KEYS});
 * {@code from}/{@code to} are epoch milliseconds or ISO-8601 with offset, {@code from} inclusive (default: 24 h
 * before {@code to}), {@code to} exclusive (default: now, inclusive). Each bad parameter is a 400 naming it.
 */
final class TelemetryQueryRoutes {

    static final String CSV = "text/csv";

    private final TelemetryService telemetry;
    private final Clock clock;

    TelemetryQueryRoutes(TelemetryService telemetry, Clock clock) {
        this.telemetry = telemetry;
        this.clock = clock;
    }

    void register(RoutesConfig routes, RequestSupport support) {
        routes.get(TelemetryRoutes.TELEMETRY + "/latest", ctx -> latest(support, ctx));
        routes.get(TelemetryRoutes.TELEMETRY, ctx -> series(support, ctx));
    }

    private void latest(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        List<String> keys = TelemetryParams.keys(ctx.queryParams("keys"));
        Map<String, PointView> latest = new LinkedHashMap<>();
        telemetry.latest(user, ctx.pathParam("id"), keys).forEach((key, point) -> latest.put(key, PointView.of(point)));
        support.respond(ctx, 200, latest);
    }

    private void series(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        String deviceId = ctx.pathParam("id");
        List<String> keys = TelemetryParams.keys(ctx.queryParams("keys"));
        TimeRange range = TelemetryParams.range(ctx, clock);
        String agg = ctx.queryParam("agg");
        Duration interval = TelemetryParams.interval(ctx.queryParam("interval"));
        Map<String, List<TimedValue>> series;
        String next = null;
        if (agg != null) {
            Aggregation function = Aggregation.parse(agg);
            TelemetryParams.rejectWithAggregation(ctx);
            keys = keys.isEmpty() ? allKeys(user, deviceId) : keys;
            series = keys.isEmpty() ? Map.of() : aggregate(user, deviceId, keys, range, function, interval);
        } else {
            if (interval != null) {
                throw new InvalidInputException("interval", "interval needs agg (avg, min, max, sum or count)");
            }
            int limit = support.intQuery(ctx, "limit", TelemetryParams.DEFAULT_LIMIT, 1, RawQuery.MAX_LIMIT);
            Order order = TelemetryParams.order(ctx.queryParam("order"));
            String cursor = TelemetryParams.decodeCursor(ctx.queryParam("cursor"));
            keys = keys.isEmpty() ? allKeys(user, deviceId) : keys;
            series = new LinkedHashMap<>();
            if (!keys.isEmpty()) {
                Page<TelemetryPoint> page =
                        telemetry.query(user, deviceId, new RawQuery(keys, range, limit, order, cursor));
                next = TelemetryParams.encodeCursor(page.next());
                keys.forEach(key -> series.put(key, new ArrayList<>()));
                page.items().forEach(point -> series.get(point.key()).add(TimedValue.of(point)));
            }
        }
        if (wantsCsv(ctx)) {
            if (next != null) {
                ctx.header("Link", "<" + nextLink(ctx, next) + ">; rel=\"next\"");
            }
            ctx.status(200).contentType(CSV + "; charset=utf-8").result(TelemetryJson.csv(series));
        } else {
            support.respond(ctx, 200, SeriesView.of(series, next));
        }
    }

    private Map<String, List<TimedValue>> aggregate(
            Principal.User user,
            String deviceId,
            List<String> keys,
            TimeRange range,
            Aggregation function,
            Duration interval) {
        AggregateQuery query = new AggregateQuery(keys, range, function, interval);
        Map<String, List<Bucket>> buckets = telemetry.aggregate(user, deviceId, query);
        Map<String, List<TimedValue>> series = new LinkedHashMap<>();
        for (String key : keys) {
            series.put(
                    key,
                    buckets.getOrDefault(key, List.of()).stream()
                            .map(bucket -> TimedValue.of(bucket, function))
                            .toList());
        }
        return series;
    }

    private List<String> allKeys(Principal.User user, String deviceId) {
        List<String> keys = List.copyOf(telemetry.keys(user, deviceId));
        if (keys.size() > RawQuery.MAX_KEYS) {
            throw new InvalidInputException(
                    "keys",
                    "the device has " + keys.size() + " keys; name at most " + RawQuery.MAX_KEYS
                            + " of them with keys=");
        }
        return keys;
    }

    private static boolean wantsCsv(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(CSV);
    }

    private static String nextLink(Context ctx, String next) {
        StringBuilder link = new StringBuilder(ctx.path()).append('?');
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("cursor")) {
                values.forEach(value -> link.append(encode(name))
                        .append('=')
                        .append(encode(value))
                        .append('&'));
            }
        });
        return link.append("cursor=").append(next).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
