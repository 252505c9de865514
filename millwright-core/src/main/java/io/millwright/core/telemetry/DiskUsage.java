package io.millwright.core.telemetry;

/**
 * Storage used by telemetry.
 *
 * @param telemetryBytes bytes of the telemetry tables and indexes (or the best estimate the backend has)
 * @param reclaimableBytes bytes that {@link TelemetryStore#reclaimSpace()} could give back to the file system
 */
public record DiskUsage(long telemetryBytes, long reclaimableBytes) {}
