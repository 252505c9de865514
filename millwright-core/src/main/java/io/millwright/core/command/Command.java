package io.millwright.core.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.event.DeviceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A remote procedure call to one device, as stored. Immutable; each lifecycle step makes a new value.
 *
 * @param params the call's parameters (any JSON value)
 * @param oneway the device sends no result; the command ends when delivered
 * @param ttl how long the command may wait for delivery; {@link #expiresAt} is {@code createdAt + ttl}
 * @param timeout how long after sending the device has to acknowledge and answer; {@link #deadlineAt} is {@code sentAt +
 *     timeout}
 * @param sentAt when it was last sent, or {@code null} while never sent
 * @param deadlineAt when an unanswered sent command times out, or {@code null} while never sent
 * @param result the device's result of a {@link CommandStatus#SUCCEEDED} command, else {@code null}
 * @param error the device's error of a {@link CommandStatus#FAILED} command, else {@code null}
 */
public record Command(
        String id,
        DeviceRef device,
        String method,
        JsonNode params,
        boolean oneway,
        Duration ttl,
        Duration timeout,
        CommandStatus status,
        Instant createdAt,
        Instant expiresAt,
        Instant sentAt,
        Instant deadlineAt,
        Instant updatedAt,
        JsonNode result,
        String error) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(method, "method");
        params = Objects.requireNonNull(params, "params").deepCopy();
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        result = result == null ? null : result.deepCopy();
    }

    /** A new command, queued at {@code at}. */
    public static Command queued(
            String id,
            DeviceRef device,
            String method,
            JsonNode params,
            boolean oneway,
            Duration ttl,
            Duration timeout,
            Instant at) {
        return new Command(
                id,
                device,
                method,
                params,
                oneway,
                ttl,
                timeout,
                CommandStatus.QUEUED,
                at,
                at.plus(ttl),
                null,
                null,
                at,
                null,
                null);
    }

    @Override
    public JsonNode params() {
        return params.deepCopy();
    }

    @Override
    public JsonNode result() {
        return result == null ? null : result.deepCopy();
    }

    /** Whether the command has ended: a terminal status, or a one-way command that was delivered. */
    public boolean isFinal() {
        return status.isTerminal() || (oneway && status == CommandStatus.DELIVERED);
    }

    /** Whether the lifecycle allows this command to move to {@code next}; nothing leaves a final command. */
    public boolean canMoveTo(CommandStatus next) {
        return !isFinal() && status.canMoveTo(next);
    }

    Command sent(Instant at) {
        return with(CommandStatus.SENT, at, at, at.plus(timeout), null, null);
    }

    Command moved(CommandStatus next, Instant at) {
        return with(next, at, sentAt, deadlineAt, null, null);
    }

    Command succeeded(JsonNode value, Instant at) {
        return with(CommandStatus.SUCCEEDED, at, sentAt, deadlineAt, value, null);
    }

    Command failed(String message, Instant at) {
        return with(CommandStatus.FAILED, at, sentAt, deadlineAt, null, message);
    }

    private Command with(
            CommandStatus next, Instant at, Instant sent, Instant deadline, JsonNode value, String message) {
        return new Command(
                id, device, method, params, oneway, ttl, timeout, next, createdAt, expiresAt, sent, deadline, at, value,
                message);
    }
}
