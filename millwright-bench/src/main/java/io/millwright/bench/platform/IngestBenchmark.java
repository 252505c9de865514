package io.millwright.bench.platform;

import io.millwright.bench.BenchMain.Suite;
import io.millwright.bench.broker.BrokerProcess;
import io.millwright.bench.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Durable telemetry ingest: devices publish QoS 1 telemetry to a Millwright started with {@code
 * storage.sqlite.synchronous: FULL}, first closed loop (the sustained maximum), then open loop at half that rate (the
 * latency at a load the server can carry). Afterwards the stored counts of a sample of devices are checked against
 * their acknowledged messages through REST, and the same number of points is inserted into bare SQLite as the
 * ceiling. One broker per fleet size.
 */
public final class IngestBenchmark {

    private final Path serverJar;
    private final Suite suite;

    public IngestBenchmark(Path serverJar, Suite suite) {
        this.serverJar = serverJar;
        this.suite = suite;
    }

    public void run(Report report) throws InterruptedException {
        boolean full = suite == Suite.FULL;
        List<Integer> sizes = full ? List.of(100, 1_000, 10_000) : List.of(100);
        List<IngestResult> results = new ArrayList<>();
        for (int size : sizes) {
            IngestResult r = run(size, full);
            results.add(r);
            System.out.printf(
                    Locale.ROOT,
                    "ingest %,6d devices: %s | %s | SQLite %,.0f points/s | %.1f B/point | mismatches %d of %d%n",
                    size,
                    r.closedSummary(),
                    r.openSummary(),
                    r.baselinePointsPerSecond(),
                    r.bytesPerPoint(),
                    r.mismatches().size(),
                    r.verified());
        }
        report.ingest(results);
    }

    private IngestResult run(int devices, boolean full) throws InterruptedException {
        Duration warmup = Duration.ofSeconds(full ? 5 : 2);
        Duration measure = Duration.ofSeconds(full ? 30 : 5);
        int window = devices >= 1_000 ? 4 : 16;
        try (BrokerProcess broker = BrokerProcess.millwright(
                serverJar,
                List.of("-Xmx2g"),
                "storage:\n  sqlite:\n    synchronous: FULL\n",
                "mqtt:\n  max-connections: 100000\n")) {
            RestApi api = RestApi.login(broker.httpPort());
            TelemetryLoad.Phase closed;
            TelemetryLoad.Phase open;
            TelemetryLoad load;
            List<String> mismatches = new ArrayList<>();
            int verified;
            try (Fleet fleet = Fleet.create(api, broker.mqttPort(), "ingest", devices)) {
                load = new TelemetryLoad(fleet);
                closed = load.closedLoop(window, warmup, measure);
                double half = Math.max(1, closed.messagesPerSecond() / 2);
                open = load.openLoop(half, Duration.ofSeconds(full ? 3 : 1), measure);
                load.drain(Duration.ofSeconds(30));
                int step = Math.max(1, devices / (full ? 100 : 20));
                verified = 0;
                for (int i = 0; i < devices; i += step) {
                    RestApi.Device d = fleet.members().get(i).device();
                    long stored = api.storedCount(d.id(), "k0");
                    long ackedByDevice = load.ackedBy(i);
                    verified++;
                    if (stored != ackedByDevice) {
                        mismatches.add(d.name() + ": stored " + stored + ", acknowledged " + ackedByDevice);
                    }
                }
            }
            broker.stop();
            long bytes = size(broker.dataDir());
            long storedPoints = load.totalAcked() * TelemetryLoad.KEYS;
            double baseline = SqliteBaseline.pointsPerSecond(
                    Math.max(SqliteBaseline.BATCH, closed.acked() * TelemetryLoad.KEYS), devices * TelemetryLoad.KEYS);
            return new IngestResult(
                    devices,
                    closed,
                    open,
                    load.totalSent(),
                    load.totalAcked(),
                    load.totalFailed(),
                    verified,
                    mismatches,
                    baseline,
                    bytes,
                    storedPoints);
        }
    }

    private static long size(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
