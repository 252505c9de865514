package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.ApiClient.Response;
import io.millwright.testkit.TestPlatform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry and authentication REST API against the real server with SQLite storage. */
class RegistryApiIT {

    private static TestPlatform platform;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        admin = platform.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void health_readiness_metrics_and_openapi_are_served() {
        ApiClient anonymous = platform.api();
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
        Response metrics = anonymous.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        Response openapi = anonymous.get("/api/v1/openapi.json");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.json().path("paths").has("/api/v1/devices")).isTrue();
    }

    @Test
    void login_with_a_wrong_password_is_refused() {
        Response response =
                platform.api().post("/api/v1/auth/login", Map.of("username", "admin", "password", "wrong-password"));
        assertProblem(response, 401);
    }

    @Test
    void api_tokens_are_created_listed_used_and_revoked() {
        Response created = admin.post("/api/v1/tokens", Map.of("name", "ci-pipeline"));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().path("token").asText();
        String id = created.json().path("id").asText();
        ApiClient automation = platform.api().withToken(secret);
        assertThat(automation.get("/api/v1/devices").status()).isEqualTo(200);

        JsonNode listed = admin.get("/api/v1/tokens").json();
        assertThat(listed.toString()).contains("ci-pipeline").doesNotContain(secret);

        assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertProblem(automation.get("/api/v1/devices"), 401);
    }

    @Test
    void devices_are_created_read_updated_rotated_and_deleted() {
        Response created = admin.post(
                "/api/v1/devices", Map.of("name", "crud-pump-1", "type", "pump", "labels", Map.of("site", "north")));
        assertThat(created.status()).isEqualTo(201);
        JsonNode device = created.json();
        String id = device.path("id").asText();
        assertThat(device.path("name").asText()).isEqualTo("crud-pump-1");
        assertThat(device.path("type").asText()).isEqualTo("pump");
        assertThat(device.path("labels").path("site").asText()).isEqualTo("north");
        assertThat(device.path("token").asText()).isNotBlank();

        Response read = admin.get("/api/v1/devices/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("token"))
                .as("the token is shown only on creation")
                .isFalse();

        Response patched = admin.patch("/api/v1/devices/" + id, Map.of("labels", Map.of("site", "south")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("labels").path("site").asText()).isEqualTo("south");

        Response rotated = admin.post("/api/v1/devices/" + id + "/token", Map.of());
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().path("token").asText())
                .isNotEqualTo(device.path("token").asText());

        assertThat(admin.delete("/api/v1/devices/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/api/v1/devices/" + id), 404);
    }

    @Test
    void devices_are_listed_with_filters_and_pages() {
        for (int i = 0; i < 5; i++) {
            admin.post(
                    "/api/v1/devices",
                    Map.of("name", "list-" + i, "type", i % 2 == 0 ? "fan" : "valve", "labels", Map.of("line", "a")));
        }
        JsonNode fans = admin.get("/api/v1/devices?name=list-&type=fan").json();
        assertThat(names(fans)).containsExactly("list-0", "list-2", "list-4");

        JsonNode first = admin.get("/api/v1/devices?name=list-&limit=2").json();
        assertThat(names(first)).containsExactly("list-0", "list-1");
        String next = first.path("next").asText();
        JsonNode second =
                admin.get("/api/v1/devices?name=list-&limit=2&cursor=" + next).json();
        assertThat(names(second)).containsExactly("list-2", "list-3");

        JsonNode labelled = admin.get("/api/v1/devices?name=list-&label=line:a").json();
        assertThat(names(labelled)).hasSize(5);
    }

    @Test
    void bad_input_gets_problem_answers_and_changes_nothing() {
        admin.createDevice("bad-input-original");
        assertProblem(admin.send("POST", "/api/v1/devices", "application/json", "{\"name\": "), 400);
        assertProblem(admin.post("/api/v1/devices", Map.of("name", "x".repeat(65))), 400);
        assertProblem(admin.post("/api/v1/devices", Map.of("name", "has space")), 400);
        assertProblem(admin.post("/api/v1/devices", Map.of("name", "ok-name", "colour", "red")), 400);
        assertProblem(admin.post("/api/v1/devices", Map.of("name", "bad-input-original")), 409);
        assertProblem(admin.get("/api/v1/devices/00000000-0000-0000-0000-000000000000"), 404);
        assertProblem(platform.api().get("/api/v1/devices"), 401);
        assertProblem(platform.api().withToken("mwa_not-a-real-token").get("/api/v1/devices"), 401);
        String huge = "{\"name\":\"big\",\"type\":\"" + "x".repeat(1024 * 1024 + 1024) + "\"}";
        assertProblem(admin.send("POST", "/api/v1/devices", "application/json", huge), 413);

        assertThat(names(admin.get("/api/v1/devices?name=ok-name").json())).isEmpty();
        assertThat(names(admin.get("/api/v1/devices?name=big").json())).isEmpty();
        assertThat(names(admin.get("/api/v1/devices?name=bad-input-").json())).containsExactly("bad-input-original");
    }

    @Test
    void a_viewer_may_read_but_not_change() {
        Response user = admin.post(
                "/api/v1/users", Map.of("username", "viewer-1", "password", "viewer-password", "role", "viewer"));
        assertThat(user.status()).isEqualTo(201);
        ApiClient viewer = platform.api().login("viewer-1", "viewer-password");
        assertThat(viewer.get("/api/v1/devices").status()).isEqualTo(200);
        assertProblem(viewer.post("/api/v1/devices", Map.of("name", "viewer-made")), 403);
        assertProblem(
                viewer.post("/api/v1/users", Map.of("username", "v2", "password", "viewer-password", "role", "admin")),
                403);
    }

    static List<String> names(JsonNode page) {
        return page.path("items").findValuesAsText("name");
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }
}
