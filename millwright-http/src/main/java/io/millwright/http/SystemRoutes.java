package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * Operational routes, open without authentication so that orchestrators and scrapers need no credentials:
 *
 * <pre>
 * GET /healthz               liveness: 200 while the process serves requests
 * GET /readyz                readiness: 200 when {@link Readiness} says so, else 503
 * GET /metrics               Prometheus text exposition of the whole registry
 * GET /api/v1/openapi.json   the OpenAPI 3.1 description of this API
 * </pre>
 */
final class SystemRoutes implements ApiRoutes {

    static final String OPENAPI_RESOURCE = "openapi.json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;
    private final byte[] openApi;

    SystemRoutes(Readiness readiness, PrometheusMeterRegistry registry) {
        this.readiness = Objects.requireNonNull(readiness);
        this.registry = Objects.requireNonNull(registry);
        this.openApi = loadOpenApi();
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        routes.get("/healthz", ctx -> support.respond(ctx, 200, Map.of("status", "UP")));
        routes.get("/readyz", ctx -> ready(support, ctx));
        routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
        routes.get(
                "/api/v1/openapi.json",
                ctx -> ctx.contentType("application/json").result(openApi));
    }

    private void ready(RequestSupport support, Context ctx) {
        if (readiness.isReady()) {
            support.respond(ctx, 200, Map.of("status", "UP"));
        } else {
            support.problem(ctx, Problem.of(ProblemType.UNAVAILABLE, readiness.reason(), ctx.path()));
        }
    }

    /** The OpenAPI document, a resource beside this class. */
    static byte[] loadOpenApi() {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
