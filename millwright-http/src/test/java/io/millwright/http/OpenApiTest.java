package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the hand-written {@code openapi.json} true to the routes Javalin actually serves, with every route group the
 * server registers (the built-in ones plus twins, commands, connectivity and telemetry).
 */
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");

    private static PlatformFixture api;
    private static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        api = PlatformFixture.start();
        doc = new ObjectMapper().readTree(SystemRoutes.loadOpenApi());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void is_openapi_3_1() {
        assertThat(doc.path("openapi").asText()).startsWith("3.1.");
        assertThat(doc.path("info").path("title").asText()).isNotEmpty();
    }

    @Test
    void every_registered_route_is_documented() {
        List<String> routes = api.api.routes();
        assertThat(routes)
                .contains(
                        "GET /api/v1/devices/{id}",
                        "POST /api/v1/auth/login",
                        "GET /healthz",
                        "PATCH /api/v1/devices/{id}/twin/desired",
                        "POST /api/v1/devices/{id}/commands",
                        "GET /api/v1/devices/{id}/connectivity/events",
                        "POST /api/v1/{deviceToken}/telemetry",
                        "POST /api/v1/devices/{id}/telemetry",
                        "GET /api/v1/devices/{id}/telemetry",
                        "GET /api/v1/devices/{id}/telemetry/latest",
                        "GET /api/v1/devices/{id}/telemetry/stream");

        assertThat(documentedRoutes()).containsAll(routes);
    }

    @Test
    void every_websocket_route_is_documented_as_an_extension() {
        List<String> sockets = api.api.webSocketRoutes();
        assertThat(sockets).contains("/api/v1/devices/{id}/telemetry/ws");

        for (String path : sockets) {
            JsonNode socket = doc.path("paths").path(path).path("x-websocket");
            assertThat(socket.path("operationId").asText()).as(path).isNotEmpty();
            assertThat(socket.path("description").asText()).as(path).isNotEmpty();
        }
    }

    @Test
    void every_documented_route_is_registered() {
        assertThat(api.api.routes()).containsAll(documentedRoutes());
    }

    @Test
    void every_operation_has_an_id_a_success_answer_and_problem_errors() {
        doc.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (!METHODS.contains(op.getKey())) {
                        return;
                    }
                    String where = op.getKey() + " " + path.getKey();
                    JsonNode operation = op.getValue();
                    assertThat(operation.path("operationId").asText()).as(where).isNotEmpty();
                    List<String> statuses = new ArrayList<>();
                    operation.path("responses").fieldNames().forEachRemaining(statuses::add);
                    assertThat(statuses).as(where).anyMatch(s -> s.startsWith("2"));
                    operation.path("responses").properties().forEach(response -> {
                        if (response.getKey().startsWith("4")
                                || response.getKey().startsWith("5")) {
                            JsonNode resolved = resolve(response.getValue());
                            assertThat(resolved.path("content").has(Problem.MEDIA_TYPE))
                                    .as(where + " " + response.getKey())
                                    .isTrue();
                        }
                    });
                }));
    }

    @Test
    void every_reference_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static List<String> documentedRoutes() {
        List<String> routes = new ArrayList<>();
        doc.path("paths")
                .properties()
                .forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return routes;
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(child, refs));
    }
}
