package io.millwright.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.millwright.core.telemetry.IngestObserver;
import io.millwright.core.telemetry.TelemetryIngest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Publishes the telemetry pipeline's state as metrics: queue depth, commit latency (the transaction alone, and from
 * enqueue to commit), committed/dropped/rejected/failed points and whether ingest is saturated.
 */
final class TelemetryMetrics implements IngestObserver {

    private final Timer append;
    private final Timer wait;
    private final Counter committed;
    private final Counter failed;
    private final AtomicInteger saturated = new AtomicInteger();

    TelemetryMetrics(MeterRegistry registry) {
        append = Timer.builder("telemetry.commit.duration")
                .description("Duration of one group-commit transaction")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        wait = Timer.builder("telemetry.commit.latency")
                .description("From enqueueing the oldest submission of a batch to its commit")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        committed = Counter.builder("telemetry.points.committed").register(registry);
        failed = Counter.builder("telemetry.points.failed").register(registry);
        Gauge.builder("telemetry.ingest.saturated", saturated, AtomicInteger::get)
                .register(registry);
    }

    /** Gauges read from the ingest's own counters. */
    void bind(MeterRegistry registry, Supplier<TelemetryIngest> ingest) {
        Gauge.builder(
                        "telemetry.ingest.queued.points",
                        () -> ingest.get().stats().queuedPoints())
                .register(registry);
        Gauge.builder("telemetry.points.dropped", () -> ingest.get().stats().droppedPoints())
                .description("QoS 0 points dropped under overload")
                .register(registry);
        Gauge.builder("telemetry.points.rejected", () -> ingest.get().stats().rejectedPoints())
                .description("Durable points refused because the queue was full")
                .register(registry);
    }

    @Override
    public void committed(int submissions, int points, long appendNanos, long oldestWaitNanos) {
        append.record(appendNanos, TimeUnit.NANOSECONDS);
        wait.record(oldestWaitNanos, TimeUnit.NANOSECONDS);
        committed.increment(points);
    }

    @Override
    public void failed(int submissions, int points, Throwable cause) {
        failed.increment(points);
    }

    @Override
    public void saturation(boolean isSaturated) {
        saturated.set(isSaturated ? 1 : 0);
    }
}
