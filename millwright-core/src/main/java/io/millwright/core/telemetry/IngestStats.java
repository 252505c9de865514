package io.millwright.core.telemetry;

/**
 * Counters of a {@link TelemetryIngest} since start.
 *
 * @param queuedPoints points waiting for commit now
 * @param committedPoints points committed
 * @param committedBatches transactions committed
 * @param droppedPoints non-durable (QoS 0) points dropped because the queue was saturated
 * @param rejectedPoints durable points refused because the queue was full
 * @param failedPoints points whose transaction failed
 * @param droppedNotifications listener notifications dropped because the listener queue was full
 * @param lastAppendNanos duration of the last transaction
 */
public record IngestStats(
        long queuedPoints,
        long committedPoints,
        long committedBatches,
        long droppedPoints,
        long rejectedPoints,
        long failedPoints,
        long droppedNotifications,
        long lastAppendNanos) {}
