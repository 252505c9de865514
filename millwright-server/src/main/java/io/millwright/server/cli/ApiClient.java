package io.millwright.server.cli;

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

/**
 * A small client of the REST API for the CLI. It authenticates with an API token if given, else logs in with a
 * username and password. Failures become {@link CliException}s carrying the server's problem detail.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String bearer;

    ApiClient(ServerOptions options) {
        String base = options.server.endsWith("/")
                ? options.server.substring(0, options.server.length() - 1)
                : options.server;
        try {
            this.server = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new CliException("--server: not a URL: " + options.server);
        }
        if (options.token != null && !options.token.isBlank()) {
            bearer = options.token;
        } else {
            String password = options.password;
            if (password == null || password.isBlank()) {
                if (System.console() == null) {
                    throw new CliException("give --token, or --password (or MILLWRIGHT_TOKEN / MILLWRIGHT_PASSWORD)");
                }
                char[] typed = System.console().readPassword("Password for %s: ", options.username);
                password = typed == null ? "" : new String(typed);
            }
            ObjectMapper mapper = JSON;
            JsonNode login = send(
                    "POST",
                    "/api/v1/auth/login",
                    mapper.createObjectNode().put("username", options.username).put("password", password));
            bearer = login.path("token").asText();
        }
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach " + server + " (is `millwright start` running? set --server)");
        } catch (IOException e) {
            throw new CliException("request to " + server + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() >= 400) {
            String detail = json.path("detail").asText(response.body());
            throw new CliException(method + " " + path + " failed (" + response.statusCode() + "): " + detail);
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("detail", body);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
