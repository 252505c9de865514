package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.AggregateQuery;
import io.millwright.core.telemetry.Aggregation;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.IngestConfig;
import io.millwright.core.telemetry.IngestObserver;
import io.millwright.core.telemetry.Sample;
import io.millwright.core.telemetry.ServerClock;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryLimits;
import io.millwright.core.telemetry.TelemetryParser;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Throughput and query micro-benchmark (a main, not a test). Run with:
 *
 * <pre>
 * ./mvnw -q -pl millwright-store-sqlite -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * CP=$(tr ':' '\n' &lt; millwright-store-sqlite/target/bench.cp | grep -v io/millwright | paste -sd:)
 * java -Xmx2g -cp "$CP:millwright-core/target/classes:millwright-store-sqlite/target/classes:millwright-store-sqlite/target/test-classes" \
 *     io.millwright.store.sqlite.telemetry.TelemetryBenchmark [points=3000000] [yearSeconds=31536000] \
 *     [synchronous=FULL] [phases=raw,store,e2e,rate,year]
 * </pre>
 *
 * Reports (1) the raw SQLite append ceiling on a plain unindexed table, (2) store appends of 1000 interleaved devices
 * x 5 keys, (3) end-to-end JSON parse + group-commit ingest with the generator in-process, (4) one key with one year
 * of per-second data: load, compaction, 1-hour aggregation latency and disk bytes per point.
 */
public final class TelemetryBenchmark {

    private static final int DEVICES = 1000;
    private static final int KEYS = 5;
    private static final long T0 = 1_700_000_000_000L;

    private TelemetryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int yearSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 365 * 24 * 3600;
        String synchronous = args.length > 2 ? args[2] : "FULL";
        String phases = args.length > 3 ? args[3] : "raw,store,e2e,rate,year";
        Path dir = Files.createTempDirectory("telemetry-bench");
        try {
            double ceiling = rawCeiling(dir.resolve("raw.db"), points, synchronous);
            report("raw SQLite append (no index), batches of 10k", ceiling, ceiling);
            if (phases.contains("store")) {
                double store = storeAppend(dir.resolve("store.db"), points, synchronous);
                report("store append, 1000 devices x 5 keys, batches of 10k", store, ceiling);
            }
            if (phases.contains("e2e")) {
                double ingest = endToEnd(dir.resolve("ingest.db"), points, synchronous);
                report("end-to-end: JSON parse + ingest group commit + store", ingest, ceiling);
            }
            if (phases.contains("rate")) {
                latencyAtRate(dir.resolve("rate.db"), 100_000, 15, synchronous);
            }
            if (phases.contains("year")) {
                year(dir.resolve("year.db"), yearSeconds, synchronous);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, double perSecond, double ceiling) {
        System.out.printf(
                Locale.ROOT, "%-58s %,12.0f points/s  (%.2f x raw ceiling)%n", what, perSecond, perSecond / ceiling);
    }

    private static SqliteDatabase open(Path file, String synchronous) {
        return SqliteDatabase.open(new SqliteConfig(file, synchronous, 2, 64 * 1024));
    }

    private static double rawCeiling(Path file, int points, String synchronous) {
        try (SqliteDatabase db = open(file, synchronous)) {
            db.write(c -> {
                try (var s = c.createStatement()) {
                    s.execute("CREATE TABLE raw (device_id INTEGER, ts INTEGER, key TEXT, value ANY) STRICT");
                }
                return null;
            });
            long start = System.nanoTime();
            for (int done = 0; done < points; done += 10_000) {
                int first = done;
                db.write(c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw VALUES (?, ?, ?, ?)")) {
                        for (int i = first; i < first + 10_000; i++) {
                            insert.setInt(1, i % DEVICES);
                            insert.setLong(2, T0 * 1000 + i);
                            insert.setString(3, "k" + (i / DEVICES) % KEYS);
                            insert.setDouble(4, i * 0.5);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                    return null;
                });
            }
            return points / seconds(start);
        }
    }

    private static double storeAppend(Path file, int points, String synchronous) {
        try (SqliteDatabase db = open(file, synchronous);
                SqliteTelemetryStore store =
                        SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC())) {
            store.start();
            long start = System.nanoTime();
            int n = 0;
            while (n < points) {
                List<DeviceTelemetry> batch = new ArrayList<>();
                for (int d = 0; d < 10_000 / KEYS; d++, n += KEYS) {
                    int device = (n / KEYS) % DEVICES;
                    long time = (T0 + n / KEYS / DEVICES * 1000L) * 1000;
                    List<TelemetryPoint> values = new ArrayList<>(KEYS);
                    for (int k = 0; k < KEYS; k++) {
                        values.add(new TelemetryPoint(
                                "k" + k, time, new TelemetryValue.DoubleValue(20 + ((n + k) % 100) / 4.0)));
                    }
                    batch.add(new DeviceTelemetry("tenant", "device-" + device, values));
                }
                store.append(batch);
            }
            double rate = n / seconds(start);
            long bytes = store.diskUsage().telemetryBytes();
            System.out.printf(
                    Locale.ROOT,
                    "  (telemetry tables at the end, partly compacted: %.1f bytes/point)%n",
                    (double) bytes / n);
            return rate;
        }
    }

