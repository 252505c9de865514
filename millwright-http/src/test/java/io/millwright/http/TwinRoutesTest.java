package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.auth.Principal;
import io.millwright.http.ApiFixture.Response;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwinRoutesTest {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private static PlatformFixture platform;
    private static String operator;
    private static String viewer;

    @BeforeAll
    static void start() {
        platform = PlatformFixture.start();
        operator = platform.userWithRole("otto", "operator");
        viewer = platform.userWithRole("val", "viewer");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String twinOf(String name) {
        return "/api/v1/devices/" + platform.device(name).deviceId() + "/twin";
    }

    private static Response patchDesired(String twin, String body, String... headers) {
        return platform.patch(twin + "/desired", operator, json(body), MERGE_PATCH, headers);
    }

    @Test
    void fresh_device_has_an_empty_twin_with_versions_0() {
        Principal.Device device = platform.device("fresh-1");

        Response r = platform.get("/api/v1/devices/" + device.deviceId() + "/twin", viewer);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo("\"0\"");
        JsonNode twin = r.json();
        assertThat(twin.get("deviceId").asText()).isEqualTo(device.deviceId());
        assertThat(twin.get("reported").size()).isZero();
        assertThat(twin.get("desired").size()).isZero();
        assertThat(twin.get("delta").size()).isZero();
        assertThat(twin.get("metadata").get("reported").size()).isZero();
        assertThat(twin.get("metadata").get("desired").size()).isZero();
        assertThat(twin.get("version").get("reported").asLong()).isZero();
        assertThat(twin.get("version").get("desired").asLong()).isZero();
    }

    @Test
    void desired_patch_answers_the_twin_with_a_new_etag_and_the_delta_against_reported() {
        Principal.Device device = platform.device("patched-1");
        String twin = "/api/v1/devices/" + device.deviceId() + "/twin";
        platform.twins.patchReported(device, "{\"speed\":10,\"mode\":\"eco\"}");

        Response r = patchDesired(twin, "{'speed':20,'mode':'eco','limits':{'max':90}}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo("\"1\"");
        JsonNode body = r.json();
        assertThat(body.get("desired").get("speed").asInt()).isEqualTo(20);
        assertThat(body.get("reported").get("speed").asInt()).isEqualTo(10);
        assertThat(body.get("delta").toString()).isEqualTo(json("{'speed':20,'limits':{'max':90}}"));
        assertThat(body.get("version").get("desired").asLong()).isEqualTo(1);
        assertThat(body.get("version").get("reported").asLong()).isEqualTo(1);
        Instant speedAt = Instant.parse(body.get("metadata")
                .get("desired")
                .get("speed")
                .get("updatedAt")
                .asText());
        assertThat(speedAt).isBeforeOrEqualTo(Instant.now());
        assertThat(body.get("metadata").get("reported").has("mode")).isTrue();

        Response read = platform.get(twin, viewer);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().get("desired")).isEqualTo(body.get("desired"));
    }

    @Test
    void plain_json_content_type_is_accepted_too() {
        String twin = twinOf("plain-1");

        Response r = platform.patch(twin + "/desired", operator, json("{'on':true}"), ApiFixture.JSON);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("desired").get("on").asBoolean()).isTrue();
    }

    @Test
    void if_match_with_the_current_version_applies_quoted_or_bare_or_star() {
        String twin = twinOf("matched-1");

        assertThat(patchDesired(twin, "{'a':1}", "If-Match", "\"0\"").header("ETag"))
                .isEqualTo("\"1\"");
        assertThat(patchDesired(twin, "{'a':2}", "If-Match", "1").header("ETag"))
                .isEqualTo("\"2\"");
        assertThat(patchDesired(twin, "{'a':3}", "If-Match", "*").header("ETag"))
                .isEqualTo("\"3\"");

        assertThat(platform.get(twin, viewer).json().get("desired").get("a").asInt())
                .isEqualTo(3);
    }

    @Test
    void if_match_with_a_stale_version_is_412_and_changes_nothing() {
        String twin = twinOf("stale-1");
        patchDesired(twin, "{'a':1}");
        patchDesired(twin, "{'a':2}");

        patchDesired(twin, "{'a':99,'b':true}", "If-Match", "\"1\"").assertProblem(412);

        Response after = platform.get(twin, viewer);
        assertThat(after.header("ETag")).isEqualTo("\"2\"");
        assertThat(after.json().get("desired").toString()).isEqualTo(json("{'a':2}"));
    }

    @Test
    void malformed_if_match_is_400_and_changes_nothing() {
        String twin = twinOf("malformed-1");

        for (String bad : new String[] {"abc", "\"1", "W/\"0\"", "\"0\", \"1\"", "-1"}) {
            patchDesired(twin, "{'a':1}", "If-Match", bad).assertInvalid("If-Match");
        }

        assertThat(platform.get(twin, viewer).header("ETag")).isEqualTo("\"0\"");
    }

    @Test
    void null_in_a_merge_patch_removes_the_key_and_its_metadata() {
        String twin = twinOf("removal-1");
        patchDesired(twin, "{'keep':1,'drop':2,'nested':{'x':1,'y':2}}");

        Response r =
                platform.patch(twin + "/desired", operator, "{\"drop\":null,\"nested\":{\"y\":null}}", MERGE_PATCH);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("desired").toString()).isEqualTo(json("{'keep':1,'nested':{'x':1}}"));
        assertThat(body.get("metadata").get("desired").has("drop")).isFalse();
        assertThat(body.get("version").get("desired").asLong()).isEqualTo(2);
    }

    @Test
    void over_limit_patches_are_rejected_and_change_nothing() {
        String twin = twinOf("limited-1");
        patchDesired(twin, "{'small':1}");
        String big = "x".repeat(PlatformFixture.TWIN_LIMITS.maxPatchBytes());

        patchDesired(twin, "{'big':'" + big + "'}").assertProblem(413);
        patchDesired(twin, "{'a':{'b':{'c':{'d':{'e':1}}}}}").assertProblem(413);
        String chunk = "y".repeat(PlatformFixture.TWIN_LIMITS.maxPatchBytes() - 40);
        assertThat(patchDesired(twin, "{'k0':'" + chunk + "'}").status()).isEqualTo(200);
        assertThat(patchDesired(twin, "{'k1':'" + chunk + "'}").status()).isEqualTo(200);
        patchDesired(twin, "{'k2':'" + chunk + "'}").assertProblem(413);
        patchDesired(twin, "[1]").assertProblem(400);

        JsonNode after = platform.get(twin, viewer).json();
        assertThat(after.get("version").get("desired").asLong()).isEqualTo(3);
        assertThat(after.get("desired").has("big")).isFalse();
        assertThat(after.get("desired").has("a")).isFalse();
        assertThat(after.get("desired").has("k2")).isFalse();
    }

    @Test
    void viewer_cannot_patch_desired() {
        String twin = twinOf("guarded-1");

        platform.patch(twin + "/desired", viewer, json("{'a':1}"), MERGE_PATCH).assertProblem(403);

        assertThat(platform.get(twin, viewer).json().get("desired").size()).isZero();
    }

    @Test
    void unknown_and_foreign_devices_are_404() {
        String foreign = "/api/v1/devices/" + platform.foreignDevice("foreign-twin-1") + "/twin";
        String unknown = "/api/v1/devices/00000000-0000-0000-0000-000000000000/twin";

        for (String twin : new String[] {foreign, unknown}) {
            platform.get(twin, viewer).assertProblem(404);
            patchDesired(twin, "{'a':1}").assertProblem(404);
        }
    }

    @Test
    void twin_routes_need_a_token() {
        String twin = twinOf("anon-twin-1");

        platform.get(twin, null).assertProblem(401);
        platform.patch(twin + "/desired", null, json("{'a':1}"), MERGE_PATCH).assertProblem(401);
    }
}
