package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.device.CreatedDevice;
import io.millwright.http.ApiFixture.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Telemetry writes and queries through the API, over the real ingest and SQLite store. */
class TelemetryRoutesTest {

    private static PlatformFixture platform;
    private static String operator;
    private static String viewer;
    /** A minute-aligned device time an hour ago, so device timestamps are valid and buckets are whole minutes. */
    private static long base;

    @BeforeAll
    static void start() {
        platform = PlatformFixture.start();
        operator = platform.userWithRole("otto", "operator");
        viewer = platform.userWithRole("val", "viewer");
        base = Instant.now()
                .truncatedTo(ChronoUnit.MINUTES)
                .minus(1, ChronoUnit.HOURS)
                .toEpochMilli();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String telemetryOf(Principal.Device device) {
        return "/api/v1/devices/" + device.deviceId() + "/telemetry";
    }

    private static String deviceApi(CreatedDevice device) {
        return "/api/v1/" + device.token() + "/telemetry";
    }

    private static Principal.Device principal(CreatedDevice created) {
        return new Principal.Device(
                created.device().tenantId(),
                created.device().id(),
                created.device().name());
    }

    /** Every point of {@code keys} since the epoch, as the API answers them. */
    private static JsonNode all(Principal.Device device, String keys) {
        Response r = platform.get(telemetryOf(device) + "?from=0&keys=" + keys, viewer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("series");
    }

    private static void write(Principal.Device device, String body) {
        Response r = platform.post(telemetryOf(device), operator, json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    @Test
    void the_device_api_accepts_every_shape_and_answers_200_after_the_commit() {
        CreatedDevice created = platform.deviceWithToken("tb-1");
        String path = deviceApi(created);

        Response flat = platform.post(path, null, json("{'temperature':21.5,'running':true,'mode':'eco'}"));
        Response timed = platform.post(path, null, json("{'ts':" + base + ",'values':{'humidity':40}}"));
        Response array = platform.post(
                path,
                null,
                json("[{'ts':" + (base + 1) + ",'values':{'humidity':41}},{'pressure':1013,'cfg':{'a':[1,2]}}]"));

        for (Response r : List.of(flat, timed, array)) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        }
        JsonNode series = all(principal(created), "temperature,running,mode,humidity,pressure,cfg");
        assertThat(series.get("temperature").get(0).get("value").asDouble()).isEqualTo(21.5);
        assertThat(series.get("running").get(0).get("value").asBoolean()).isTrue();
        assertThat(series.get("mode").get(0).get("value").asText()).isEqualTo("eco");
        assertThat(series.get("humidity").findValuesAsText("ts"))
                .containsExactly(Long.toString(base), Long.toString(base + 1));
        assertThat(series.get("humidity").findValuesAsText("value")).containsExactly("40", "41");
        assertThat(series.get("pressure").get(0).get("value").isIntegralNumber())
                .isTrue();
        assertThat(series.get("cfg").get(0).get("value").toString()).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void the_application_api_accepts_every_shape_and_answers_204_after_the_commit() {
        Principal.Device device = platform.device("app-1");

        write(device, "{'temperature':20}");
        write(device, "{'ts':" + base + ",'values':{'temperature':19.5}}");
        write(device, "[{'ts':" + (base + 5) + ",'values':{'temperature':19}},{'temperature':22}]");

        JsonNode points = all(device, "temperature").get("temperature");
        assertThat(points).hasSize(4);
        assertThat(points.get(0).get("ts").asLong()).isEqualTo(base);
        assertThat(points.get(1).get("ts").asLong()).isEqualTo(base + 5);
    }

    @Test
    void writes_without_ts_get_server_times_and_are_distinct_points() {
        Principal.Device device = platform.device("server-time-1");
        long before = System.currentTimeMillis();

        write(device, "{'count':1}");
        write(device, "{'count':2}");

        JsonNode points = all(device, "count").get("count");
        assertThat(points.findValuesAsText("value")).containsExactly("1", "2");
        for (JsonNode point : points) {
            assertThat(point.get("ts").asLong()).isBetween(before, System.currentTimeMillis());
        }
    }

    @Test
    void a_bad_message_is_rejected_whole_and_a_good_one_right_after_is_stored() {
        CreatedDevice created = platform.deviceWithToken("bad-1");
        String path = deviceApi(created);
        String tooMany = "[" + "{'a':1},".repeat(50) + "{'a':1}]";
        long farFuture = System.currentTimeMillis() + 3_600_000;

        platform.post(path, null, json("{'a':1,")).assertProblem(400);
        platform.post(path, null, json("{'a':{'b':{'c':{'d':{'e':1}}}}}")).assertProblem(400);
        platform.post(path, null, json(tooMany)).assertProblem(413);
        platform.post(path, null, json("[{'a':1},{'ts':" + farFuture + ",'values':{'a':2}}]"))
                .assertInvalid("ts");
        platform.post(path, null, json("{'a':1,'bad key':2}")).assertInvalid("key");
        platform.post(path, null, json("{'a':'" + "x".repeat(17 * 1024) + "'}")).assertProblem(413);
        platform.post(telemetryOf(principal(created)), operator, json("[{'a':1},{'b':null}]"))
                .assertInvalid("b");

        assertThat(platform.get(telemetryOf(principal(created)) + "/latest", viewer)
                        .json())
                .isEmpty();
        assertThat(platform.post(path, null, json("{'a':7}")).status()).isEqualTo(200);
        assertThat(all(principal(created), "a").get("a").findValuesAsText("value"))
                .containsExactly("7");
    }

    @Test
    void an_unknown_device_token_is_401() {
        JsonNode problem = platform.post("/api/v1/mwd_no-such-token/telemetry", null, json("{'a':1}"))
                .assertProblem(401);
        assertThat(problem.get("detail").asText()).contains("token");
    }

    @Test
    void the_device_api_does_not_shadow_the_collections() {
        Response created = platform.post("/api/v1/devices", operator, json("{'name':'shadow-1'}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(platform.get("/api/v1/devices", viewer).status()).isEqualTo(200);
        assertThat(platform.get("/api/v1/tokens", platform.adminToken).status()).isEqualTo(200);
    }

    @Test
    void a_viewer_cannot_write_and_other_tenants_devices_are_not_found() {
        Principal.Device device = platform.device("guarded-1");
        platform.post(telemetryOf(device), viewer, json("{'a':1}")).assertProblem(403);
        platform.post(telemetryOf(device), null, json("{'a':1}")).assertProblem(401);

        String foreign = "/api/v1/devices/" + platform.foreignDevice("foreign-1") + "/telemetry";
        platform.post(foreign, operator, json("{'a':1}")).assertProblem(404);
        platform.get(foreign + "?from=0", viewer).assertProblem(404);
        platform.get(foreign + "/latest", viewer).assertProblem(404);
        platform.get("/api/v1/devices/no-such-device/telemetry/latest", viewer).assertProblem(404);
    }

    @Test
    void latest_answers_the_newest_point_of_each_key() {
        Principal.Device device = platform.device("latest-1");
        write(device, "[{'ts':" + (base + 2) + ",'values':{'a':2,'b':'x'}},{'ts':" + base + ",'values':{'a':1}}]");
        write(device, "{'ts':" + (base + 1) + ",'values':{'c':true}}");

        JsonNode all = platform.get(telemetryOf(device) + "/latest", viewer).json();
        assertThat(all.fieldNames()).toIterable().containsExactly("a", "b", "c");
        assertThat(all.get("a").get("ts").asLong()).isEqualTo(base + 2);
        assertThat(all.get("a").get("value").asInt()).isEqualTo(2);
        assertThat(all.get("b").get("value").asText()).isEqualTo("x");

        JsonNode some = platform.get(telemetryOf(device) + "/latest?keys=c,missing", viewer)
                .json();
        assertThat(some.fieldNames()).toIterable().containsExactly("c");
        assertThat(some.get("c").get("value").asBoolean()).isTrue();
    }

    @Test
    void raw_points_page_with_a_cursor_in_both_orders() {
        Principal.Device device = platform.device("paged-1");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{'ts':")
                    .append(base + i)
                    .append(",'values':{'n':")
                    .append(i)
                    .append("}}");
        }
        write(device, body.append("]").toString());

        assertThat(pages(device, "asc")).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
        assertThat(pages(device, "desc")).containsExactly(List.of(4, 3), List.of(2, 1), List.of(0));
    }

    private static List<List<Integer>> pages(Principal.Device device, String order) {
        List<List<Integer>> pages = new ArrayList<>();
        String query = telemetryOf(device) + "?keys=n&from=0&limit=2&order=" + order;
        String cursor = null;
        do {
            JsonNode page = platform.get(query + (cursor == null ? "" : "&cursor=" + cursor), viewer)
                    .json();
            List<Integer> values = new ArrayList<>();
            page.get("series").get("n").forEach(p -> values.add(p.get("value").asInt()));
            pages.add(values);
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null && pages.size() < 10);
        return pages;
    }

    @Test
    void aggregates_per_minute_match_values_computed_here() {
        Principal.Device device = platform.device("agg-1");
        Map<Long, List<Double>> byMinute = new TreeMap<>();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            long ts = base + i * 17_000L;
            double value = (i * 7 % 5) + 0.5;
            byMinute.computeIfAbsent(base + (ts - base) / 60_000 * 60_000, m -> new ArrayList<>())
                    .add(value);
            body.append(i == 0 ? "" : ",")
                    .append("{'ts':")
                    .append(ts)
                    .append(",'values':{'v':")
                    .append(value)
                    .append("}}");
        }
        write(device, body.append("]").toString());
        String range = "&keys=v&from=" + base + "&to=" + (base + 240_000) + "&interval=1m";

        for (String agg : List.of("avg", "min", "max", "sum", "count")) {
            JsonNode buckets = platform.get(telemetryOf(device) + "?agg=" + agg + range, viewer)
                    .json()
                    .get("series")
                    .get("v");
            assertThat(buckets).as(agg).hasSize(byMinute.size());
            int i = 0;
            for (Map.Entry<Long, List<Double>> minute : byMinute.entrySet()) {
                List<Double> values = minute.getValue();
                double expected = switch (agg) {
                    case "avg" -> values.stream().mapToDouble(d -> d).average().orElseThrow();
                    case "min" -> values.stream().mapToDouble(d -> d).min().orElseThrow();
                    case "max" -> values.stream().mapToDouble(d -> d).max().orElseThrow();
                    case "sum" -> values.stream().mapToDouble(d -> d).sum();
                    default -> values.size();
                };
                JsonNode bucket = buckets.get(i++);
                assertThat(bucket.get("ts").asLong()).as(agg).isEqualTo(minute.getKey());
                assertThat(bucket.get("value").asDouble()).as(agg).isCloseTo(expected, within());
            }
        }
        JsonNode count =
                platform.get(telemetryOf(device) + "?agg=count&from=0", viewer).json();
        assertThat(count.get("series").get("v").get(0).get("value").asLong()).isEqualTo(12);
        assertThat(count.get("series").get("v").get(0).get("value").isIntegralNumber())
                .isTrue();
        assertThat(count.get("next").isNull()).isTrue();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    @Test
    void csv_is_answered_for_accept_text_csv() {
        Principal.Device device = platform.device("csv-1");
        write(device, "{'ts':" + base + ",'values':{'a':1.5,'note':'hot, \\\"very\\\"'}}");

        Response r = platform.get(telemetryOf(device) + "?from=0&keys=a,note", viewer, "Accept", "text/csv");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        assertThat(r.body())
                .isEqualTo(
                        "key,ts,value\r\n" + "a," + base + ",1.5\r\n" + "note," + base + ",\"hot, \"\"very\"\"\"\r\n");
    }

    @Test
    void every_query_parameter_is_validated() {
        String path = telemetryOf(platform.device("params-1")) + "?";

        platform.get(path + "from=yesterday", viewer).assertInvalid("from");
        platform.get(path + "from=2000&to=1000", viewer).assertInvalid("from");
        platform.get(path + "to=-5", viewer).assertInvalid("to");
        platform.get(path + "limit=0", viewer).assertInvalid("limit");
        platform.get(path + "order=sideways", viewer).assertInvalid("order");
        platform.get(path + "keys=a,bad%20key", viewer).assertInvalid("keys");
        platform.get(path + "keys=a,a", viewer).assertInvalid("keys");
        platform.get(path + "keys=a&cursor=!!!", viewer).assertInvalid("cursor");
        platform.get(path + "keys=a&cursor=bm9wZQ", viewer).assertInvalid("cursor");
        platform.get(path + "agg=median", viewer).assertInvalid("agg");
        platform.get(path + "agg=avg&interval=5x", viewer).assertInvalid("interval");
        platform.get(path + "agg=avg&interval=1ms&from=0&keys=a", viewer).assertInvalid("interval");
        platform.get(path + "interval=1m", viewer).assertInvalid("interval");
        platform.get(path + "agg=avg&limit=5", viewer).assertInvalid("limit");
        platform.get(path.replace("?", "/latest?") + "keys=bad%20key", viewer).assertInvalid("keys");
    }

    @Test
    void a_device_without_data_answers_empty_series() {
        String path = telemetryOf(platform.device("empty-1"));

        JsonNode all = platform.get(path, viewer).json();
        assertThat(all.get("series")).isEmpty();
        assertThat(all.get("next").isNull()).isTrue();
        JsonNode named = platform.get(path + "?keys=a", viewer).json();
        assertThat(named.get("series").get("a")).isEmpty();
    }
}
