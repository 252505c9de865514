package io.millwright.mqtt.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.telemetry.TelemetryStorageException;
import io.millwright.mqtt.PublishOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry from devices over MQTT: {@code devices/N/telemetry} and the ThingsBoard form {@code v1/devices/me/telemetry}.
 *
 * <p>The payload is parsed on the event loop (bounded by the payload limits, microseconds) and handed to the group-commit
 * ingest; the PUBACK/PUBREC is sent only when the points are committed, so an acknowledged point is durable. A bad
 * message is refused whole: MQTT 5 gets PUBACK 0x99 (payload format invalid) or 0x97 (quota exceeded) with a reason
 * string; MQTT 3.1.1, which cannot refuse, gets its acknowledgement, the message is dropped, counted in
 * {@code telemetry.messages.rejected} and logged with the device name, at most once per {@link #LOG_INTERVAL_MILLIS}.
 * The connection stays up either way. QoS 0 points are stored too, but may be dropped when ingest is saturated.
 *
 * <p>A valid message that cannot be stored now (ingest queue full, storage failing, e.g. a full disk) is never
 * acknowledged as stored: MQTT 5 gets 0x97 (queue full) or 0x80 (storage failure) with a reason string and keeps its
 * connection; MQTT 3.1.1 QoS 1/2 gets no acknowledgement, the connection is closed and the client sends it again.
 *
 * <p>Committed points reach subscribers through {@link TelemetryRepublisher}, in one shape whatever the source.
 */
final class TelemetryTopics implements DeviceTopicHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryTopics.class);
    static final long LOG_INTERVAL_MILLIS = 10_000;

    private final TelemetryService telemetry;
    private final Counter rejectedV5;
    private final Counter rejectedV3;
    private final AtomicLong lastLog = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();

    TelemetryTopics(TelemetryService telemetry, MeterRegistry meters) {
        this.telemetry = telemetry;
        this.rejectedV5 = Counter.builder("telemetry.messages.rejected")
                .tag("protocol", "mqtt5")
                .description("Telemetry messages refused whole (invalid or over a limit)")
                .register(meters);
        this.rejectedV3 = Counter.builder("telemetry.messages.rejected")
                .tag("protocol", "mqtt3")
                .description("Telemetry messages refused whole (invalid or over a limit)")
                .register(meters);
    }

    @Override
    public CompletionStage<PublishOutcome> handle(DevicePublish p) {
        boolean durable = p.publish().qos() > 0;
        CompletableFuture<?> stored;
        try {
            stored = telemetry.writeAsDevice(p.device(), p.publish().payload(), durable);
        } catch (InvalidInputException | LimitExceededException e) {
            return CompletableFuture.completedFuture(refuse(p, e));
        }
        return stored.handle((ok, error) -> {
            if (error == null) {
                return PublishOutcome.accepted();
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (durable && !p.publish().isV5()) {
                // not stored for now (ingest full, storage failing): close unacknowledged so that the client resends
                throw new CompletionException(cause);
            }
            if (cause instanceof LimitExceededException limit) {
                return refuse(p, limit);
            }
            if (cause instanceof TelemetryStorageException && p.publish().isV5()) {
                return PublishOutcome.failed(0x80, cause.getMessage() + "; nothing of this message was stored");
            }
            throw new CompletionException(cause);
        });
    }

    private PublishOutcome refuse(DevicePublish p, RuntimeException e) {
        boolean v5 = p.publish().isV5();
        (v5 ? rejectedV5 : rejectedV3).increment();
        if (!v5) {
            logRateLimited(p, e);
        }
        int code = e instanceof InvalidInputException ? 0x99 : 0x97;
        return PublishOutcome.failed(code, e.getMessage());
    }

    private void logRateLimited(DevicePublish p, RuntimeException e) {
        long now = System.currentTimeMillis();
        long last = lastLog.get();
        if (now - last >= LOG_INTERVAL_MILLIS && lastLog.compareAndSet(last, now)) {
            long skipped = unlogged.getAndSet(0);
            LOG.warn(
                    "Dropped telemetry of device {} (MQTT 3.1.1 cannot refuse it): {}{}",
                    p.device().name(),
                    e.getMessage(),
                    skipped > 0 ? " (" + skipped + " more dropped since the last report)" : "");
        } else {
            unlogged.incrementAndGet();
        }
    }
}
