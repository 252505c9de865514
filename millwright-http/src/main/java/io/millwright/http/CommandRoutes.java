package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.Principal;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandService;
import io.millwright.core.command.CommandStatus;
import io.millwright.core.common.Page;
import io.millwright.core.error.InvalidInputException;
import io.millwright.http.CommandJson.CommandView;
import io.millwright.http.CommandJson.CreateCommandRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Commands (RPC) to devices over HTTP:
 *
 * <pre>
 * POST /api/v1/devices/{id}/commands         queue a command (operator); 202 with Location, or ?wait=10s
 * GET  /api/v1/devices/{id}/commands         newest first; ?status=QUEUED,SENT &amp;limit= &amp;cursor=
 * GET  /api/v1/devices/{id}/commands/{cid}   one command with its history
 * </pre>
 *
 * <p>A command is durable when the POST answers 202; delivery is asynchronous. With {@code ?wait=} (seconds, or with
 * a unit: {@code 500ms}, {@code 10s}, {@code 1m}; at most {@value #MAX_WAIT_SECONDS}s) the answer is held until the
 * command is final ({@link Command#isFinal()}: SUCCEEDED, FAILED, EXPIRED, TIMED_OUT, or DELIVERED for a one-way
 * command), then 200 with the final command; if the wait ends first, 202 with the command as it is then. The wait
 * holds no request thread: it is a future completed by the {@link CommandService}. The query string is validated
 * before anything is stored, so a bad {@code wait} queues nothing.
 */
public final class CommandRoutes implements ApiRoutes {

    static final String COMMANDS = DeviceRoutes.BASE + "/{id}/commands";
    static final int MAX_WAIT_SECONDS = 60;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Duration MAX_WAIT = Duration.ofSeconds(MAX_WAIT_SECONDS);

    private final CommandService commands;

    public CommandRoutes(CommandService commands) {
        this.commands = Objects.requireNonNull(commands);
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        routes.post(COMMANDS, ctx -> create(support, ctx));
        routes.get(COMMANDS, ctx -> list(support, ctx));
        routes.get(COMMANDS + "/{cid}", ctx -> get(support, ctx));
    }

    private void create(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        Duration wait = QueryValues.duration("wait", ctx.queryParam("wait"), MAX_WAIT);
        CreateCommandRequest request = support.body(ctx, CreateCommandRequest.class);
        String deviceId = ctx.pathParam("id");
        Command created = commands.create(user, deviceId, request.toRequest());
        ctx.header("Location", DeviceRoutes.BASE + "/" + deviceId + "/commands/" + created.id());
        if (wait == null) {
            support.respond(ctx, 202, CommandView.of(created));
            return;
        }
        ctx.future(() -> commands.awaitFinal(user, deviceId, created.id(), wait)
                .thenAccept(command -> support.respond(ctx, command.isFinal() ? 200 : 202, CommandView.of(command))));
    }

    private void list(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        Set<CommandStatus> statuses = statuses(ctx.queryParams("status"));
        int limit = support.intQuery(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = QueryValues.cursor(ctx.queryParam("cursor"));
        Page<Command> page = commands.list(user, ctx.pathParam("id"), statuses, cursor, limit);
        List<CommandView> items = page.items().stream().map(CommandView::of).toList();
        support.respond(ctx, 200, new ListView<>(items, page.next()));
    }

    private void get(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        String deviceId = ctx.pathParam("id");
        String commandId = ctx.pathParam("cid");
        Command command = commands.get(user, deviceId, commandId);
        support.respond(ctx, 200, CommandView.of(command, commands.history(user, deviceId, commandId)));
    }

    /**
     * The {@code status} filter: comma-separated and/or repeated, case-insensitive; empty means every status.
     *
     * @throws InvalidInputException naming {@code status} for an unknown status
     */
    static Set<CommandStatus> statuses(List<String> params) {
        Set<CommandStatus> statuses = EnumSet.noneOf(CommandStatus.class);
        for (String param : params) {
            for (String name : param.split(",", -1)) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    statuses.add(CommandStatus.valueOf(trimmed.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(
                            "status",
                            "status must be one or more of " + List.of(CommandStatus.values()) + " (was '" + trimmed
                                    + "')");
                }
            }
        }
        return statuses;
    }
}
