package io.millwright.core.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a command is in its lifecycle.
 *
 * <pre>
 * QUEUED ──send──▶ SENT ──PUBACK──▶ DELIVERED ──result──▶ SUCCEEDED | FAILED
 *   │  ▲            │ │                  │
 *   │  └─ack failed─┘ └─result───────────┼──────────────▶ SUCCEEDED | FAILED
 *   │                 └─timeout─────────▶ TIMED_OUT ◀────┘ (timeout)
 *   └─ttl passed──▶ EXPIRED
 * </pre>
 *
 * A one-way command ends at {@link #DELIVERED}. A result may arrive while the command is still {@link #SENT}, because
 * the device can answer before its PUBACK is processed. A failed delivery returns the command to {@link #QUEUED} for
 * another attempt, so delivery is at least once and devices should ignore a command id they have already executed.
 */
public enum CommandStatus {
    QUEUED,
    SENT,
    DELIVERED,
    SUCCEEDED,
    FAILED,
    EXPIRED,
    TIMED_OUT;

    /** No transition leaves a terminal status. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == EXPIRED || this == TIMED_OUT;
    }

    /** Whether the lifecycle allows moving from this status to {@code next}. */
    public boolean canMoveTo(CommandStatus next) {
        return successors().contains(next);
    }

    private Set<CommandStatus> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(SENT, EXPIRED);
            case SENT -> EnumSet.of(DELIVERED, QUEUED, SUCCEEDED, FAILED, TIMED_OUT);
            case DELIVERED -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT);
            case SUCCEEDED, FAILED, EXPIRED, TIMED_OUT -> EnumSet.noneOf(CommandStatus.class);
        };
    }
}
