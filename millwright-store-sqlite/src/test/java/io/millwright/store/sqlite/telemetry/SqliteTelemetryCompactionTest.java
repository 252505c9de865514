package io.millwright.store.sqlite.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.common.Page;
import io.millwright.core.telemetry.AggregateQuery;
import io.millwright.core.telemetry.Aggregation;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.DeviceSelection;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.Order;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTelemetryCompactionTest {

    private static final long T0 = 1_732_147_200_000L;
    private static final List<String> KEYS = List.of("a", "b", "c");

    @TempDir
    Path dir;

    private SqliteDatabase db;
    private SqliteTelemetryStore store;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(new SqliteConfig(dir.resolve("t.db"), "NORMAL", 2, 8 * 1024));
        store = SqliteTelemetryStore.open(
                db, new SqliteTelemetryConfig(1000, Duration.ofHours(1), 64, 100_000), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    private void reopen() {
        store.close();
        db.close();
        open();
    }

    @Test
    void query_results_are_identical_before_and_after_compaction() {
        Random random = new Random(3);
        for (int round = 0; round < 6; round++) {
            List<DeviceTelemetry> batch = new ArrayList<>();
            for (String device : List.of("d1", "d2")) {
                List<TelemetryPoint> points = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    String key = KEYS.get(random.nextInt(KEYS.size()));
                    long millis = T0 + random.nextInt(4 * 3600) * 1000L;
                    TelemetryValue value = random.nextInt(10) == 0
                            ? new TelemetryValue.StringValue("s" + i)
                            : new TelemetryValue.DoubleValue(random.nextInt(1000) / 8.0);
                    points.add(new TelemetryPoint(key, millis * 1000 + random.nextInt(3), value));
                }
                batch.add(new DeviceTelemetry("t", device, points));
            }
            store.append(batch);
            Map<String, Object> before = snapshot();
            if (round % 2 == 0) {
                store.compact();
            } else {
                reopen();
            }
            assertThat(snapshot()).as("round %d", round).isEqualTo(before);
        }
        store.compact();
        assertThat(snapshot()).isEqualTo(snapshot());
        assertThat(blocksBeyondNeed()).isZero();
    }

    /** Blocks more than the fewest full blocks each series and hour needs. */
    private long blocksBeyondNeed() {
        return db.read(c -> {
            try (var s = c.createStatement();
                    var rs = s.executeQuery(
                            "SELECT coalesce(sum(n - (points + 63) / 64), 0) FROM (SELECT count(*) AS n,"
                                    + " sum(count) AS points FROM telemetry_block GROUP BY series_id, start_ts / 3600000000)")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> result = new java.util.TreeMap<>();
        for (String device : List.of("d1", "d2")) {
            for (Order order : Order.values()) {
                result.put(device + order, pages(device, order));
            }
            for (Aggregation function : Aggregation.values()) {
                for (Duration interval : List.of(Duration.ofMinutes(1), Duration.ofHours(1))) {
                    Map<String, List<Bucket>> buckets = store.aggregate(
                            "t", device, AggregateQuery.of(KEYS, T0, T0 + 4 * 3_600_000L, function, interval));
                    result.put(device + function + interval, buckets);
                }
            }
            result.put(device + "latest", store.latest("t", device, List.of()));
        }
        return result;
    }

    private List<TelemetryPoint> pages(String device, Order order) {
        List<TelemetryPoint> all = new ArrayList<>();
        RawQuery query = RawQuery.of(KEYS, T0, T0 + 4 * 3_600_000L, 333, order);
        Page<TelemetryPoint> page;
        do {
            page = store.query("t", device, query);
            all.addAll(page.items());
            query = query.withCursor(page.next());
        } while (page.next() != null);
        return all;
    }

    @Test
    void merging_leaves_one_block_per_series_and_hour() {
        for (int part = 0; part < 10; part++) {
            List<TelemetryPoint> points = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                points.add(new TelemetryPoint(
                        "a", (T0 + (part * 50 + i) * 1000L) * 1000, new TelemetryValue.LongValue(i)));
            }
            store.append(List.of(new DeviceTelemetry("t", "d", points)));
            store.compact();
        }
        assertThat(blockCount()).isEqualTo((500 + 63) / 64);
        assertThat(store.aggregate("t", "d", AggregateQuery.of(List.of("a"), T0, T0 + 3_600_000, Aggregation.SUM, null))
                        .get("a"))
                .containsExactly(new Bucket(T0, 10 * (49 * 50 / 2), 500));
    }

    @Test
    void logged_points_and_latest_values_survive_reopening() {
        TelemetryPoint first = new TelemetryPoint("a", T0 * 1000, new TelemetryValue.LongValue(1));
        TelemetryPoint second = new TelemetryPoint("a", T0 * 1000 + 1, new TelemetryValue.StringValue("x"));
        store.append(List.of(new DeviceTelemetry("t", "d", List.of(first))));
        store.compact();
        store.append(List.of(new DeviceTelemetry("t", "d", List.of(second))));
        reopen();

        assertThat(store.latest("t", "d", List.of())).containsExactly(Map.entry("a", second));
        assertThat(store.query("t", "d", RawQuery.of(List.of("a"), T0, T0 + 1, 10, Order.ASC))
                        .items())
                .containsExactly(first, second);
    }

    @Test
    void reclaiming_space_after_a_purge_shrinks_the_free_list() {
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            points.add(new TelemetryPoint("s", (T0 + i) * 1000, new TelemetryValue.StringValue("value-" + i)));
        }
        store.append(List.of(new DeviceTelemetry("t", "d", points)));
        store.compact();
        store.purge("t", new DeviceSelection.All(), T0 + 50_000);
        assertThat(store.diskUsage().reclaimableBytes()).isPositive();

        store.reclaimSpace();

        assertThat(store.diskUsage().reclaimableBytes()).isZero();
    }

    private long blockCount() {
        return db.read(c -> {
            try (var s = c.createStatement();
                    var rs = s.executeQuery("SELECT count(*) FROM telemetry_block")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
