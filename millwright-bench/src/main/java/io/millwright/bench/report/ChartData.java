package io.millwright.bench.report;

import io.millwright.bench.broker.IdleConnections;
import io.millwright.bench.broker.LoadResult;
import io.millwright.bench.platform.IngestPhase;
import io.millwright.bench.platform.IngestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Turns benchmark results into {@link Figure}s: which values are drawn, in which units, against what. Pure, so it is
 * tested without drawing. Latencies are drawn in milliseconds, memory in KiB.
 */
public final class ChartData {

    /** Connections the idle-memory chart extrapolates to. */
    public static final int EXTRAPOLATE_TO = 50_000;

    private ChartData() {}

    /** Deliveries per second per scenario, Millwright beside Mosquitto. Each pair is {Millwright, Mosquitto}. */
    public static Figure brokerThroughput(List<LoadResult[]> pairs) {
        return new Figure(
                "broker-throughput.png",
                "Broker throughput per scenario, Millwright vs Mosquitto",
                List.of(Figure.Panel.bars(
                        "Broker throughput (higher is better)",
                        "scenario",
                        "deliveries per second (msg/s)",
                        scenarios(pairs),
                        List.of(
                                Figure.Series.bars("Millwright", values(pairs, 0, LoadResult::deliveriesPerSecond)),
                                Figure.Series.bars("Mosquitto", values(pairs, 1, LoadResult::deliveriesPerSecond))))));
    }

    /** Median and 99th percentile end-to-end latency per scenario, one panel each. */
    public static Figure brokerLatency(List<LoadResult[]> pairs) {
        return new Figure(
                "broker-latency.png",
                "Broker end-to-end latency per scenario (p50 left, p99 right), Millwright vs Mosquitto",
                List.of(
                        latencyPanel(pairs, "p50", r -> r.p50Micros()),
                        latencyPanel(pairs, "p99", r -> r.p99Micros())));
    }

    private static Figure.Panel latencyPanel(
            List<LoadResult[]> pairs, String percentile, ToDoubleFunction<LoadResult> f) {
        ToDoubleFunction<LoadResult> ms = r -> f.applyAsDouble(r) / 1000.0;
        return Figure.Panel.bars(
                "Broker " + percentile + " latency (lower is better)",
                "scenario",
                percentile + " latency, publish to delivery (ms)",
                scenarios(pairs),
                List.of(
                        Figure.Series.bars("Millwright", values(pairs, 0, ms)),
                        Figure.Series.bars("Mosquitto", values(pairs, 1, ms))));
    }

    /** Ingest points/s and p99 acknowledgement latency against the number of devices (log x). */
    public static Figure ingestByDevices(List<IngestResult> results) {
        return ingestCurve(
                "ingest-devices.png",
                "Durable ingest as the fleet grows (10 values per message)",
                "devices connected",
                results,
                IngestResult::devices,
                true);
    }

    /** Ingest points/s and p99 acknowledgement latency against values per message (log x). */
    public static Figure ingestByPayload(List<IngestResult> results) {
        return ingestCurve(
                "ingest-payload.png",
                "Durable ingest as messages grow (values per message)",
                "values per message",
                results,
                IngestResult::keys,
                true);
    }

