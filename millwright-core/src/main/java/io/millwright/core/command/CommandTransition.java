package io.millwright.core.command;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a command's history.
 *
 * @param detail why the transition happened when that is not obvious (a delivery error, a device's error), or {@code
 *     null}
 */
public record CommandTransition(CommandStatus status, Instant at, String detail) {

    public CommandTransition {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
