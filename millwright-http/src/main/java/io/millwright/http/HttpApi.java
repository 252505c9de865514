package io.millwright.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.websocket.WsHandlerEntry;
import io.javalin.websocket.WsHandlerType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.millwright.core.auth.AuthService;
import io.millwright.core.device.DeviceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The REST API server (Javalin on Jetty). Assembles the route groups, one JSON configuration, problem answers for
 * every failure, and request metrics.
 *
 * <p>Request handling, in order: Javalin matches the route (unknown path: 404, known path with another method: 405);
 * the handler authenticates the bearer token, reads the body through the size limit and strict JSON parsing, and calls
 * the domain; whatever it throws is answered as {@code application/problem+json} by {@link Problems}; finally {@link
 * HttpMetrics} records the request under its route template. Validation happens before any domain write, so a rejected
 * request changes nothing.
 *
 * <p>Handlers run on Jetty's thread pool and share no mutable state; the domain services are thread-safe.
 */
public final class HttpApi {

    private final HttpConfig config;
    private final Javalin app;
    private boolean started;

    /** The API with the built-in route groups (system, auth, devices). */
    public HttpApi(
            AuthService auth,
            DeviceRegistry devices,
            PrometheusMeterRegistry metrics,
            HttpConfig config,
            Readiness readiness) {
        this(auth, devices, metrics, config, readiness, List.of());
    }

    /**
     * The API with the built-in route groups plus {@code extraRoutes} (telemetry, twins, commands, ...).
     *
     * @param metrics receives the request timers and is exposed at {@code /metrics}
     * @param readiness consulted by {@code /readyz} on every probe
     */
    public HttpApi(
            AuthService auth,
            DeviceRegistry devices,
            PrometheusMeterRegistry metrics,
            HttpConfig config,
            Readiness readiness,
            List<ApiRoutes> extraRoutes) {
        Objects.requireNonNull(auth);
        Objects.requireNonNull(devices);
        Objects.requireNonNull(metrics);
        this.config = Objects.requireNonNull(config);
        Objects.requireNonNull(readiness);
        List<ApiRoutes> groups = new ArrayList<>();
        groups.add(new SystemRoutes(readiness, metrics));
        groups.add(new AuthRoutes(auth));
        groups.add(new DeviceRoutes(devices));
        groups.addAll(extraRoutes);

        Json json = new Json();
        RequestSupport support = new RequestSupport(auth, json, config.maxRequestBodyBytes());
        Problems problems = new Problems(json);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrorHandler(json)));
            cfg.http.maxRequestSize = config.maxRequestBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(json.mapper(), false));
            cfg.requestLogger.http(new HttpMetrics(metrics));
            cfg.routes.exception(HttpResponseException.class, problems::handle);
            cfg.routes.exception(Exception.class, problems::handle);
            groups.forEach(group -> group.register(cfg.routes, support));
        });
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port (the ephemeral one when configured with port 0)
     * @throws IllegalStateException if already started
     */
    public synchronized int start() {
        if (started) {
            throw new IllegalStateException("the HTTP API is already started");
        }
        app.start();
        started = true;
        return app.port();
    }

    /** Stops serving and releases the port; in-flight requests are given Jetty's graceful stop. Idempotent. */
    public synchronized void stop() {
        if (started) {
            app.stop();
            started = false;
        }
    }

    /** The configuration this API was built with. */
    public HttpConfig config() {
        return config;
    }

    /** Every registered HTTP route as {@code "METHOD /path/{param}"}, e.g. {@code "GET /api/v1/devices/{id}"}. */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(HttpApi::describe)
                .toList();
    }

    /**
     * Every registered WebSocket route as its path, e.g. {@code "/api/v1/devices/{id}/telemetry/ws"}. They are not in
     * {@link #routes()}: OpenAPI has no WebSocket operations, so {@code openapi.json} describes them under {@code
     * x-websocket}.
     */
    public List<String> webSocketRoutes() {
        return app.unsafe.internalRouter.allWsHandlers().stream()
                .filter(entry -> entry.getType() == WsHandlerType.WEBSOCKET)
                .map(WsHandlerEntry::getPath)
                .toList();
    }

    private static String describe(Endpoint endpoint) {
        return endpoint.method.name().toUpperCase(Locale.ROOT) + " " + endpoint.path;
    }
}