    private static double endToEnd(Path file, int points, String synchronous) throws Exception {
        TelemetryParser parser = new TelemetryParser(TelemetryLimits.defaults(), Clock.systemUTC());
        byte[][] payloads = new byte[100][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = ("{\"temperature\": " + (20 + i / 8.0) + ", \"humidity\": " + (40 + i)
                            + ", \"running\": true, \"mode\": \"eco\", \"pressure\": 1013." + i + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        LatencyObserver latency = new LatencyObserver();
        try (SqliteDatabase db = open(file, synchronous);
                SqliteTelemetryStore store =
                        SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC());
                TelemetryIngest ingest = new TelemetryIngest(
                        store, IngestConfig.defaults(), new ServerClock(Clock.systemUTC()), latency)) {
            store.start();
            ingest.start();
            Semaphore inFlight = new Semaphore(20_000);
            long start = System.nanoTime();
            int messages = points / KEYS;
            CompletableFuture<?> last = null;
            for (int m = 0; m < messages; m++) {
                List<Sample> samples = parser.parse(payloads[m % payloads.length]);
                inFlight.acquire();
                last = ingest.submit("tenant", "device-" + (m % DEVICES), samples, true)
                        .whenComplete((r, e) -> inFlight.release());
            }
            last.join();
            inFlight.acquire(20_000);
            double rate = messages * (double) KEYS / seconds(start);
            System.out.printf(
                    Locale.ROOT,
                    "  (ingest: %d commits, %.0f points per commit; submit-to-commit latency p50 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms)%n",
                    ingest.stats().committedBatches(),
                    (double) ingest.stats().committedPoints() / ingest.stats().committedBatches(),
                    latency.percentile(0.5),
                    latency.percentile(0.99),
                    latency.percentile(1.0));
            return rate;
        }
    }

    /** Offers a fixed rate of 5-value JSON messages (open loop) and reports submit-to-commit latency. */
    private static void latencyAtRate(Path file, int pointsPerSecond, int seconds, String synchronous)
            throws Exception {
        TelemetryParser parser = new TelemetryParser(TelemetryLimits.defaults(), Clock.systemUTC());
        byte[] payload = "{\"temperature\": 21.5, \"humidity\": 40, \"running\": true, \"mode\": \"eco\", \"p\": 1.5}"
                .getBytes(StandardCharsets.UTF_8);
        int messages = pointsPerSecond / KEYS * seconds;
        long[] latencies = new long[messages];
        try (SqliteDatabase db = open(file, synchronous);
                SqliteTelemetryStore store =
                        SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC());
                TelemetryIngest ingest = new TelemetryIngest(
                        store, IngestConfig.defaults(), new ServerClock(Clock.systemUTC()), IngestObserver.NONE)) {
            store.start();
            ingest.start();
            long start = System.nanoTime();
            double intervalNanos = 1e9 * KEYS / pointsPerSecond;
            List<CompletableFuture<?>> futures = new ArrayList<>(messages);
            for (int m = 0; m < messages; m++) {
                long due = start + (long) (m * intervalNanos);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                int index = m;
                long submitted = System.nanoTime();
                futures.add(ingest.submit("tenant", "device-" + (m % DEVICES), parser.parse(payload), true)
                        .whenComplete((r, e) -> latencies[index] = System.nanoTime() - submitted));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }
        java.util.Arrays.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "fixed offered load %,d points/s for %d s: submit-to-commit latency p50 %.1f ms, p99 %.1f ms,"
                        + " p99.9 %.1f ms, max %.1f ms%n",
                pointsPerSecond,
                seconds,
                latencies[messages / 2] / 1e6,
                latencies[(int) (messages * 0.99)] / 1e6,
                latencies[(int) (messages * 0.999)] / 1e6,
                latencies[messages - 1] / 1e6);
    }

