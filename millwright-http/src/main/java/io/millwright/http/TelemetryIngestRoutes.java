package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.Principal;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.core.error.UnauthenticatedException;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.TelemetryService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Telemetry writes. The body is any shape {@link io.millwright.core.telemetry.TelemetryParser} accepts: {@code
 * {"temperature": 21.5}} (server time), {@code {"ts": 1732200000000, "values": {...}}} (device time, epoch ms) or an
 * array of either. A message is stored whole or not at all.
 *
 * <p>Answers: the device route 200 with an empty body (as ThingsBoard's device API), the application route 204; both
 * only once the points are committed and readable. The wait is a future ({@code ctx.future}), so no Jetty thread
 * blocks on the commit; the answer is written from the common fork-join pool, never from the ingest's writer thread. Errors: 400 malformed or invalid, 401 unknown device token or missing bearer token, 403 not an
 * operator, 404 unknown device, 413 too large, 429 ingest queue full, 503 storage failure.
 */
final class TelemetryIngestRoutes {

    private final TelemetryService telemetry;
    private final DeviceRegistry devices;

    TelemetryIngestRoutes(TelemetryService telemetry, DeviceRegistry devices) {
        this.telemetry = telemetry;
        this.devices = devices;
    }

    void register(RoutesConfig routes, RequestSupport support) {
        routes.post(TelemetryRoutes.DEVICE_TELEMETRY, ctx -> writeAsDevice(support, ctx));
        routes.post(TelemetryRoutes.TELEMETRY, ctx -> write(support, ctx));
    }

    private void writeAsDevice(RequestSupport support, Context ctx) {
        Principal.Device device = devices.authenticate(ctx.pathParam("deviceToken"))
                .map(d -> new Principal.Device(d.tenantId(), d.id(), d.name()))
                .orElseThrow(() -> new UnauthenticatedException("the device access token is not valid"));
        byte[] body = support.bodyBytes(ctx);
        CompletableFuture<DeviceTelemetry> committed = telemetry.writeAsDevice(device, body, true);
        ctx.future(() -> answer(committed, () -> ctx.status(200).result("")));
    }

    private void write(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        byte[] body = support.bodyBytes(ctx);
        CompletableFuture<DeviceTelemetry> committed = telemetry.write(user, ctx.pathParam("id"), body);
        ctx.future(() -> answer(committed, () -> ctx.status(204)));
    }

    /**
     * The future Javalin waits on, completing off the ingest's writer thread: Javalin writes the answer on the thread
     * that completes it, and the single writer must never wait on a client's socket. {@code handleAsync} hops for
     * failures too (a plain {@code thenAcceptAsync} would propagate them on the writer thread).
     */
    private static CompletableFuture<Void> answer(CompletableFuture<DeviceTelemetry> committed, Runnable onSuccess) {
        return committed.handleAsync((stored, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            onSuccess.run();
            return null;
        });
    }
}
