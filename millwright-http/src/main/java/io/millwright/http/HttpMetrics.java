package io.millwright.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Records one {@value #TIMER} timer sample per request (Prometheus: {@code http_server_requests_seconds_count},
 * {@code _sum}, {@code _max}), tagged by method, route template, status and outcome. The {@code uri} tag is the
 * matched route template ({@code /api/v1/devices/{id}}), never the raw path, so ids cannot explode cardinality;
 * unmatched requests share {@code NOT_FOUND} or {@code UNMATCHED}.
 */
final class HttpMetrics implements RequestLogger {

    static final String TIMER = "http.server.requests";

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        int status = ctx.statusCode();
        String uri = endpoint != null ? endpoint.path : status == 404 ? "NOT_FOUND" : "UNMATCHED";
        Timer.builder(TIMER)
                .description("HTTP API requests")
                .tag("method", ctx.method().name())
                .tag("uri", uri)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record((long) (executionTimeMs * 1_000_000.0), TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return "SUCCESS";
    }
}
