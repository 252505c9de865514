package io.millwright.bench.report;

import io.millwright.bench.broker.IdleConnections;
import io.millwright.bench.broker.LoadResult;
import io.millwright.bench.platform.CommandResult;
import io.millwright.bench.platform.IngestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the sections of a benchmark run and writes them as one Markdown document. */
public final class Report {

    private final String suite;
    private final List<String> sections = new ArrayList<>();

    public Report(String suite) {
        this.suite = suite;
    }

    public void note(String text) {
        sections.add(text + "\n");
    }

    /** Each pair is {Millwright, Mosquitto} for one scenario. */
    public void brokerThroughput(List<LoadResult[]> pairs) {
        StringBuilder md = new StringBuilder("## Broker: Millwright vs Mosquitto\n\n");
        md.append(
                        "Same generator (HiveMQ MQTT 5 async client, closed loop, 64-byte payloads), both brokers as separate ")
                .append("processes on this machine, scenarios alternated. Throughput is deliveries per second at the ")
                .append("subscribers; latency is publish call to subscriber callback. Ratios are Millwright/Mosquitto ")
                .append("(throughput: higher is better; p99: lower is better).\n\n");
        md.append("| scenario | Millwright msg/s | Mosquitto msg/s | throughput ratio | Millwright p50/p99 µs "
                + "| Mosquitto p50/p99 µs | p99 ratio | delivered/expected (M / Mq) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult[] pair : pairs) {
            LoadResult ours = pair[0];
            LoadResult base = pair[1];
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f | %.2f | %d / %d | %d / %d | %.2f | %s / %s |%n",
                    ours.scenario().name(),
                    ours.deliveriesPerSecond(),
                    base.deliveriesPerSecond(),
                    ratio(ours.deliveriesPerSecond(), base.deliveriesPerSecond()),
                    ours.p50Micros(),
                    ours.p99Micros(),
                    base.p50Micros(),
                    base.p99Micros(),
                    ratio(ours.p99Micros(), base.p99Micros()),
                    fraction(ours.delivered(), ours.expectedDeliveries()),
                    fraction(base.delivered(), base.expectedDeliveries())));
        }
        sections.add(md.toString());
    }

    public void idleConnections(IdleConnections.Result ours, IdleConnections.Result base) {
        StringBuilder md = new StringBuilder("## Idle connections\n\n");
        md.append("MQTT 3.1.1 connections that connect and then stay silent within a 900 s keep alive. This ")
                .append("machine caps open files at 20,000 per process, so runs stop below that; per-connection ")
                .append("figures extrapolate linearly.\n\n");
        md.append(
                "| broker | connections | resident memory per connection | live heap per connection | live heap total |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (IdleConnections.Result r : List.of(ours, base)) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d B | %s | %s |%n",
                    r.broker(),
                    r.connections(),
                    r.rssBytesPerConnection(),
                    r.heapBytesPerConnection() < 0
                            ? "n/a"
                            : String.format(Locale.ROOT, "%,d B", r.heapBytesPerConnection()),
                    r.heapBytesTotal() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", r.heapBytesTotal() >> 20)));
        }
        if (ours.heapBytesPerConnection() > 0) {
            md.append(String.format(
                    Locale.ROOT,
                    "%nExtrapolated live heap for 50,000 idle connections: %,d MiB.%n",
                    (ours.heapBytesTotal()
                                    + 50_000L * ours.heapBytesPerConnection()
                                    - (long) ours.connections() * ours.heapBytesPerConnection())
                            >> 20));
        }
        sections.add(md.toString());
    }

    /** One row per fleet size. */
    public void ingest(List<IngestResult> results) {
        StringBuilder md = new StringBuilder("## Durable telemetry ingest\n\n");
        md.append("`./millwright bench --only ingest`. Devices registered through REST, each connected over MQTT 5 as ")
                .append("itself, publish QoS 1 telemetry (10 numeric keys per message, device time) to ")
                .append(
                        "`devices/{name}/telemetry` of a server with `storage.sqlite.synchronous: FULL`; a PUBACK means ")
                .append("the points are committed durably. Closed loop: each device keeps a window of unacknowledged ")
                .append("messages (16, 4 from 1,000 devices); latency is publish call to PUBACK. Open loop: a fixed ")
                .append("rate of half the closed-loop throughput, latency from the time each message was due. ")
                .append("Baseline: plain JDBC batch inserts of the same number of points, one row each, into an ")
                .append("unindexed table of a fresh SQLite file (WAL, synchronous FULL, commits of 10,000). Disk: ")
                .append("the data directory after a graceful stop divided by the points stored.\n\n");
        md.append(
                "| devices | msg/s | points/s | ratio to SQLite | ack p50/p99 µs | open loop msg/s (target) "
                        + "| open p50/p99 µs | window sent/acked/failed | run sent/acked/failed | stored = acked | B/point |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IngestResult r : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %,.0f | %,.0f | %.2f | %,d / %,d | %,.0f (%,.0f) | %,d / %,d | %,d / %,d / %,d "
                            + "| %,d / %,d / %,d | %d of %d | %.1f |%n",
                    r.devices(),
                    r.messagesPerSecond(),
                    r.pointsPerSecond(),
                    ratio(r.pointsPerSecond(), r.baselinePointsPerSecond()),
                    r.closedP50Micros(),
                    r.closedP99Micros(),
                    r.openMessagesPerSecond(),
                    r.openRate(),
                    r.openP50Micros(),
                    r.openP99Micros(),
                    r.windowSent(),
                    r.windowAcked(),
                    r.windowFailed(),
                    r.sent(),
                    r.acked(),
                    r.failed(),
                    r.verified() - r.mismatches().size(),
                    r.verified(),
                    r.bytesPerPoint()));
        }
        List<String> baselines = new ArrayList<>();
        for (IngestResult r : results) {
            baselines.add(String.format(
                    Locale.ROOT, "%,.0f points/s (%,d devices)", r.baselinePointsPerSecond(), r.devices()));
        }
        md.append("\nSQLite baseline: ").append(String.join("; ", baselines)).append(".\n");
        for (IngestResult r : results) {
            for (String m : r.mismatches()) {
                md.append("\n- mismatch (")
                        .append(r.devices())
                        .append(" devices): ")
                        .append(m);
            }
        }
        sections.add(md.append('\n').toString());
    }

    public void commands(CommandResult r) {
        StringBuilder md = new StringBuilder("## Commands and twin updates\n\n");
        md.append("`./millwright bench --only commands`. Connected devices subscribe to `devices/{name}/commands/+` ")
                .append("and answer every command at once with `{\"ok\": true}`. REST callers (each one command at a ")
                .append(
                        "time) send `POST /api/v1/devices/{id}/commands?wait=10s` to random devices; the round trip is ")
                .append("the REST request until its 200 with status SUCCEEDED. Twin: every device publishes QoS 1 ")
                .append("merge patches to `devices/{name}/twin/reported`, 4 unacknowledged each; throughput counts ")
                .append("PUBACKs (a patch is acknowledged once stored).\n\n");
        md.append("| devices | REST callers | commands/s | round trip p50/p99 µs | not SUCCEEDED | twin patches/s "
                + "| twin failed |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| %,d | %d | %,.0f | %,d / %,d | %,d of %,d | %,.0f | %,d |%n",
                r.devices(),
                r.httpThreads(),
                r.commandsPerSecond(),
                r.p50Micros(),
                r.p99Micros(),
                r.otherwise(),
                r.otherwise() + r.succeeded(),
                r.patchesPerSecond(),
                r.twinFailed()));
        sections.add(md.toString());
    }

    public void write(Path file) {
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("Generated by `./millwright bench --suite ")
                .append(suite)
                .append("` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(" (")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " cores). Figures from a shared, noisy machine: compare the ratios, not the absolute numbers.\n\n")
                .append("Run everything with `./millwright bench --suite quick` (about 3 minutes) or `--suite full`; ")
                .append("run parts with `--only` and a comma-separated list of `broker`, `ingest` (durable telemetry ")
                .append("ingest), `commands` (command round trips and twin updates), e.g. ")
                .append("`./millwright bench --only ingest,commands --suite quick`. `--out FILE` writes the report ")
                .append("elsewhere.\n\n");
        sections.forEach(s -> md.append(s).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static String fraction(long a, long b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) a / b);
    }
}
