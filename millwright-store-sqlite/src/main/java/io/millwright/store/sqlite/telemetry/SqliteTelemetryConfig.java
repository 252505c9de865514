package io.millwright.store.sqlite.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * Compaction settings of {@link SqliteTelemetryStore}.
 *
 * @param flushPoints points in the active log that start a compaction early; bounds the memtable (about 20 bytes a
 *     point) and the size of one compaction transaction
 * @param flushInterval the longest a point stays in the log; shorter means more, smaller blocks before the merge
 * @param maxBlockPoints points per block at most; a block is also never wider than one UTC hour
 * @param maxActivePoints points the active log may hold while a compaction is behind; appends wait beyond it, which
 *     backs up into the ingest queue and so into transport flow control
 */
public record SqliteTelemetryConfig(int flushPoints, Duration flushInterval, int maxBlockPoints, int maxActivePoints) {

    public SqliteTelemetryConfig {
        if (flushPoints < 1) {
            throw new IllegalArgumentException("telemetry.sqlite.flush-points must be at least 1");
        }
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("telemetry.sqlite.flush-interval must be positive");
        }
        if (maxBlockPoints < 16 || maxBlockPoints > 1_000_000) {
            throw new IllegalArgumentException("telemetry.sqlite.max-block-points must be 16 to 1,000,000");
        }
        if (maxActivePoints < flushPoints) {
            throw new IllegalArgumentException("telemetry.sqlite.max-active-points must be at least flush-points");
        }
    }

    /** Compaction every 500,000 points or 10 s, blocks of up to 4096 points, at most 4,000,000 points waiting. */
    public static SqliteTelemetryConfig defaults() {
        return new SqliteTelemetryConfig(500_000, Duration.ofSeconds(10), 4096, 4_000_000);
    }
}
