package io.millwright.core.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of live telemetry subscriptions ({@link TelemetryService#subscribe}).
 *
 * @param queueCapacity updates waiting for one subscriber at most; when a slow subscriber lags further, its oldest
 *     waiting updates are dropped (and counted), so one slow client costs bounded memory and never slows the others
 * @param heartbeat how often an idle subscriber receives a {@link LiveTelemetry.Heartbeat}; keep it below the idle
 *     timeouts of proxies (often 30-60 s) so streams survive quiet devices, and dead connections are noticed
 */
public record StreamConfig(int queueCapacity, Duration heartbeat) {

    public StreamConfig {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("telemetry.stream.queue-capacity must be at least 1");
        }
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "telemetry.stream.heartbeat must be at least 10ms (was " + heartbeat + ")");
        }
    }

    /** 1000 waiting updates per subscriber, a heartbeat every 15 s. */
    public static StreamConfig defaults() {
        return new StreamConfig(1000, Duration.ofSeconds(15));
    }
}