    private static void year(Path file, int seconds, String synchronous) {
        try (SqliteDatabase db = open(file, synchronous);
                SqliteTelemetryStore store =
                        SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC())) {
            store.start();
            long start = System.nanoTime();
            for (int done = 0; done < seconds; done += 50_000) {
                List<TelemetryPoint> values = new ArrayList<>(50_000);
                for (int i = done; i < Math.min(seconds, done + 50_000); i++) {
                    double v = 20 + 5 * Math.sin(i / 3600.0) + (i % 7) * 0.1;
                    values.add(new TelemetryPoint(
                            "temperature", (T0 + i * 1000L) * 1000, new TelemetryValue.DoubleValue(v)));
                }
                store.append(List.of(new DeviceTelemetry("tenant", "sensor", values)));
            }
            double load = seconds(start);
            long compactStart = System.nanoTime();
            store.compact();
            double compaction = seconds(compactStart);
            long bytes = store.diskUsage().telemetryBytes();
            System.out.printf(
                    Locale.ROOT,
                    "one key, %,d per-second points: load %.1f s (%,.0f points/s), final compaction %.1f s,"
                            + " %.2f bytes/point on disk%n",
                    seconds,
                    load,
                    seconds / load,
                    compaction,
                    (double) bytes / seconds);
            AggregateQuery query = AggregateQuery.of(
                    List.of("temperature"),
                    T0 - T0 % 3_600_000,
                    T0 + seconds * 1000L,
                    Aggregation.AVG,
                    Duration.ofHours(1));
            for (int run = 1; run <= 5; run++) {
                long q = System.nanoTime();
                List<Bucket> buckets =
                        store.aggregate("tenant", "sensor", query).get("temperature");
                System.out.printf(
                        Locale.ROOT,
                        "  1-hour avg over the whole range, run %d: %d buckets in %.1f ms%n",
                        run,
                        buckets.size(),
                        (System.nanoTime() - q) / 1e6);
            }
            AggregateQuery raw = AggregateQuery.of(
                    List.of("temperature"),
                    T0 + 1234,
                    T0 + seconds * 1000L - 777,
                    Aggregation.MAX,
                    Duration.ofHours(1));
            long q = System.nanoTime();
            store.aggregate("tenant", "sensor", raw);
            System.out.printf(
                    Locale.ROOT, "  1-hour max, range not hour-aligned: %.1f ms%n", (System.nanoTime() - q) / 1e6);
        }
    }

    /** Collects the wait of the oldest submission of each commit. */
    private static final class LatencyObserver implements IngestObserver {
        private final List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void committed(int submissions, int points, long appendNanos, long oldestWaitNanos) {
            waits.add(oldestWaitNanos);
        }

        double percentile(double p) {
            List<Long> sorted = new ArrayList<>(waits);
            sorted.sort(null);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p)) / 1e6;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
