package io.millwright.core.command;

import io.millwright.core.common.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of commands and their history. Every method is durable when it returns and implementations are
 * thread-safe. Status changes are compare-and-set on the stored status, so two actors racing (a result arriving as
 * the timeout fires) cannot both win. Commands disappear with their device.
 */
public interface CommandStore {

    /** Stores a new command and its first history entry ({@code QUEUED} at its creation time). */
    void create(Command command);

    Optional<Command> find(String tenantId, String commandId);

    /**
     * Replaces the command with {@code next} and appends the history entry {@code (next.status(), next.updatedAt(),
     * detail)}, if the stored status is still {@code expected}.
     *
     * @return whether it was stored
     */
    boolean transition(Command next, CommandStatus expected, String detail);

    /** The command's history, oldest first; empty if there is no such command in the tenant. */
    List<CommandTransition> history(String tenantId, String commandId);

    /**
     * A device's commands, newest first.
     *
     * @param statuses only these statuses; empty for all
     * @param after the cursor of the previous page, or {@code null}
     * @param limit page size, at least 1
     */
    Page<Command> list(String tenantId, String deviceId, Set<CommandStatus> statuses, String after, int limit);

    /** A device's {@code QUEUED} commands in creation order: the order they are delivered in. */
    List<Command> queued(String tenantId, String deviceId);

    /** Every command that is not final (see {@link Command#isFinal()}), in creation order; read on start. */
    List<Command> unfinished();

    /**
     * Commands whose clock ran out at {@code now}: {@code QUEUED} ones past {@link Command#expiresAt()} and unfinished
     * {@code SENT} or {@code DELIVERED} ones past {@link Command#deadlineAt()}.
     */
    List<Command> due(Instant now);

    /** How many of the device's commands are not final. */
    int countUnfinished(String tenantId, String deviceId);
}
