package io.millwright.server.config;

import io.millwright.core.telemetry.IngestConfig;
import io.millwright.core.telemetry.TelemetryLimits;
import java.time.Duration;
import java.util.Map;

/**
 * Telemetry settings: message limits, the group-commit pipeline and retention.
 *
 * @param retentionDefault how long points are kept, or {@code null} to keep them forever
 * @param retentionByTenantName per-tenant overrides, by tenant name
 * @param retentionByDeviceType per-device-type overrides
 * @param retentionInterval how often the retention job runs
 */
public record TelemetrySettings(
        TelemetryLimits limits,
        IngestConfig ingest,
        Duration retentionDefault,
        Map<String, Duration> retentionByTenantName,
        Map<String, Duration> retentionByDeviceType,
        Duration retentionInterval) {

    static TelemetrySettings from(ConfigSource source) {
        TelemetryLimits l = TelemetryLimits.defaults();
        TelemetryLimits limits = new TelemetryLimits(
                source.integer("telemetry.max-payload-bytes", l.maxPayloadBytes(), 64, 64 * 1024 * 1024),
                source.integer("telemetry.max-points-per-message", l.maxPointsPerMessage(), 1, 1_000_000),
                source.integer("telemetry.max-keys-per-sample", l.maxKeysPerSample(), 1, 100_000),
                source.integer("telemetry.max-key-length", l.maxKeyLength(), 1, 1024),
                source.integer("telemetry.max-value-bytes", l.maxValueBytes(), 8, 16 * 1024 * 1024),
                source.duration("telemetry.max-future-skew", l.maxFutureSkew(), Duration.ZERO, Duration.ofDays(365)),
                source.integer("telemetry.max-nesting-depth", l.maxNestingDepth(), 1, 256));
        IngestConfig i = IngestConfig.defaults();
        IngestConfig ingest = new IngestConfig(
                source.integer("telemetry.ingest.queue-capacity-points", i.queueCapacityPoints(), 1, 100_000_000),
                source.integer("telemetry.ingest.max-batch-points", i.maxBatchPoints(), 1, 10_000_000),
                source.duration("telemetry.ingest.max-delay", i.maxDelay(), Duration.ZERO, Duration.ofSeconds(1)),
                i.highWatermark(),
                i.lowWatermark(),
                i.listenerQueue());
        Duration max = Duration.ofDays(365L * 100);
        String ttl = source.string("telemetry.retention.default-ttl", "365d");
        Duration retentionDefault =
                ttl.equalsIgnoreCase("forever") ? null : parse("telemetry.retention.default-ttl", ttl);
        return new TelemetrySettings(
                limits,
                ingest,
                retentionDefault,
                source.durationMap("telemetry.retention.tenants", Duration.ofMinutes(1), max),
                source.durationMap("telemetry.retention.device-types", Duration.ofMinutes(1), max),
                source.duration(
                        "telemetry.retention.interval",
                        Duration.ofHours(1),
                        Duration.ofSeconds(1),
                        Duration.ofDays(7)));
    }

    private static Duration parse(String key, String raw) {
        try {
            Duration value = ConfigSource.parseDuration(raw);
            if (value.compareTo(Duration.ofMinutes(1)) < 0) {
                throw ConfigException.invalid(key, raw, "allowed: at least 1m, or 'forever'");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(key, raw, "allowed: a duration such as 90d, or 'forever'");
        }
    }
}
