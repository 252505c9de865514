package io.millwright.core.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millwright.core.Ids;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.common.Page;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.error.ConflictException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.event.Listeners;
import io.millwright.core.twin.JsonDocuments;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Commands (RPC) to devices: creation, queries, device results, and the lifecycle transitions the {@link
 * CommandDispatcher} drives. Operators create commands, viewers read them, a device answers its own. A device of
 * another tenant, and a command of another device, are reported as not found.
 *
 * <p>Every transition is a compare-and-set on the stored status ({@link CommandStore#transition}), so the service is
 * safe to call from any thread: when a result and a timeout race, exactly one is stored and emitted, the other is
 * refused. Events are emitted after the commit on the calling thread.
 */
public final class CommandService {

    private static final int MAX_LIST_LIMIT = 1000;

    private final CommandStore store;
    private final DeviceStore devices;
    private final CommandLimits limits;
    private final Clock clock;
    private final Listeners<CommandEvent> listeners = new Listeners<>();
    private final ConcurrentHashMap<String, List<CompletableFuture<Command>>> waiters = new ConcurrentHashMap<>();

    public CommandService(CommandStore store, DeviceStore devices, CommandLimits limits, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.devices = Objects.requireNonNull(devices);
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Registers a listener for created commands and every status change (live streams, audit, rules). */
    public Listeners.Registration addListener(Consumer<? super CommandEvent> listener) {
        return listeners.add(listener);
    }

    /**
     * Validates and stores a command as {@code QUEUED}; it is durable when this returns (so HTTP can answer 202). The
     * {@link CommandDispatcher} then delivers it if the device is connected.
     *
     * @throws InvalidInputException for a bad method name, TTL or timeout
     * @throws LimitExceededException SIZE for parameters over the limit, QUOTA when the device has too many unfinished
     *     commands
     */
    public Command create(Principal actor, String deviceId, CommandRequest request) {
        requireUser(actor, Role.OPERATOR);
        DeviceRef device = device(actor.tenantId(), deviceId);
        Validate.method(request.method());
        JsonNode params = request.params() == null ? JsonNodeFactory.instance.objectNode() : request.params();
        int bytes = JsonDocuments.byteSize(params);
        if (bytes > limits.maxParamsBytes()) {
            throw new LimitExceededException(
                    LimitExceededException.Kind.SIZE,
                    "params is " + bytes + " bytes; at most " + limits.maxParamsBytes() + " are allowed");
        }
        Duration ttl = Validate.seconds("ttlSeconds", request.ttlSeconds(), limits.defaultTtl(), limits.maxTtl());
        Duration timeout = Validate.seconds(
                "timeoutSeconds", request.timeoutSeconds(), limits.defaultTimeout(), limits.maxTimeout());
        if (store.countUnfinished(device.tenantId(), device.deviceId()) >= limits.maxUnfinishedPerDevice()) {
            throw new LimitExceededException(
                    LimitExceededException.Kind.QUOTA,
                    device.deviceName() + " already has " + limits.maxUnfinishedPerDevice() + " unfinished commands");
        }
        Command command = Command.queued(
                Ids.newId(), device, request.method(), params, request.oneway(), ttl, timeout, clock.instant());
        store.create(command);
        listeners.emit(new CommandEvent.Created(command));
        return command;
    }

    /** A command of the device; viewers and the device itself may read it. */
    public Command get(Principal actor, String deviceId, String commandId) {
        readable(actor, deviceId);
        return find(actor.tenantId(), deviceId, commandId);
    }

    /** Every transition of the command, oldest first. */
    public List<CommandTransition> history(Principal actor, String deviceId, String commandId) {
        readable(actor, deviceId);
        find(actor.tenantId(), deviceId, commandId);
        return store.history(actor.tenantId(), commandId);
    }

    /**
     * The device's commands, newest first.
     *
     * @param statuses only these statuses; empty for all
     * @param after the {@link Page#next()} cursor of the previous page, or {@code null}
     * @param limit 1 to 1,000
     */
    public Page<Command> list(Principal actor, String deviceId, Set<CommandStatus> statuses, String after, int limit) {
        readable(actor, deviceId);
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new InvalidInputException("limit", "limit must be 1-" + MAX_LIST_LIMIT + " (was " + limit + ")");
        }
        if (after != null && !after.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("after", "after must be a cursor from a previous page");
        }
        return store.list(actor.tenantId(), deviceId, Set.copyOf(statuses), after, limit);
    }

    /**
     * Records a device's result: {@code {"ok": true, "result": <any JSON>}} or {@code {"ok": false, "error":
     * "<message>"}}.
     *
     * @throws NotFoundException if the device has no such command
     * @throws ConflictException if the command cannot take a result (one-way, not sent yet, or already final, e.g.
     *     expired or timed out); nothing changes
     * @throws InvalidInputException if the result message is malformed
     */
    public Command completeFromDevice(Principal.Device device, String commandId, String resultJson) {
        JsonNode message = JsonDocuments.parseObject("result", resultJson, limits.maxResultBytes());
        JsonNode ok = message.get("ok");
        if (ok == null || !ok.isBoolean()) {
            throw new InvalidInputException("ok", "a command result needs \"ok\": true or false");
        }
        JsonNode error = message.get("error");
        if (!ok.booleanValue() && (error == null || !error.isTextual())) {
            throw new InvalidInputException("error", "a failed command result needs an \"error\" message");
        }
        CommandStatus outcome = ok.booleanValue() ? CommandStatus.SUCCEEDED : CommandStatus.FAILED;
        for (int attempt = 0; attempt < 3; attempt++) {
            Command current = find(device.tenantId(), device.deviceId(), commandId);
            if (current.oneway() || !current.canMoveTo(outcome)) {
                throw new ConflictException("command " + commandId + " is " + current.status()
                        + (current.oneway() ? " and one-way" : "") + "; it does not take a result");
            }
            JsonNode value = message.has("result") ? message.get("result") : JsonNodeFactory.instance.nullNode();
            Command next = ok.booleanValue()
                    ? current.succeeded(value, clock.instant())
                    : current.failed(error.textValue(), clock.instant());
            if (move(current, next, ok.booleanValue() ? null : error.textValue())) {
                return next;
            }
        }
        throw new ConflictException("command " + commandId + " is changing; retry");
    }

    /**
     * A future completed with the command once it is final, or with its state at the end of {@code wait}, whichever
     * comes first (HTTP {@code ?wait=10s}). Never completes exceptionally for a command that exists.
     *
     * @throws NotFoundException if the actor cannot see the command
     */
    public CompletableFuture<Command> awaitFinal(Principal actor, String deviceId, String commandId, Duration wait) {
        readable(actor, deviceId);
        String tenantId = actor.tenantId();
        CompletableFuture<Command> future = new CompletableFuture<>();
        waiters.computeIfAbsent(commandId, id -> new CopyOnWriteArrayList<>()).add(future);
        future.whenComplete((command, error) -> waiters.computeIfPresent(commandId, (id, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        }));
        Command current = find(tenantId, deviceId, commandId);
        if (current.isFinal() || wait.isZero() || wait.isNegative()) {
            future.complete(current);
            return future;
        }
        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    Command latest = current;
                    try {
                        latest = store.find(tenantId, commandId).orElse(current);
                    } catch (RuntimeException storeClosedOrFailing) {
                        // During shutdown the store may be closed: answer with the last state this call saw.
                    }
                    future.complete(latest);
                });
        return future;
    }

    /**
     * Moves {@code current} to {@code next} if the stored status is still {@code current.status()} and the lifecycle
     * allows it; stores the history entry, emits the event and completes waiters of a final command.
     *
     * @return whether the transition happened
     */
    boolean move(Command current, Command next, String detail) {
        if (!current.canMoveTo(next.status())) {
            return false;
        }
        if (!store.transition(next, current.status(), detail)) {
            return false;
        }
        listeners.emit(new CommandEvent.StatusChanged(next, current.status(), detail));
        if (next.isFinal()) {
            List<CompletableFuture<Command>> done = waiters.remove(next.id());
            if (done != null) {
                done.forEach(f -> f.complete(next));
            }
        }
        return true;
    }

    CommandStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    private Command find(String tenantId, String deviceId, String commandId) {
        return store.find(tenantId, commandId)
                .filter(c -> c.device().deviceId().equals(deviceId))
                .orElseThrow(() -> new NotFoundException("no command with id " + commandId));
    }

    private void readable(Principal actor, String deviceId) {
        if (actor instanceof Principal.Device device) {
            if (!device.deviceId().equals(deviceId)) {
                throw new NotFoundException("no device with id " + deviceId);
            }
            return;
        }
        requireUser(actor, Role.VIEWER);
        device(actor.tenantId(), deviceId);
    }

    private DeviceRef device(String tenantId, String deviceId) {
        return devices.findById(tenantId, deviceId)
                .map(DeviceRef::of)
                .orElseThrow(() -> new NotFoundException("no device with id " + deviceId));
    }

    private static void requireUser(Principal actor, Role role) {
        if (!(actor instanceof Principal.User user && user.has(role))) {
            throw new ForbiddenException("this action needs the " + role.wireName() + " role");
        }
    }

    /** Checks of request fields. */
    private static final class Validate {

        private Validate() {}

        static void method(String method) {
            if (method == null || !CommandLimits.METHOD.matcher(method).matches()) {
                throw new InvalidInputException(
                        "method", "method must be a letter followed by up to 63 of A-Z, a-z, 0-9, '.', '_' or '-'");
            }
        }

        static Duration seconds(String field, Integer seconds, Duration fallback, Duration max) {
            if (seconds == null) {
                return fallback;
            }
            if (seconds < 1 || seconds > max.toSeconds()) {
                throw new InvalidInputException(
                        field, field + " must be 1-" + max.toSeconds() + " (was " + seconds + ")");
            }
            return Duration.ofSeconds(seconds);
        }
    }
}
