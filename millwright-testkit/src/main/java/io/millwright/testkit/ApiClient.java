package io.millwright.testkit;

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

/** A plain HTTP client of the REST API for tests: sends raw requests and returns status, headers and JSON body. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String bearer;

    ApiClient(String base) {
        this(base, null);
    }

    private ApiClient(String base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** An HTTP response with its body parsed as JSON when it is JSON. */
    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** This client with a bearer token. */
    public ApiClient withToken(String token) {
        return new ApiClient(base, token);
    }

    /** Logs in and returns a client carrying the session token. */
    public ApiClient login(String username, String password) {
        Response response = post("/api/v1/auth/login", Map.of("username", username, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("login failed: " + response.status() + " " + response.body());
        }
        return withToken(response.json().path("token").asText());
    }

    public ApiClient loginAsAdmin() {
        return login("admin", TestPlatform.ADMIN_PASSWORD);
    }

    /** Registers a device and returns the creation response (with its one-time token). */
    public JsonNode createDevice(String name) {
        Response response = post("/api/v1/devices", Map.of("name", name));
        if (response.status() != 201) {
            throw new IllegalStateException("device create failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, "application/json", toJson(body));
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, "application/json", toJson(body));
    }

    /** Sends a raw body as is, for malformed-input tests. */
    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
