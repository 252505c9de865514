package io.millwright.core.telemetry;

/**
 * Telemetry could not be stored for a reason that is not the sender's fault (disk full, I/O error, shutdown).
 * Transports answer it as a server failure (HTTP 503, MQTT 0x80) and never as a success.
 */
public final class TelemetryStorageException extends RuntimeException {

    public TelemetryStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
