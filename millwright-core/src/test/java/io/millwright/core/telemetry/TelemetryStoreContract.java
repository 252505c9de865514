package io.millwright.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millwright.core.Ids;
import io.millwright.core.common.Page;
import io.millwright.core.telemetry.TelemetryValue.BooleanValue;
import io.millwright.core.telemetry.TelemetryValue.DoubleValue;
import io.millwright.core.telemetry.TelemetryValue.JsonValue;
import io.millwright.core.telemetry.TelemetryValue.LongValue;
import io.millwright.core.telemetry.TelemetryValue.StringValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TelemetryStore} backend must pass. A backend's test extends this class, supplies a fresh,
 * empty store per test, and may override {@link #compactStorage()} so that the tests also cover data that has moved
 * into the backend's long-term layout.
 */
public abstract class TelemetryStoreContract {

    /** 2024-11-21T00:00:00Z, an hour boundary. */
    protected static final long T0 = 1_732_147_200_000L;

    /** Opens a fresh, empty store; called before each test. */
    protected abstract TelemetryStore openStore();

    /** Moves stored points into the backend's long-term layout, if it has one. */
    protected void compactStorage() {}

    protected TelemetryStore store;
    protected final String tenant = Ids.newId();
    protected final String device = Ids.newId();

    @BeforeEach
    void open() {
        store = openStore();
    }

    protected static TelemetryPoint point(String key, long millis, TelemetryValue value) {
        return new TelemetryPoint(key, millis * 1000, value);
    }

    protected void append(String tenantId, String deviceId, TelemetryPoint... points) {
        store.append(List.of(new DeviceTelemetry(tenantId, deviceId, List.of(points))));
    }

    protected List<TelemetryPoint> all(String tenantId, String deviceId, List<String> keys, Order order) {
        List<TelemetryPoint> result = new ArrayList<>();
        RawQuery query = RawQuery.of(keys, 0, TimeRange.MAX_MILLIS, RawQuery.MAX_LIMIT, order);
        Page<TelemetryPoint> page;
        do {
            page = store.query(tenantId, deviceId, query);
            result.addAll(page.items());
            query = query.withCursor(page.next());
        } while (page.next() != null);
        return result;
    }

    @Test
    void points_of_every_value_type_are_read_back() {
        List<TelemetryPoint> points = List.of(
                point("a", T0, new LongValue(Long.MIN_VALUE)),
                point("a", T0 + 1, new DoubleValue(21.53)),
                point("a", T0 + 2, BooleanValue.TRUE),
                point("a", T0 + 3, new StringValue("eco ✓")),
                point("a", T0 + 4, new JsonValue("{\"x\":[1,2]}")),
                point("a", T0 + 5, new LongValue(Long.MAX_VALUE)),
                point("a", T0 + 6, BooleanValue.FALSE));
        store.append(List.of(new DeviceTelemetry(tenant, device, points)));
        assertThat(all(tenant, device, List.of("a"), Order.ASC)).containsExactlyElementsOf(points);
        compactStorage();
        assertThat(all(tenant, device, List.of("a"), Order.ASC)).containsExactlyElementsOf(points);
    }

    @Test
    void a_point_with_an_existing_identity_replaces_the_earlier_one() {
        append(tenant, device, point("t", T0, new LongValue(1)), point("t", T0 + 1, new LongValue(1)));
        compactStorage();
        append(tenant, device, point("t", T0, new LongValue(2)), point("t", T0, new LongValue(3)));
        append(tenant, device, point("t", T0 + 1, new DoubleValue(4.5)));

        List<TelemetryPoint> expected =
                List.of(point("t", T0, new LongValue(3)), point("t", T0 + 1, new DoubleValue(4.5)));
        assertThat(all(tenant, device, List.of("t"), Order.ASC)).containsExactlyElementsOf(expected);
        assertThat(count("t", T0, T0 + 10)).isEqualTo(2);
        compactStorage();
        assertThat(all(tenant, device, List.of("t"), Order.ASC)).containsExactlyElementsOf(expected);
        assertThat(count("t", T0, T0 + 10)).isEqualTo(2);
    }

    @Test
    void points_microseconds_apart_are_distinct() {
        TelemetryPoint first = new TelemetryPoint("k", T0 * 1000 + 1, new LongValue(1));
        TelemetryPoint second = new TelemetryPoint("k", T0 * 1000 + 2, new LongValue(2));
        store.append(List.of(new DeviceTelemetry(tenant, device, List.of(first))));
        store.append(List.of(new DeviceTelemetry(tenant, device, List.of(second))));
        assertThat(all(tenant, device, List.of("k"), Order.ASC)).containsExactly(first, second);
        assertThat(first.timeMillis()).isEqualTo(second.timeMillis()).isEqualTo(T0);
    }

    @Test
    void latest_is_the_newest_point_by_time_not_by_arrival() {
        append(tenant, device, point("temp", T0 + 200, new DoubleValue(2)), point("mode", T0, new StringValue("a")));
        append(tenant, device, point("temp", T0 + 100, new DoubleValue(1)));

        assertThat(store.latest(tenant, device, List.of()))
                .containsOnly(
                        Map.entry("temp", point("temp", T0 + 200, new DoubleValue(2))),
                        Map.entry("mode", point("mode", T0, new StringValue("a"))));
        compactStorage();
        append(tenant, device, point("mode", T0 + 5, new StringValue("b")));
        assertThat(store.latest(tenant, device, List.of("mode", "missing")))
                .containsOnly(Map.entry("mode", point("mode", T0 + 5, new StringValue("b"))));
    }

    @Test
    void raw_queries_page_through_every_point_once_in_both_orders() {
        List<TelemetryPoint> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(point("a", T0 + i * 10L, new LongValue(i)));
            expected.add(point("b", T0 + i * 10L + (i % 2) * 5, new LongValue(-i)));
        }
        store.append(List.of(new DeviceTelemetry(tenant, device, expected.subList(0, 20))));
        compactStorage();
        store.append(List.of(new DeviceTelemetry(tenant, device, expected.subList(20, 50))));
        Comparator<TelemetryPoint> byTimeAndKey =
                Comparator.comparingLong(TelemetryPoint::timeMicros).thenComparing(TelemetryPoint::key);
        expected.sort(byTimeAndKey);

        assertThat(pages(Order.ASC, 7)).containsExactlyElementsOf(expected);
        List<TelemetryPoint> descending = new ArrayList<>(expected);
        descending.sort(byTimeAndKey.reversed());
        assertThat(pages(Order.DESC, 7)).containsExactlyElementsOf(descending);
        assertThat(pages(Order.ASC, 50)).containsExactlyElementsOf(expected);
    }

    private List<TelemetryPoint> pages(Order order, int limit) {
        List<TelemetryPoint> result = new ArrayList<>();
        RawQuery query = RawQuery.of(List.of("a", "b"), T0, T0 + 1000, limit, order);
        for (int page = 0; page < 100; page++) {
            Page<TelemetryPoint> found = store.query(tenant, device, query);
            assertThat(found.items()).hasSizeLessThanOrEqualTo(limit);
            result.addAll(found.items());
            if (found.next() == null) {
                return result;
            }
            query = query.withCursor(found.next());
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void the_time_range_includes_from_and_excludes_to() {
        append(
                tenant,
                device,
                point("k", T0 - 1, new LongValue(0)),
                point("k", T0, new LongValue(1)),
                point("k", T0 + 9, new LongValue(2)),
                point("k", T0 + 10, new LongValue(3)));
        Page<TelemetryPoint> page = store.query(tenant, device, RawQuery.of(List.of("k"), T0, T0 + 10, 10, Order.ASC));
        assertThat(page.items()).extracting(TelemetryPoint::timeMillis).containsExactly(T0, T0 + 9);
        assertThat(page.next()).isNull();
    }

    @Test
    void aggregations_match_values_computed_from_the_points() {
        Random random = new Random(42);
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long t = T0 + random.nextInt(3 * 3600) * 1000L + random.nextInt(1000);
            TelemetryValue value = switch (i % 4) {
                case 0 -> new LongValue(random.nextInt(2000) - 1000);
                case 1 -> new DoubleValue((random.nextInt(4000) - 2000) / 4.0);
                case 2 -> BooleanValue.of(random.nextBoolean());
                default -> new StringValue("s" + i);
            };
            points.add(point("v", t, value));
        }
        store.append(List.of(new DeviceTelemetry(tenant, device, points.subList(0, 1500))));
        compactStorage();
        store.append(List.of(new DeviceTelemetry(tenant, device, points.subList(1500, 3000))));
        Map<Long, TelemetryValue> stored = new TreeMap<>();
        points.forEach(p -> stored.put(p.timeMicros(), p.value()));

        long from = T0 + 1234;
        long to = T0 + 3 * 3600 * 1000L - 777;
        for (Duration interval : List.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(7))) {
            for (Aggregation function : Aggregation.values()) {
                assertBuckets(function, from, to, interval, stored);
            }
        }
        for (Aggregation function : Aggregation.values()) {
            assertBuckets(function, from, to, null, stored);
            assertBuckets(function, T0, T0 + 3 * 3600 * 1000L, Duration.ofHours(1), stored);
        }
    }

    private void assertBuckets(
            Aggregation function, long from, long to, Duration interval, Map<Long, TelemetryValue> stored) {
        long width = interval == null ? to - from : interval.toMillis();
        long origin = interval == null ? from : Math.floorDiv(from, width) * width;
        TreeMap<Long, List<TelemetryValue>> byBucket = new TreeMap<>();
        stored.forEach((micros, value) -> {
            if (micros >= from * 1000 && micros < to * 1000) {
                long bucket = origin + Math.floorDiv(micros / 1000 - origin, width) * width;
                byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(value);
            }
        });
        List<Bucket> expected = new ArrayList<>();
        byBucket.forEach((start, values) -> {
            List<Double> numbers = values.stream()
                    .filter(TelemetryValue::isNumeric)
                    .map(TelemetryValue::asDouble)
                    .toList();
            double sum = numbers.stream().mapToDouble(Double::doubleValue).sum();
            if (numbers.isEmpty() && function != Aggregation.COUNT) {
                return;
            }
            switch (function) {
                case COUNT -> expected.add(new Bucket(start, values.size(), values.size()));
                case SUM -> expected.add(new Bucket(start, sum, numbers.size()));
                case AVG -> expected.add(new Bucket(start, sum / numbers.size(), numbers.size()));
                case MIN -> expected.add(new Bucket(start, minOf(numbers), numbers.size()));
                case MAX ->
                    expected.add(new Bucket(
                            start, -minOf(numbers.stream().map(d -> -d).toList()), numbers.size()));
            }
        });
        List<Bucket> actual = store.aggregate(
                        tenant, device, AggregateQuery.of(List.of("v"), from, to, function, interval))
                .get("v");
        assertThat(actual).as("%s over %s", function, interval).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).timeMillis()).isEqualTo(expected.get(i).timeMillis());
            assertThat(actual.get(i).count()).isEqualTo(expected.get(i).count());
            assertThat(actual.get(i).value()).isCloseTo(expected.get(i).value(), within(1e-9));
        }
    }

    private static double minOf(List<Double> numbers) {
        return numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private long count(String key, long from, long to) {
        List<Bucket> buckets = store.aggregate(
                        tenant, device, AggregateQuery.of(List.of(key), from, to, Aggregation.COUNT, null))
                .get(key);
        return buckets.isEmpty() ? 0 : buckets.get(0).count();
    }

    @Test
    void aggregating_a_key_without_data_gives_no_buckets() {
        assertThat(store.aggregate(
                        tenant, device, AggregateQuery.of(List.of("none"), T0, T0 + 1, Aggregation.AVG, null)))
                .containsExactly(Map.entry("none", List.of()));
        append(tenant, device, point("s", T0, new StringValue("x")));
        assertThat(store.aggregate(tenant, device, AggregateQuery.of(List.of("s"), T0, T0 + 1, Aggregation.MAX, null))
                        .get("s"))
                .isEmpty();
    }

    @Test
    void purge_deletes_older_points_of_the_selected_devices_only() {
        String other = Ids.newId();
        for (String d : List.of(device, other)) {
            append(tenant, d, point("k", T0, new LongValue(1)), point("k", T0 + 3_600_000, new LongValue(2)));
            compactStorage();
            append(tenant, d, point("k", T0 + 1000, new LongValue(3)), point("k", T0 + 7_200_000, new LongValue(4)));
        }

        long deleted = store.purge(tenant, new DeviceSelection.Only(Set.of(device)), T0 + 3_600_000);

        assertThat(deleted).isEqualTo(2);
        assertThat(all(tenant, device, List.of("k"), Order.ASC))
                .extracting(TelemetryPoint::timeMillis)
                .containsExactly(T0 + 3_600_000, T0 + 7_200_000);
        assertThat(all(tenant, other, List.of("k"), Order.ASC)).hasSize(4);
        assertThat(store.latest(tenant, device, List.of("k"))).containsKey("k");

        store.purge(tenant, new DeviceSelection.AllExcept(Set.of(device)), T0 + 7_200_001);
        assertThat(all(tenant, other, List.of("k"), Order.ASC)).isEmpty();
        assertThat(all(tenant, device, List.of("k"), Order.ASC)).hasSize(2);
        compactStorage();
        store.purge(tenant, new DeviceSelection.All(), T0 + 3_600_001);
        assertThat(all(tenant, device, List.of("k"), Order.ASC))
                .extracting(TelemetryPoint::timeMillis)
                .containsExactly(T0 + 7_200_000);
        store.reclaimSpace();
        assertThat(store.diskUsage().telemetryBytes()).isPositive();
    }

    @Test
    void tenants_do_not_see_each_others_telemetry() {
        String otherTenant = Ids.newId();
        append(tenant, device, point("k", T0, new LongValue(1)));
        append(otherTenant, device, point("k", T0, new LongValue(2)));
        compactStorage();

        assertThat(all(otherTenant, device, List.of("k"), Order.ASC)).containsExactly(point("k", T0, new LongValue(2)));
        assertThat(store.latest(otherTenant, device, List.of()))
                .containsOnly(Map.entry("k", point("k", T0, new LongValue(2))));
        store.purge(otherTenant, new DeviceSelection.All(), T0 + 1);
        assertThat(all(otherTenant, device, List.of("k"), Order.ASC)).isEmpty();
        assertThat(all(tenant, device, List.of("k"), Order.ASC)).containsExactly(point("k", T0, new LongValue(1)));
        assertThat(store.latest(Ids.newId(), device, List.of())).isEmpty();
    }

    @Test
    void one_append_stores_many_devices() {
        String second = Ids.newId();
        store.append(List.of(
                new DeviceTelemetry(tenant, device, List.of(point("k", T0, new LongValue(1)))),
                new DeviceTelemetry(tenant, second, List.of(point("k", T0, new LongValue(2))))));
        assertThat(store.latest(tenant, device, List.of()).get("k").value()).isEqualTo(new LongValue(1));
        assertThat(store.latest(tenant, second, List.of()).get("k").value()).isEqualTo(new LongValue(2));
    }
}
