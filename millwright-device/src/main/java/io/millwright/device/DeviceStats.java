package io.millwright.device;

/**
 * Counters of one device since it was built.
 *
 * @param connected whether the device has a live connection now
 * @param connections successful connections (the first one and every reconnect)
 * @param telemetryAcknowledged telemetry messages the server acknowledged
 * @param telemetryBuffered telemetry messages waiting in the offline buffer (including those in flight)
 * @param telemetryDropped telemetry messages evicted from the full buffer (drop-oldest) or refused by the server
 * @param commandsHandled commands answered (duplicates delivered again are not counted twice)
 */
public record DeviceStats(
        boolean connected,
        long connections,
        long telemetryAcknowledged,
        long telemetryBuffered,
        long telemetryDropped,
        long commandsHandled) {}
