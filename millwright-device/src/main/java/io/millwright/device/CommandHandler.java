package io.millwright.device;

/**
 * Handles one command method. The returned value (anything Jackson can write, or {@code null}) is answered as
 * {@code {"ok": true, "result": value}}; a thrown exception as {@code {"ok": false, "error": message}}.
 *
 * <p>Handlers run on the device's callback thread, one at a time and in arrival order; a long-running handler delays the
 * device's other callbacks (desired updates, later commands) but never its telemetry.
 */
@FunctionalInterface
public interface CommandHandler {

    Object handle(Command command) throws Exception;
}