    private static Figure ingestCurve(
            String file,
            String caption,
            String xAxis,
            List<IngestResult> results,
            ToDoubleFunction<IngestResult> x,
            boolean logX) {
        List<Double> xs = map(results, x::applyAsDouble);
        List<Figure.Series> rate = List.of(
                Figure.Series.line("Millwright (closed loop)", xs, map(results, IngestResult::pointsPerSecond)),
                Figure.Series.line(
                        "raw SQLite insert ceiling",
                        xs,
                        map(results, r -> r.baseline().pointsPerSecond())));
        List<Figure.Series> latency = new ArrayList<>();
        latency.add(Figure.Series.line(
                "closed loop (at the maximum rate)",
                xs,
                map(results, r -> r.closed().p99Micros() / 1000.0)));
        if (results.stream().allMatch(r -> r.open().isPresent())) {
            latency.add(Figure.Series.line(
                    "open loop (at half the maximum rate)",
                    xs,
                    map(results, r -> r.open().map(IngestPhase::p99Micros).orElse(0L) / 1000.0)));
        }
        latency.add(Figure.Series.line(
                "SQLite: one 10,000-point commit",
                xs,
                map(results, r -> r.baseline().commitP99Micros() / 1000.0)));
        return new Figure(
                file,
                caption,
                List.of(
                        Figure.Panel.lines("Ingest rate (higher is better)", xAxis, "points per second", rate, logX),
                        Figure.Panel.lines(
                                "p99 latency, publish to PUBACK (lower is better)",
                                xAxis,
                                "p99 latency (ms)",
                                latency,
                                logX)));
    }

    /**
     * Memory per idle connection against connections: Millwright's live heap and its heap plus off-heap growth,
     * Mosquitto's resident memory, and
     * Millwright's heap extrapolated (dashed) from a straight-line fit of its total heap to {@value #EXTRAPOLATE_TO}.
     */
    public static Figure idleMemory(List<IdleConnections.Result> ours, List<IdleConnections.Result> base) {
        List<Figure.Series> series = new ArrayList<>();
        List<Double> ourN = map(ours, r -> (double) r.connections());
        series.add(
                Figure.Series.line("Millwright live heap", ourN, map(ours, r -> r.heapBytesPerConnection() / 1024.0)));
        series.add(Figure.Series.line(
                "Millwright live heap + off-heap", ourN, map(ours, r -> r.bytesPerConnection() / 1024.0)));
        series.add(Figure.Series.line(
                "Mosquitto resident memory",
                map(base, r -> (double) r.connections()),
                map(base, r -> r.bytesPerConnection() / 1024.0)));
        IdleConnections.Result last = ours.isEmpty() ? null : ours.get(ours.size() - 1);
        if (last != null && last.connections() < EXTRAPOLATE_TO && last.heapBytesPerConnection() >= 0) {
            LinearFit fit = heapFit(ours);
            double heapBefore = last.heapBytes() - (double) last.heapBytesPerConnection() * last.connections();
            series.add(new Figure.Series(
                    "Millwright live heap, extrapolated",
                    List.of((double) last.connections(), (double) EXTRAPOLATE_TO),
                    List.of(
                            last.heapBytesPerConnection() / 1024.0,
                            (fit.at(EXTRAPOLATE_TO) - heapBefore) / EXTRAPOLATE_TO / 1024.0),
                    true));
        }
        return new Figure(
                "idle-memory.png",
                "Memory per idle MQTT connection as connections grow (dashed: extrapolation, not measured)",
                List.of(Figure.Panel.lines(
                        "Memory per idle connection",
                        "idle connections",
                        "memory per connection (KiB)",
                        series,
                        false)));
    }

    /** Millwright's total live heap against its connections, fitted with a straight line. */
    public static LinearFit heapFit(List<IdleConnections.Result> ours) {
        List<IdleConnections.Result> measured =
                ours.stream().filter(r -> r.heapBytes() >= 0).toList();
        return LinearFit.of(map(measured, r -> (double) r.connections()), map(measured, r -> (double) r.heapBytes()));
    }

    private static List<String> scenarios(List<LoadResult[]> pairs) {
        return pairs.stream().map(p -> p[0].scenario().name()).toList();
    }

    private static List<Double> values(List<LoadResult[]> pairs, int side, ToDoubleFunction<LoadResult> f) {
        return pairs.stream().map(p -> f.applyAsDouble(p[side])).toList();
    }

    private static <T> List<Double> map(List<T> items, Function<T, Double> f) {
        return items.stream().map(f).toList();
    }
}
