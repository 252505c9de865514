package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.PreconditionFailedException;
import io.millwright.http.ApiFixture.Response;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure, from routing to unexpected exceptions, is an RFC 9457 problem and leaves state as it was. */
class ErrorHandlingTest {

    private static final int BODY_LIMIT = 512;

    private static ApiFixture api;

    @BeforeAll
    static void start() {
        ApiRoutes failing = (routes, support) -> {
            routes.get("/test/boom", ctx -> {
                throw new IllegalStateException("secret internals at db.example:5432");
            });
            routes.get("/test/precondition", ctx -> {
                throw new PreconditionFailedException("expected version 3, found 4");
            });
            routes.get("/test/quota", ctx -> {
                throw new LimitExceededException(LimitExceededException.Kind.QUOTA, "100 commands per minute");
            });
        };
        api = ApiFixture.start(BODY_LIMIT, List.of(failing));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void unknown_route_is_404_problem() {
        JsonNode problem = api.get("/api/v1/nothing-here", api.adminToken).assertProblem(404);

        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/nothing-here");
        assertThat(problem.get("type").asText()).isEqualTo(ProblemType.NOT_FOUND.uri());
    }

    @Test
    void wrong_method_is_405_problem_with_allow_header() {
        Response r = api.send("PUT", "/api/v1/devices", api.adminToken, "{}", ApiFixture.JSON);

        r.assertProblem(405);
        assertThat(r.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void malformed_json_is_400_and_stores_nothing() {
        int before = api.deviceStore.size();

        JsonNode problem =
                api.post("/api/v1/devices", api.adminToken, "{\"name\": ").assertProblem(400);
        assertThat(problem.get("detail").asText()).contains("malformed JSON");
        api.post("/api/v1/devices", api.adminToken, "{\"name\":\"a-1\"} trailing")
                .assertProblem(400);
        api.post("/api/v1/devices", api.adminToken, "{\"name\":\"a-1\",\"name\":\"a-2\"}")
                .assertInvalid("name");
        api.post("/api/v1/devices", api.adminToken, "null").assertProblem(400);
        api.post("/api/v1/devices", api.adminToken, "[]").assertProblem(400);
        api.post("/api/v1/devices", api.adminToken, "").assertProblem(400);

        assertThat(api.deviceStore.size()).isEqualTo(before);
    }

    @Test
    void unknown_field_is_400_naming_it() {
        JsonNode problem = api.post("/api/v1/auth/login", null, json("{'username':'admin','pasword':'x'}"))
                .assertInvalid("pasword");

        assertThat(problem.get("detail").asText()).contains("pasword").contains("password");
    }

    @Test
    void body_over_the_limit_is_413_and_stores_nothing() {
        int before = api.deviceStore.size();
        String big = json("{'name':'big-1','type':'" + "x".repeat(BODY_LIMIT) + "'}");

        api.post("/api/v1/devices", api.adminToken, big).assertProblem(413);

        assertThat(api.deviceStore.size()).isEqualTo(before);
    }

    @Test
    void body_over_the_limit_without_content_length_is_413() {
        String big = json("{'name':'big-2','type':'" + "x".repeat(BODY_LIMIT * 4) + "'}");
        byte[] bytes = big.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(api.uri("/api/v1/devices"))
                .header("Authorization", "Bearer " + api.adminToken)
                .header("Content-Type", ApiFixture.JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .build();

        api.send(chunked).assertProblem(413);
        assertThat(api.devices.findByName("irrelevant", "big-2")).isEmpty();
    }

    @Test
    void non_json_content_type_is_415() {
        api.send("POST", "/api/v1/devices", api.adminToken, "name: x", "text/yaml")
                .assertProblem(415);
    }

    @Test
    void curl_default_form_content_type_is_parsed_as_strict_json() {
        assertThat(api.send(
                                "POST",
                                "/api/v1/devices",
                                api.adminToken,
                                "{\"name\":\"curl-made\"}",
                                "application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(201);
        api.send("POST", "/api/v1/devices", api.adminToken, "name=x", "application/x-www-form-urlencoded")
                .assertProblem(400);
    }

    @Test
    void precondition_and_quota_map_to_412_and_429() {
        assertThat(api.get("/test/precondition", null)
                        .assertProblem(412)
                        .get("detail")
                        .asText())
                .contains("version 3");
        api.get("/test/quota", null).assertProblem(429);
    }

    @Test
    void unexpected_exception_is_500_without_internals() {
        Response r = api.get("/test/boom", null);

        JsonNode problem = r.assertProblem(500);
        assertThat(r.body()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
        assertThat(problem.get("detail").asText()).contains("logged with id");
    }

    @Test
    void requests_are_timed_by_route_template_and_status() {
        api.get("/api/v1/devices/some-id", api.adminToken);
        api.get("/healthz", null);

        String scrape = api.get("/metrics", null).body();

        assertThat(scrape)
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/v1/devices/{id}\"")
                .contains("status=\"404\"")
                .doesNotContain("uri=\"/api/v1/devices/some-id\"");
    }
}
