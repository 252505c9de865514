package io.millwright.simulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few REST calls the simulator makes, with a bearer token: list devices by name prefix, register one, rotate a
 * token. Every failure becomes a {@link SetupException} that says what to check.
 */
public final class PlatformClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

    /** A device the simulator can connect as. */
    public record DeviceAccess(String id, String name, String token) {
        @Override
        public String toString() {
            return "DeviceAccess[" + name + "]";
        }
    }

    private final URI base;
    private final String bearer;
    private final HttpClient http;

    private PlatformClient(URI base, String bearer, HttpClient http) {
        this.base = base;
        this.bearer = bearer;
        this.http = http;
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Logs in with a user name and password. */
    public static PlatformClient login(URI base, String username, String password) throws SetupException {
        HttpClient http = http();
        PlatformClient anonymous = new PlatformClient(base, null, http);
        JsonNode answer = anonymous.call(
                "POST",
                "/api/v1/auth/login",
                Map.of("username", username, "password", password),
                200,
                "cannot log in to " + base + " as '" + username + "'");
        return new PlatformClient(base, answer.path("token").asText(), http);
    }

    /** Uses an API or session token, checked with {@code GET /api/v1/me}. */
    public static PlatformClient withToken(URI base, String token) throws SetupException {
        PlatformClient client = new PlatformClient(base, token, http());
        client.call("GET", "/api/v1/me", null, 200, "the token is not accepted by " + base);
        return client;
    }

    /** Every device whose name starts with {@code prefix}: name to id. */
    public Map<String, String> devicesNamed(String prefix) throws SetupException {
        Map<String, String> devices = new LinkedHashMap<>();
        String cursor = null;
        do {
            String path = "/api/v1/devices?limit=" + PAGE + "&name=" + encode(prefix)
                    + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = call("GET", path, null, 200, "cannot list the devices named " + prefix + "*");
            for (JsonNode item : page.path("items")) {
                devices.put(item.path("name").asText(), item.path("id").asText());
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return devices;
    }

    /** Registers a device; the answer carries its token. */
    public DeviceAccess create(String name, String type, Map<String, String> labels) throws SetupException {
        JsonNode created = call(
                "POST",
                "/api/v1/devices",
                Map.of("name", name, "type", type, "labels", labels),
                201,
                "cannot register device " + name);
        return new DeviceAccess(
                created.path("id").asText(), name, created.path("token").asText());
    }

    /** A new token for an existing device (the old one stops working, which disconnects any other user of it). */
    public DeviceAccess rotate(String id, String name) throws SetupException {
        JsonNode rotated =
                call("POST", "/api/v1/devices/" + id + "/token", Map.of(), 200, "cannot get a token for " + name);
        return new DeviceAccess(id, name, rotated.path("token").asText());
    }

    private JsonNode call(String method, String path, Object body, int expected, String failure) throws SetupException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new SetupException(failure + ": HTTP " + response.statusCode() + detail(response.body()));
            }
            return JSON.readTree(response.body());
        } catch (ConnectException e) {
            throw new SetupException(
                    "cannot reach " + base + " (connection refused): is the server running? "
                            + "Start it with ./millwright start or pass --server",
                    e);
        } catch (IOException e) {
            throw new SetupException(failure + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(failure + ": interrupted", e);
        }
    }

    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asText(problem.path("title").asText(""));
            return detail.isEmpty() ? "" : " (" + detail + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
