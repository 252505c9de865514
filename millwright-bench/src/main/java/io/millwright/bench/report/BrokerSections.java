package io.millwright.bench.report;

import io.millwright.bench.broker.IdleConnections;
import io.millwright.bench.broker.LoadResult;
import java.util.List;
import java.util.Locale;

/** The Markdown of the broker sections: Millwright against Mosquitto under load, and idle connections. */
final class BrokerSections {

    private BrokerSections() {}

    /** Each pair is {Millwright, Mosquitto} for one scenario. */
    static String throughput(List<LoadResult[]> pairs) {
        StringBuilder md = new StringBuilder("## Broker: Millwright vs Mosquitto\n\n");
        md.append("`./millwright bench --only broker`. Same generator (HiveMQ MQTT 5 async client, closed loop, ")
                .append("64-byte payloads), both brokers as separate processes on this machine, each scenario run ")
                .append("on Mosquitto and then on Millwright before the next. Throughput is deliveries per second at ")
                .append("the subscribers; latency is publish call to subscriber callback. Ratios are ")
                .append("Millwright / Mosquitto: above 1 is better for throughput, below 1 is better for latency.\n\n");
        md.append("| scenario | Millwright msg/s | Mosquitto msg/s | throughput ratio "
                + "| Millwright p50 / p90 / p99 / p99.9 ms | Mosquitto p50 / p90 / p99 / p99.9 ms "
                + "| p50 ratio | p99 ratio |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult[] pair : pairs) {
            LoadResult ours = pair[0];
            LoadResult base = pair[1];
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    ours.scenario().name(),
                    Format.count(ours.deliveriesPerSecond()),
                    Format.count(base.deliveriesPerSecond()),
                    Format.ratio(ours.deliveriesPerSecond(), base.deliveriesPerSecond()),
                    percentiles(ours),
                    percentiles(base),
                    Format.ratio(ours.p50Micros(), base.p50Micros()),
                    Format.ratio(ours.p99Micros(), base.p99Micros())));
        }
        md.append("\nCPU over the measured window: broker CPU time (user + system, from `/proc`) per delivered ")
                .append("message, the cores each broker kept busy on average, and the cores the load generator ")
                .append("(one JVM for both brokers) used meanwhile. The machine has ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores for both the broker and the generator: a broker that is far from a full core while ")
                .append("the generator is busy is held back by its clients, not by its own CPU. Ratio: Millwright / ")
                .append("Mosquitto CPU per delivery (below 1: Millwright spends less per message).\n\n");
        md.append("| scenario | Millwright µs CPU / msg | Mosquitto µs CPU / msg | CPU / msg ratio "
                + "| Millwright cores | Mosquitto cores | generator cores (M / Mq) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult[] pair : pairs) {
            LoadResult ours = pair[0];
            LoadResult base = pair[1];
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %s | %.2f | %.2f | %.2f / %.2f |%n",
                    ours.scenario().name(),
                    ours.brokerCpuMicrosPerDelivery(),
                    base.brokerCpuMicrosPerDelivery(),
                    Format.ratio(ours.brokerCpuMicrosPerDelivery(), base.brokerCpuMicrosPerDelivery()),
                    ours.brokerCores(),
                    base.brokerCores(),
                    ours.generatorCores(),
                    base.generatorCores()));
        }
        md.append("\nWhat the generator counted in the measured window (sent: handed to the client; completed: ")
                .append("QoS 0 written, QoS 1 acknowledged by a PUBACK; failed: completed with an error; lost: ")
                .append("given up on after 2 s without reaching every subscriber; delivered / expected: deliveries ")
                .append("over completed publishes times the fan-out, a little above 1 when deliveries of messages ")
                .append("sent before the window fall into it).\n\n");
        md.append("| scenario | broker | sent | completed | failed | lost | delivered | delivered / expected |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult[] pair : pairs) {
            for (LoadResult r : pair) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %,d | %,d | %,d | %,d | %,d | %s |%n",
                        r.scenario().name(),
                        r.broker(),
                        r.sent(),
                        r.published(),
                        r.failed(),
                        r.lost(),
                        r.delivered(),
                        Format.fraction(r.delivered(), r.expectedDeliveries())));
            }
        }
        return md.toString();
    }

    private static String percentiles(LoadResult r) {
        return Format.ms(r.p50Micros()) + " / " + Format.ms(r.p90Micros()) + " / " + Format.ms(r.p99Micros()) + " / "
                + Format.ms(r.p999Micros());
    }

    /** Both brokers at the same connection counts, measured on one broker process each as connections were added. */
    static String idle(List<IdleConnections.Result> ours, List<IdleConnections.Result> base, Machine machine) {
        StringBuilder md = new StringBuilder("## Idle connections and memory per connection\n\n");
        md.append("MQTT 3.1.1 connections that connect and then stay silent within a 900 s keep alive, added in ")
                .append("steps to one broker process each (Mosquitto first, then Millwright), from their own loopback ")
                .append("source addresses. Mosquitto: growth of its resident memory (RSS) since before the first ")
                .append("connection, divided by the connections. Millwright runs with a fixed, pre-touched 1 GiB heap ")
                .append("(`-Xms1g -Xmx1g -XX:+AlwaysPreTouch`), so its RSS grows only outside the heap (off-heap: ")
                .append("buffers, native memory); its live heap is measured after a full GC (`jcmd GC.run`). ")
                .append("Millwright's total is the two together. Ratio: Millwright total / Mosquitto, per ")
                .append("connection (below 1: Millwright uses less).\n\n");
        md.append("| connections (M / Mq) | Millwright live heap | Millwright off-heap | Millwright total "
                + "| Mosquitto | ratio | Millwright live heap, whole process |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < Math.max(ours.size(), base.size()); i++) {
            IdleConnections.Result m = i < ours.size() ? ours.get(i) : null;
            IdleConnections.Result q = i < base.size() ? base.get(i) : null;
            md.append(String.format(
                    Locale.ROOT,
                    "| %s / %s | %s | %s | %s | %s | %s | %s |%n",
                    m == null ? "-" : String.format(Locale.ROOT, "%,d", m.connections()),
                    q == null ? "-" : String.format(Locale.ROOT, "%,d", q.connections()),
                    m == null ? "-" : Format.bytes(m.heapBytesPerConnection()),
                    m == null ? "-" : Format.bytes(m.rssBytesPerConnection()),
                    m == null ? "-" : Format.bytes(m.bytesPerConnection()),
                    q == null ? "-" : Format.bytes(q.bytesPerConnection()),
                    m == null || q == null ? "-" : Format.ratio(m.bytesPerConnection(), q.bytesPerConnection()),
                    m == null || m.heapBytes() < 0
                            ? "n/a"
                            : String.format(Locale.ROOT, "%,d MiB", m.heapBytes() >> 20)));
        }
        md.append("\nAll figures per connection unless marked.\n");
        md.append('\n').append(limitNote(machine, ours));
        LinearFit fit = ChartData.heapFit(ours);
        if (fit.slope() > 0 && ours.size() > 1) {
            md.append(String.format(
                    Locale.ROOT,
                    "%n**Extrapolation, not a measurement:** a straight line through Millwright's live heap at %s "
                            + "connections has a slope of %,.0f B per connection and reaches %,.0f MiB at %,d idle "
                            + "connections.%n",
                    String.join(
                            ", ",
                            ours.stream()
                                    .map(r -> String.format(Locale.ROOT, "%,d", r.connections()))
                                    .toList()),
                    fit.slope(),
                    fit.at(ChartData.EXTRAPOLATE_TO) / (1 << 20),
                    ChartData.EXTRAPOLATE_TO));
        }
        return md.toString();
    }

    private static String limitNote(Machine machine, List<IdleConnections.Result> ours) {
        int most = ours.stream()
                .mapToInt(IdleConnections.Result::connections)
                .max()
                .orElse(0);
        if (machine.openFileLimit() < 0) {
            return String.format(Locale.ROOT, "The open-file limit could not be read; the most measured: %,d.%n", most);
        }
        return String.format(
                Locale.ROOT,
                "**%,d connections were not measured:** this run detected an open-file limit of %,d descriptors per "
                        + "process (`ulimit -n`; on this machine the hard limit is the same and cannot be raised), "
                        + "and each connection costs the broker one descriptor, so one broker process can hold at most "
                        + "about %,d connections here. The most measured: %,d.%n",
                ChartData.EXTRAPOLATE_TO,
                machine.openFileLimit(),
                machine.maxConnections(ChartData.EXTRAPOLATE_TO),
                most);
    }
}
