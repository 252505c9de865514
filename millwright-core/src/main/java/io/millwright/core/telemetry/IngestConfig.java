package io.millwright.core.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * Group-commit settings of {@link TelemetryIngest}.
 *
 * @param queueCapacityPoints points waiting for commit at most; a durable submission beyond it is refused with a
 *     quota error (MQTT 0x97, HTTP 429)
 * @param maxBatchPoints points per transaction at most; larger batches amortise the commit (and its fsync) better but
 *     hold the write lock longer
 * @param maxDelay how long the writer waits for more submissions after the first one of a batch arrived, when the
 *     queue holds fewer than {@code maxBatchPoints}; zero commits whatever is queued at once. A few milliseconds let
 *     many devices share one commit at moderate load without adding noticeable latency
 * @param highWatermark fraction of the capacity at which the ingest reports saturation (a metric) and
 *     non-durable (QoS 0) submissions are dropped
 * @param lowWatermark fraction of the capacity below which saturation ends
 * @param listenerQueue committed submissions waiting for {@link TelemetryListener}s at most
 */
public record IngestConfig(
        int queueCapacityPoints,
        int maxBatchPoints,
        Duration maxDelay,
        double highWatermark,
        double lowWatermark,
        int listenerQueue) {

    public IngestConfig {
        if (queueCapacityPoints < 1) {
            throw new IllegalArgumentException("telemetry.ingest.queue-capacity must be at least 1");
        }
        if (maxBatchPoints < 1) {
            throw new IllegalArgumentException("telemetry.ingest.max-batch-points must be at least 1");
        }
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("telemetry.ingest.max-delay must be 0 to 1s (was " + maxDelay + ")");
        }
        if (!(lowWatermark > 0 && lowWatermark < highWatermark && highWatermark <= 1)) {
            throw new IllegalArgumentException("telemetry.ingest watermarks need 0 < low < high <= 1");
        }
        if (listenerQueue < 1) {
            throw new IllegalArgumentException("telemetry.ingest.listener-queue must be at least 1");
        }
    }

    /** 200,000 queued points, 20,000 per commit, 2 ms delay, watermarks 80 % / 50 %, 8192 queued notifications. */
    public static IngestConfig defaults() {
        return new IngestConfig(200_000, 20_000, Duration.ofMillis(2), 0.8, 0.5, 8192);
    }
}
