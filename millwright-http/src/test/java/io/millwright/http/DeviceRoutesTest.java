package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.http.ApiFixture.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeviceRoutesTest {

    private static ApiFixture api;
    private static String operator;
    private static String viewer;

    @BeforeAll
    static void start() {
        api = ApiFixture.start();
        operator = api.userWithRole("otto", "operator");
        viewer = api.userWithRole("val", "viewer");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonNode create(String body) {
        Response r = api.post("/api/v1/devices", operator, json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void create_answers_the_device_with_its_token_once() {
        Response r = api.post(
                "/api/v1/devices",
                operator,
                json("{'name':'pump-1','type':'pump','labels':{'site':'north'},"
                        + "'grants':[{'action':'subscribe','filter':'devices/valve-1/#'}]}"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode device = r.json();
        String id = device.get("id").asText();
        assertThat(r.header("Location")).isEqualTo("/api/v1/devices/" + id);
        assertThat(device.get("name").asText()).isEqualTo("pump-1");
        assertThat(device.get("type").asText()).isEqualTo("pump");
        assertThat(device.get("labels").get("site").asText()).isEqualTo("north");
        assertThat(device.get("grants").get(0).get("action").asText()).isEqualTo("subscribe");
        assertThat(device.get("grants").get(0).get("filter").asText()).isEqualTo("devices/valve-1/#");
        assertThat(device.get("token").asText()).startsWith("mwd_");
        assertThat(device.get("createdAt").asText())
                .isEqualTo(device.get("updatedAt").asText());
        assertThat(api.devices.authenticate("pump-1", device.get("token").asText()))
                .isPresent();

        JsonNode fetched = api.get("/api/v1/devices/" + id, viewer).json();
        assertThat(fetched.has("token")).isFalse();
        assertThat(fetched.get("name").asText()).isEqualTo("pump-1");
    }

    @Test
    void minimal_device_has_null_type_and_empty_labels_and_grants() {
        JsonNode device = create("{'name':'bare-1'}");

        assertThat(device.get("type").isNull()).isTrue();
        assertThat(device.get("labels").size()).isZero();
        assertThat(device.get("grants").size()).isZero();
    }

    @Test
    void duplicate_name_is_409_and_changes_nothing() {
        create("{'name':'dup-1','type':'first'}");
        int before = api.deviceStore.size();

        api.post("/api/v1/devices", operator, json("{'name':'dup-1','type':'second'}"))
                .assertProblem(409);

        assertThat(api.deviceStore.size()).isEqualTo(before);
        JsonNode listed = api.get("/api/v1/devices?name=dup-1", viewer).json();
        assertThat(listed.get("items").get(0).get("type").asText()).isEqualTo("first");
    }

    @Test
    void invalid_devices_are_rejected_naming_the_field_and_nothing_is_stored() {
        int before = api.deviceStore.size();

        api.post("/api/v1/devices", operator, json("{'name':'has space'}")).assertInvalid("name");
        api.post("/api/v1/devices", operator, json("{'type':'pump'}")).assertInvalid("name");
        api.post("/api/v1/devices", operator, json("{'name':5}")).assertInvalid("name");
        api.post("/api/v1/devices", operator, json("{'name':'ok-1','colour':'red'}"))
                .assertInvalid("colour");
        api.post("/api/v1/devices", operator, json("{'name':'ok-1','labels':{'site':7}}"))
                .assertInvalid("labels.site");
        api.post("/api/v1/devices", operator, json("{'name':'ok-1','labels':['a']}"))
                .assertInvalid("labels");
        api.post("/api/v1/devices", operator, json("{'name':'ok-1','grants':[{'action':'delete','filter':'a'}]}"))
                .assertInvalid("grants[0].action");
        api.post("/api/v1/devices", operator, json("{'name':'ok-1','grants':[{'action':'publish','filter':'a/#/b'}]}"))
                .assertInvalid("grants.filter");
        api.post(
                        "/api/v1/devices",
                        operator,
                        json("{'name':'ok-1','grants':[{'action':'publish','filter':'a','qos':1}]}"))
                .assertInvalid("grants[0].qos");

        assertThat(api.deviceStore.size()).isEqualTo(before);
    }

    @Test
    void viewer_may_read_but_not_write() {
        JsonNode device = create("{'name':'guarded-1'}");
        String path = "/api/v1/devices/" + device.get("id").asText();

        api.post("/api/v1/devices", viewer, json("{'name':'viewer-made'}")).assertProblem(403);
        api.patch(path, viewer, json("{'type':'x'}")).assertProblem(403);
        api.delete(path, viewer).assertProblem(403);
        api.post(path + "/token", viewer, null).assertProblem(403);

        assertThat(api.get(path, viewer).status()).isEqualTo(200);
        assertThat(api.get(path, viewer).json().get("type").isNull()).isTrue();
        assertThat(names("/api/v1/devices?name=viewer-made")).isEmpty();
    }

    @Test
    void patch_changes_only_the_given_members() {
        JsonNode device = create("{'name':'patched-1','type':'pump','labels':{'a':'1'}}");
        String path = "/api/v1/devices/" + device.get("id").asText();

        JsonNode relabelled =
                api.patch(path, operator, json("{'labels':{'b':'2'}}")).json();
        assertThat(relabelled.get("type").asText()).isEqualTo("pump");
        assertThat(relabelled.get("labels").has("a")).isFalse();
        assertThat(relabelled.get("labels").get("b").asText()).isEqualTo("2");
        assertThat(relabelled.has("token")).isFalse();

        JsonNode granted = api.patch(path, operator, json("{'grants':[{'action':'publish','filter':'shared/+/x'}]}"))
                .json();
        assertThat(granted.get("grants").get(0).get("filter").asText()).isEqualTo("shared/+/x");
        assertThat(granted.get("updatedAt").asText())
                .isNotEqualTo(device.get("updatedAt").asText());
    }

    @Test
    void patch_with_null_type_clears_it() {
        JsonNode device = create("{'name':'untyped-1','type':'pump','labels':{'a':'1'}}");
        String path = "/api/v1/devices/" + device.get("id").asText();

        JsonNode cleared = api.patch(path, operator, "{\"type\":null}").json();

        assertThat(cleared.get("type").isNull()).isTrue();
        assertThat(cleared.get("labels").get("a").asText()).isEqualTo("1");
    }

    @Test
    void invalid_patch_is_400_and_changes_nothing() {
        JsonNode device = create("{'name':'patch-guard-1','type':'pump','labels':{'a':'1'}}");
        String path = "/api/v1/devices/" + device.get("id").asText();

        api.patch(path, operator, json("{'name':'renamed'}")).assertInvalid("name");
        api.patch(path, operator, json("{'type':3}")).assertInvalid("type");
        api.patch(path, operator, json("{'labels':null}")).assertInvalid("labels");
        api.patch(path, operator, json("{'labels':{'x':'1'},'grants':[{'action':'nope','filter':'a'}]}"))
                .assertInvalid("grants[0].action");
        api.patch(path, operator, "[]").assertProblem(400);

        JsonNode unchanged = api.get(path, viewer).json();
        assertThat(unchanged.get("type").asText()).isEqualTo("pump");
        assertThat(unchanged.get("labels").get("a").asText()).isEqualTo("1");
        assertThat(unchanged.get("labels").has("x")).isFalse();
        assertThat(unchanged.get("updatedAt").asText())
                .isEqualTo(device.get("updatedAt").asText());
    }

    @Test
    void delete_removes_the_device_and_its_credentials() {
        JsonNode device = create("{'name':'doomed-1'}");
        String path = "/api/v1/devices/" + device.get("id").asText();

        Response deleted = api.delete(path, operator);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();

        api.get(path, viewer).assertProblem(404);
        api.delete(path, operator).assertProblem(404);
        assertThat(api.devices.authenticate(device.get("token").asText())).isEmpty();
    }

    @Test
    void unknown_ids_are_404() {
        String path = "/api/v1/devices/00000000-0000-0000-0000-000000000000";

        api.get(path, viewer).assertProblem(404);
        api.patch(path, operator, json("{'type':'x'}")).assertProblem(404);
        api.post(path + "/token", operator, null).assertProblem(404);
    }

    @Test
    void rotate_issues_a_new_token_and_the_old_one_stops_working() {
        JsonNode device = create("{'name':'rotor-1'}");
        String oldToken = device.get("token").asText();
        assertThat(api.devices.authenticate(oldToken)).isPresent();

        Response rotated = api.post("/api/v1/devices/" + device.get("id").asText() + "/token", operator, null);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newToken = rotated.json().get("token").asText();
        assertThat(newToken).startsWith("mwd_").isNotEqualTo(oldToken);
        assertThat(rotated.json().get("name").asText()).isEqualTo("rotor-1");
        assertThat(api.devices.authenticate(oldToken)).isEmpty();
        assertThat(api.devices.authenticate("rotor-1", newToken)).isPresent();
    }

    @Test
    void list_filters_by_name_prefix_type_and_labels() {
        create("{'name':'flt-a','type':'sensor','labels':{'site':'north','floor':'1'}}");
        create("{'name':'flt-b','type':'sensor','labels':{'site':'south'}}");
        create("{'name':'flt-c','type':'pump','labels':{'site':'north'}}");

        assertThat(names("/api/v1/devices?name=flt-")).containsExactly("flt-a", "flt-b", "flt-c");
        assertThat(names("/api/v1/devices?name=flt-&type=sensor")).containsExactly("flt-a", "flt-b");
        assertThat(names("/api/v1/devices?name=flt-&label=site:north")).containsExactly("flt-a", "flt-c");
        assertThat(names("/api/v1/devices?name=flt-&label=site:north&label=floor:1"))
                .containsExactly("flt-a");
        assertThat(names("/api/v1/devices?name=flt-&type=valve")).isEmpty();
    }

    @Test
    void list_pages_with_an_opaque_cursor() {
        for (int i = 0; i < 5; i++) {
            create("{'name':'page-" + i + "'}");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(
                            "/api/v1/devices?name=page-&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), viewer)
                    .json();
            page.get("items").forEach(d -> seen.add(d.get("name").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void list_rejects_bad_query_parameters() {
        api.get("/api/v1/devices?limit=0", viewer).assertInvalid("limit");
        api.get("/api/v1/devices?limit=1001", viewer).assertInvalid("limit");
        api.get("/api/v1/devices?limit=ten", viewer).assertInvalid("limit");
        api.get("/api/v1/devices?label=novalue", viewer).assertInvalid("label");
        api.get("/api/v1/devices?cursor=***", viewer).assertInvalid("cursor");
    }

    @Test
    void device_routes_need_a_token() {
        api.get("/api/v1/devices", null).assertProblem(401);
        api.post("/api/v1/devices", null, json("{'name':'anon-1'}")).assertProblem(401);
        assertThat(api.get("/api/v1/devices?name=anon-1", viewer)
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    private static List<String> names(String path) {
        Response r = api.get(path, viewer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items").findValuesAsText("name");
    }
}
