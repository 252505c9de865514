package io.millwright.core.telemetry;

/**
 * Receives telemetry after it is committed (live streams, the broker's republish on {@code devices/{name}/telemetry},
 * rules). Called on the ingest's single listener thread, in commit order; a slow listener delays the others but never
 * the writer (notifications beyond the listener queue are dropped and counted).
 */
@FunctionalInterface
public interface TelemetryListener {

    void onTelemetry(DeviceTelemetry committed);
}
