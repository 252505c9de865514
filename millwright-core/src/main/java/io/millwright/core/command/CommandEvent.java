package io.millwright.core.command;

/** A committed change of a command, emitted after it is stored. */
public sealed interface CommandEvent permits CommandEvent.Created, CommandEvent.StatusChanged {

    /** The command as it is after the change. */
    Command command();

    /** A command was accepted and stored as {@link CommandStatus#QUEUED}. */
    record Created(Command command) implements CommandEvent {}

    /** A command moved from {@code from} to {@code command().status()}. */
    record StatusChanged(Command command, CommandStatus from, String detail) implements CommandEvent {}
}
