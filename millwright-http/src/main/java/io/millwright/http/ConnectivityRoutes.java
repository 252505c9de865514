package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.Principal;
import io.millwright.core.common.Page;
import io.millwright.core.twin.connectivity.ConnectivityEvent;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.http.ConnectivityJson.ConnectivityView;
import io.millwright.http.ConnectivityJson.EventView;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Device connectivity over HTTP (viewer role):
 *
 * <pre>
 * GET /api/v1/devices/{id}/connectivity          online, last seen, last connection
 * GET /api/v1/devices/{id}/connectivity/events   connects and disconnects, newest first; ?from= &amp;to= &amp;limit= &amp;cursor=
 * </pre>
 *
 * <p>{@code from} (inclusive, default the epoch) and {@code to} (exclusive, default no bound) are epoch milliseconds
 * or ISO-8601 date-times with offset. {@code lastSeen} includes activity the service has not flushed to storage yet.
 */
public final class ConnectivityRoutes implements ApiRoutes {

    static final String CONNECTIVITY = DeviceRoutes.BASE + "/{id}/connectivity";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ConnectivityService connectivity;

    public ConnectivityRoutes(ConnectivityService connectivity) {
        this.connectivity = Objects.requireNonNull(connectivity);
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        routes.get(CONNECTIVITY, ctx -> state(support, ctx));
        routes.get(CONNECTIVITY + "/events", ctx -> events(support, ctx));
    }

    private void state(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        support.respond(ctx, 200, ConnectivityView.of(connectivity.state(user, ctx.pathParam("id"))));
    }

    private void events(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        Instant from = QueryValues.instant("from", ctx.queryParam("from"), Instant.EPOCH);
        Instant to = QueryValues.instant("to", ctx.queryParam("to"), QueryValues.latest());
        int limit = support.intQuery(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = QueryValues.cursor(ctx.queryParam("cursor"));
        Page<ConnectivityEvent> page = connectivity.events(user, ctx.pathParam("id"), from, to, cursor, limit);
        List<EventView> items = page.items().stream().map(EventView::of).toList();
        support.respond(ctx, 200, new ListView<>(items, page.next()));
    }
}
