package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.core.telemetry.TelemetryService;
import java.time.Clock;
import java.util.Objects;

/**
 * Telemetry over HTTP: ingest, queries and live streams.
 *
 * <pre>
 * POST /api/v1/{deviceToken}/telemetry                 device write, ThingsBoard-compatible (token in the path); 200
 * POST /api/v1/devices/{id}/telemetry                  application write (operator); 204
 * GET  /api/v1/devices/{id}/telemetry/latest           newest value per key (viewer); ?keys=
 * GET  /api/v1/devices/{id}/telemetry                  raw points or aggregates (viewer); JSON or CSV
 * GET  /api/v1/devices/{id}/telemetry/stream           live, Server-Sent Events (viewer)
 * GET  /api/v1/devices/{id}/telemetry/ws               live, WebSocket (viewer)
 * </pre>
 *
 * <p>Writes answer only after the points are committed, without holding a Jetty thread while they wait. See {@link
 * TelemetryIngestRoutes}, {@link TelemetryQueryRoutes} and {@link TelemetryStreamRoutes} for each part's contract.
 *
 * <p>The device route's first segment is a variable, but Javalin matches literal segments of other routes by their
 * whole path ({@code /api/v1/devices/{id}/telemetry} has one segment more), so it shadows nothing: a device token
 * never equals the name of an API collection ({@code devices}, {@code tokens}, {@code users}), because device tokens
 * start with {@code mwd_}.
 */
public final class TelemetryRoutes implements ApiRoutes {

    static final String DEVICE_TELEMETRY = "/api/v1/{deviceToken}/telemetry";
    static final String TELEMETRY = DeviceRoutes.BASE + "/{id}/telemetry";

    private final TelemetryIngestRoutes ingest;
    private final TelemetryQueryRoutes queries;
    private final TelemetryStreamRoutes streams;

    /** The routes over {@code telemetry}; {@code devices} authenticates the device tokens of the device route. */
    public TelemetryRoutes(TelemetryService telemetry, DeviceRegistry devices) {
        this(telemetry, devices, Clock.systemUTC());
    }

    /** As {@link #TelemetryRoutes(TelemetryService, DeviceRegistry)}, with the clock that defines "now" in queries. */
    public TelemetryRoutes(TelemetryService telemetry, DeviceRegistry devices, Clock clock) {
        Objects.requireNonNull(telemetry);
        this.ingest = new TelemetryIngestRoutes(telemetry, Objects.requireNonNull(devices));
        this.queries = new TelemetryQueryRoutes(telemetry, Objects.requireNonNull(clock));
        this.streams = new TelemetryStreamRoutes(telemetry);
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        ingest.register(routes, support);
        queries.register(routes, support);
        streams.register(routes, support);
    }
}
