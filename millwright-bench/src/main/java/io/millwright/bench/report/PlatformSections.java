package io.millwright.bench.report;

import io.millwright.bench.platform.CommandResult;
import io.millwright.bench.platform.IngestPhase;
import io.millwright.bench.platform.IngestResult;
import java.util.List;
import java.util.Locale;

/** The Markdown of the platform sections: durable telemetry ingest (two curves) and commands. */
final class PlatformSections {

    private PlatformSections() {}

    static String ingestByDevices(List<IngestResult> results, List<Integer> skipped, Machine machine) {
        StringBuilder md = new StringBuilder("## Durable telemetry ingest as the fleet grows\n\n");
        md.append("`./millwright bench --only ingest`. Devices registered through REST, each connected over MQTT 5 ")
                .append("as itself, publish QoS 1 telemetry (10 numeric values per message, device time) to ")
                .append("`devices/{name}/telemetry` of a fresh server with `storage.sqlite.synchronous: FULL`; a ")
                .append("PUBACK means the points are committed durably. Closed loop: each device keeps a window of ")
                .append("unacknowledged messages (column \"window\": 16, fewer where the fleet would keep more than ")
                .append("100,000 points unacknowledged, since the server refuses durable telemetry beyond its ")
                .append("200,000-point ingest queue); latency is publish call to PUBACK. Open ")
                .append("loop: a fixed rate of half the closed-loop throughput, latency from the time each message ")
                .append("was due. Baseline, measured right after each run: plain JDBC batch inserts of the points ")
                .append(
                        "the closed loop stored (at least 500,000, at most 3 million), one row each, into an unindexed table of a ")
                .append("fresh SQLite file (WAL, synchronous FULL, commits of 10,000 points); its latency is the time ")
                .append("of one such commit. Ratios are Millwright / SQLite: the share of the raw insert ceiling ")
                .append("reached, and how many commit times a p99 acknowledgement takes. Disk: the data directory ")
                .append("after a graceful stop divided by the points stored.\n\n");
        table(md, results);
        if (!skipped.isEmpty()) {
            md.append(String.format(
                    Locale.ROOT,
                    "%n**Not run: %s devices.** This run detected an open-file limit of %,d descriptors per process; "
                            + "every device connection costs the server one and the load generator one, so the largest "
                            + "fleet measured here is %,d devices.%n",
                    String.join(
                            ", ",
                            skipped.stream()
                                    .map(n -> String.format(Locale.ROOT, "%,d", n))
                                    .toList()),
                    machine.openFileLimit(),
                    results.stream().mapToInt(IngestResult::devices).max().orElse(0)));
        }
        return md.append(consistency(results)).toString();
    }

    static String ingestByPayload(List<IngestResult> results) {
        StringBuilder md = new StringBuilder("## Durable telemetry ingest as messages grow\n\n");
        md.append("The same load with ")
                .append(results.isEmpty() ? 0 : results.get(0).devices())
                .append(" devices and 1 to 200 numeric values per message (the server runs with ")
                .append("`telemetry.max-keys-per-sample: 1000`; the default limit is 100), closed loop only except ")
                .append("where a row is shared with the fleet curve. Ratios as above.\n\n");
        table(md, results);
        return md.append(consistency(results)).toString();
    }

    private static void table(StringBuilder md, List<IngestResult> results) {
        md.append("| devices | values/msg | payload | window | msg/s | points/s | SQLite points/s | ratio to SQLite "
                + "| ack p50 / p99 ms | SQLite commit p99 ms | p99 ratio | open loop msg/s (target) "
                + "| open p50 / p99 ms | window sent / acked / failed | stored = acked | B/point |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IngestResult r : results) {
            IngestPhase c = r.closed();
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %d | %,d B | %d | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %,d / %,d / %,d "
                            + "| %d of %d | %.1f |%n",
                    r.devices(),
                    r.keys(),
                    r.payloadBytes(),
                    r.window(),
                    Format.count(c.messagesPerSecond()),
                    Format.count(c.pointsPerSecond()),
                    Format.count(r.baseline().pointsPerSecond()),
                    Format.ratio(c.pointsPerSecond(), r.baseline().pointsPerSecond()),
                    Format.ms(c.p50Micros()),
                    Format.ms(c.p99Micros()),
                    Format.ms(r.baseline().commitP99Micros()),
                    Format.ratio(c.p99Micros(), r.baseline().commitP99Micros()),
                    r.open()
                            .map(o -> Format.count(o.messagesPerSecond()) + " (" + Format.count(o.targetRate()) + ")")
                            .orElse("-"),
                    r.open()
                            .map(o -> Format.ms(o.p50Micros()) + " / " + Format.ms(o.p99Micros()))
                            .orElse("-"),
                    c.sent(),
                    c.acked(),
                    c.failed(),
                    r.consistent(),
                    r.verified(),
                    r.bytesPerPoint()));
        }
    }

    /** Whole-run counts and every device whose stored points differ from its acknowledged messages. */
    private static String consistency(List<IngestResult> results) {
        StringBuilder md = new StringBuilder("\nWhole runs, warm-up and open loop included (sent / acked / failed): ");
        md.append(String.join(
                "; ",
                results.stream()
                        .map(r -> String.format(
                                Locale.ROOT,
                                "%,d devices x %d values: %,d / %,d / %,d",
                                r.devices(),
                                r.keys(),
                                r.sent(),
                                r.acked(),
                                r.failed()))
                        .toList()));
        md.append(". \"stored = acked\": sampled devices whose stored count (REST `agg=count`) equals the messages ")
                .append("acknowledged to them.\n");
        for (IngestResult r : results) {
            r.failures()
                    .forEach((reason, n) -> md.append(String.format(
                            Locale.ROOT,
                            "%n- failed (%,d devices x %d values): %,d x %s",
                            r.devices(),
                            r.keys(),
                            n,
                            reason)));
            for (String m : r.mismatches()) {
                md.append("\n- mismatch (")
                        .append(r.devices())
                        .append(" devices): ")
                        .append(m);
            }
        }
        return md.append('\n').toString();
    }

    static String commands(CommandResult r) {
        StringBuilder md = new StringBuilder("## Commands and twin updates\n\n");
        md.append("`./millwright bench --only commands`. Connected devices subscribe to `devices/{name}/commands/+` ")
                .append("and answer every command at once with `{\"ok\": true}`. REST callers (each one command at a ")
                .append("time) send `POST /api/v1/devices/{id}/commands?wait=10s` to random devices; the round trip ")
                .append("is the REST request until its 200 with status SUCCEEDED. Twin: every device publishes QoS 1 ")
                .append("merge patches to `devices/{name}/twin/reported`, 4 unacknowledged each; throughput counts ")
                .append("PUBACKs (a patch is acknowledged once stored). No baseline: no other system runs this ")
                .append("workload here.\n\n");
        md.append("| devices | REST callers | commands/s | round trip p50 / p99 ms | not SUCCEEDED | twin patches/s "
                + "| twin failed |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| %,d | %d | %s | %s / %s | %,d of %,d | %s | %,d |%n",
                r.devices(),
                r.httpThreads(),
                Format.count(r.commandsPerSecond()),
                Format.ms(r.p50Micros()),
                Format.ms(r.p99Micros()),
                r.otherwise(),
                r.otherwise() + r.succeeded(),
                Format.count(r.patchesPerSecond()),
                r.twinFailed()));
        return md.toString();
    }
}
