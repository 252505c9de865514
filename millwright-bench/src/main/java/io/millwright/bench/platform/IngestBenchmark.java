package io.millwright.bench.platform;

import io.millwright.bench.BenchMain.Suite;
import io.millwright.bench.broker.BrokerProcess;
import io.millwright.bench.report.Machine;
import io.millwright.bench.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Durable telemetry ingest: devices publish QoS 1 telemetry to a Millwright started with {@code
 * storage.sqlite.synchronous: FULL}, first closed loop (the sustained maximum), then, for the fleet-size curve, open
 * loop at half that rate (the latency at a load the server can carry). Afterwards the stored counts of a sample of
 * devices are checked against their acknowledged messages through REST, and the same number of points is inserted
 * into bare SQLite as the ceiling. One fresh server per run. Two curves: fleet size at {@value #DEFAULT_KEYS} values
 * per message, and values per message at {@value #PAYLOAD_DEVICES} devices.
 */
public final class IngestBenchmark {

    /** The fleet sizes the issue asks for; the largest ones may not fit under the machine's open-file limit. */
    static final List<Integer> FLEET_SIZES = List.of(100, 1_000, 10_000, 50_000);

    static final int DEFAULT_KEYS = 10;

    /** Points the whole fleet keeps unacknowledged in the closed loop, at most; see {@link #window}. */
    static final long POINTS_IN_FLIGHT = 100_000;

    static final int PAYLOAD_DEVICES = 100;

    /**
     * Descriptors the load generator needs besides its device connections (its jars, HTTP to the server), kept free
     * below the limit the server's connections are capped at.
     */
    private static final int GENERATOR_RESERVE = 1_000;

    private final Path serverJar;
    private final Suite suite;
    private final Machine machine;

    public IngestBenchmark(Path serverJar, Suite suite, Machine machine) {
        this.serverJar = serverJar;
        this.suite = suite;
        this.machine = machine;
    }

    public void run(Report report) throws InterruptedException {
        boolean full = suite == Suite.FULL;
        int largest = full ? 50_000 : 1_000;
        int cap = machine.maxConnections(largest);
        if (cap < largest) {
            cap -= GENERATOR_RESERVE;
        }
        List<Integer> sizes = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (int size : FLEET_SIZES) {
            if (size > largest) {
                continue;
            }
            if (size <= cap) {
                sizes.add(size);
            } else {
                skipped.add(size);
            }
        }
        if (!skipped.isEmpty() && !sizes.contains(cap)) {
            sizes.add(cap);
        }
        List<IngestResult> byDevices = new ArrayList<>();
        for (int size : sizes) {
            byDevices.add(run(size, DEFAULT_KEYS, true, full));
        }
        report.ingestByDevices(byDevices, skipped, machine);

        List<IngestResult> byPayload = new ArrayList<>();
        for (int keys : full ? List.of(1, 10, 50, 200) : List.of(10, 200)) {
            Optional<IngestResult> same = byDevices.stream()
                    .filter(r -> r.devices() == PAYLOAD_DEVICES && r.keys() == keys)
                    .findFirst();
            byPayload.add(same.isPresent() ? same.get() : run(PAYLOAD_DEVICES, keys, false, full));
        }
        report.ingestByPayload(byPayload);
    }

    private IngestResult run(int devices, int keys, boolean withOpenLoop, boolean full) throws InterruptedException {
        Duration warmup = Duration.ofSeconds(full ? 5 : 1);
        Duration measure = Duration.ofSeconds(full ? (withOpenLoop ? 20 : 15) : 3);
        int window = window(devices, keys);
        try (BrokerProcess broker = BrokerProcess.millwright(
                serverJar,
                List.of("-Xmx3g"),
                "storage:\n  sqlite:\n    synchronous: FULL\ntelemetry:\n  max-keys-per-sample: 1000\n",
                "mqtt:\n  max-connections: 100000\n")) {
            RestApi api = RestApi.login(broker.httpPort());
            IngestPhase closed;
            Optional<IngestPhase> open = Optional.empty();
            TelemetryLoad load;
            List<String> mismatches = new ArrayList<>();
            int verified = 0;
            long fleetStart = System.nanoTime();
            try (Fleet fleet = Fleet.create(api, broker.mqttPort(), "ingest", devices)) {
                System.out.printf(
                        "ingest: %,d devices registered and connected in %.1f s%n",
                        devices, (System.nanoTime() - fleetStart) / 1e9);
                load = new TelemetryLoad(fleet, keys);
                closed = load.closedLoop(window, warmup, measure);
                if (withOpenLoop) {
                    double half = Math.max(1, closed.messagesPerSecond() / 2);
                    open = Optional.of(load.openLoop(half, Duration.ofSeconds(full ? 3 : 1), measure));
                }
                load.drain(Duration.ofSeconds(30));
                int step = Math.max(1, devices / (full ? 100 : 20));
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
            long storedPoints = load.totalAcked() * keys;
            SqliteBaseline.Result baseline = SqliteBaseline.run(closed.acked() * keys, devices * keys);
            IngestResult r = new IngestResult(
                    devices,
                    keys,
                    load.typicalPayloadBytes(),
                    closed,
                    open,
                    load.totalSent(),
                    load.totalAcked(),
                    load.totalFailed(),
                    load.failures(),
                    window,
                    verified,
                    mismatches,
                    baseline,
                    bytes,
                    storedPoints);
            System.out.println(r.summary());
            return r;
        }
    }

    /**
     * Unacknowledged messages per device in the closed loop: 16, fewer where the fleet's points in flight would pass
     * {@value #POINTS_IN_FLIGHT}, at least 1. The server refuses durable telemetry (PUBACK 0x97) once its ingest queue
     * (200,000 points by default) is full, so a closed loop wider than that measures refusals, not ingest.
     */
    static int window(int devices, int keys) {
        return (int) Math.max(1, Math.min(16, POINTS_IN_FLIGHT / ((long) devices * keys)));
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
