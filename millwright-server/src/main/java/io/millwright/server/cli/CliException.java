package io.millwright.server.cli;

/** A command failed in a way the user can act on; printed as one line without a stack trace. */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message, null, false, false);
    }
}
