package io.millwright.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The few REST calls the platform benchmarks need, as the admin user. Thread-safe: one {@link HttpClient} (HTTP/1.1,
 * its own connection pool) shared by every caller.
 */
public final class RestApi {

    /** A device as created: its id and its access token (shown once). */
    public record Device(String id, String name, String token) {}

    /** A REST answer: status code and parsed body ({@code null} when empty). */
    public record Answer(int status, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;
    private final String bearer;

    private RestApi(String base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** Logs in as {@code admin} with the password the benchmark broker is started with. */
    public static RestApi login(int httpPort) {
        String base = "http://127.0.0.1:" + httpPort;
        RestApi anonymous = new RestApi(base, null);
        Answer a = anonymous.call(
                "POST", "/api/v1/auth/login", Map.of("username", "admin", "password", "bench-password-1"));
        if (a.status() != 200) {
            throw new IllegalStateException("login failed: " + a);
        }
        return new RestApi(base, a.body().path("token").asText());
    }

    public Device createDevice(String name) {
        Answer a = call("POST", "/api/v1/devices", Map.of("name", name));
        if (a.status() != 201) {
            throw new IllegalStateException("cannot create device " + name + ": " + a);
        }
        return new Device(
                a.body().path("id").asText(), name, a.body().path("token").asText());
    }

    /** Points of one key of a device stored at any time up to now ({@code agg=count} over {@code from=0}). */
    public long storedCount(String deviceId, String key) {
        Answer a = call("GET", "/api/v1/devices/" + deviceId + "/telemetry?keys=" + key + "&from=0&agg=count", null);
        if (a.status() != 200) {
            throw new IllegalStateException("count query failed: " + a);
        }
        JsonNode series = a.body().path("series").path(key);
        long count = 0;
        for (JsonNode bucket : series) {
            count += bucket.path("value").asLong();
        }
        return count;
    }

    /** Sends a command and waits up to 10 s for its final state. */
    public Answer command(String deviceId, String method) {
        return call(
                "POST",
                "/api/v1/devices/" + deviceId + "/commands?wait=10s",
                Map.of("method", method, "params", Map.of()));
    }

    Answer call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = response.body();
            return new Answer(response.statusCode(), bytes.length == 0 ? null : JSON.readTree(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
