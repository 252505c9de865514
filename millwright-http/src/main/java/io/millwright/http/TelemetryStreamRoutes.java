package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.millwright.core.auth.Principal;
import io.millwright.core.telemetry.LiveTelemetry;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.telemetry.TelemetrySubscription;
import io.millwright.http.TelemetryJson.LiveView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live telemetry (viewer role), as committed after the stream opened; {@code ?keys=a,b} limits it to those keys.
 *
 * <ul>
 *   <li>{@code GET .../telemetry/stream}: Server-Sent Events. Each instant is {@code event: telemetry} with {@code
 *       data: {"ts": <epoch ms>, "values": {"<key>": <value>, ...}}}; an idle stream gets a {@code : heartbeat}
 *       comment every heartbeat interval, which keeps proxies from closing it and lets the server notice a client
 *       that went away (the write fails and the subscription is cancelled).
 *   <li>{@code GET .../telemetry/ws}: WebSocket; each instant is one JSON text frame of the same shape, and an idle
 *       connection gets pings. The subscription ends when either side closes.
 * </ul>
 *
 * <p>Both take the token as {@code Authorization: Bearer} or as {@code ?access_token=} (browsers' {@code EventSource}
 * and {@code WebSocket} cannot set headers). Authentication, role, device and {@code keys} are checked before the
 * stream starts or the WebSocket is upgraded, so a refusal is an ordinary problem answer (401, 403, 404, 400). A client
 * that reads too slowly loses the oldest waiting updates (see {@link TelemetrySubscription}); it is not disconnected.
 */
final class TelemetryStreamRoutes {

    static final String STREAM = TelemetryRoutes.TELEMETRY + "/stream";
    static final String WS = TelemetryRoutes.TELEMETRY + "/ws";
    private static final String USER = "millwright.telemetry.user";
    private static final String KEYS = "millwright.telemetry.keys";

    private final TelemetryService telemetry;
    /** Open WebSocket subscriptions by session id, to cancel them when the socket closes. */
    private final Map<String, TelemetrySubscription> sockets = new ConcurrentHashMap<>();

    TelemetryStreamRoutes(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    void register(RoutesConfig routes, RequestSupport support) {
        routes.get(STREAM, ctx -> sse(support, ctx));
        routes.wsBeforeUpgrade(WS, ctx -> beforeUpgrade(support, ctx));
        routes.ws(WS, ws -> webSocket(support, ws));
    }

    private void sse(RequestSupport support, Context ctx) throws IOException {
        Principal.User user = support.streamUser(ctx);
        List<String> keys = TelemetryParams.keys(ctx.queryParams("keys"));
        HttpServletResponse res = ctx.res();
        // Headers first: an update may be written by the delivery thread as soon as the subscription exists. If
        // subscribing fails, the problem answer replaces status and content type (nothing has been sent yet).
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        SseClient client = new SseClient(ctx);
        TelemetrySubscription subscription =
                telemetry.subscribe(user, ctx.pathParam("id"), keys, event -> send(support, client, event));
        client.onClose(subscription::close);
        synchronized (client) {
            res.flushBuffer();
        }
        client.keepAlive();
    }

    /** Writes one event; runs on the subscription's delivery thread, serially. */
    private static void send(RequestSupport support, SseClient client, LiveTelemetry event) {
        synchronized (client) {
            if (client.terminated()) {
                throw new IllegalStateException("the SSE client went away");
            }
            if (event instanceof LiveTelemetry.Update update) {
                client.sendEvent("telemetry", frame(support, update));
            } else {
                client.sendComment("heartbeat");
            }
        }
    }

    private void beforeUpgrade(RequestSupport support, Context ctx) {
        Principal.User user = support.streamUser(ctx);
        List<String> keys = TelemetryParams.keys(ctx.queryParams("keys"));
        telemetry.requireReadable(user, ctx.pathParam("id"));
        ctx.attribute(USER, user);
        ctx.attribute(KEYS, keys);
    }

    private void webSocket(RequestSupport support, WsConfig ws) {
        ws.onConnect(ctx -> {
            Principal.User user = ctx.attribute(USER);
            List<String> keys = ctx.attribute(KEYS);
            TelemetrySubscription subscription =
                    telemetry.subscribe(user, ctx.pathParam("id"), keys, event -> send(support, ctx, event));
            sockets.put(ctx.sessionId(), subscription);
        });
        ws.onClose(ctx -> cancel(ctx));
        ws.onError(ctx -> cancel(ctx));
    }

    private void cancel(WsContext ctx) {
        TelemetrySubscription subscription = sockets.remove(ctx.sessionId());
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Sends one frame; runs on the subscription's delivery thread, serially. */
    private void send(RequestSupport support, WsContext ctx, LiveTelemetry event) {
        if (!ctx.session.isOpen()) {
            cancel(ctx);
            return;
        }
        if (event instanceof LiveTelemetry.Update update) {
            ctx.send(frame(support, update));
        } else {
            ctx.sendPing();
        }
    }

    private static String frame(RequestSupport support, LiveTelemetry.Update update) {
        return new String(support.json().write(LiveView.of(update)), StandardCharsets.UTF_8);
    }
}
