package io.millwright.simulator.platform;

/** The simulation cannot start: the message says what failed and what to check, for the console as is. */
public final class SetupException extends Exception {

    private static final long serialVersionUID = 1L;

    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
