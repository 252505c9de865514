package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.millwright.core.auth.AuthConfig;
import io.millwright.core.auth.AuthService;
import io.millwright.core.auth.PasswordHasher;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.http.testing.InMemoryDeviceStore;
import io.millwright.http.testing.InMemoryTenantStore;
import io.millwright.http.testing.InMemoryTokenStore;
import io.millwright.http.testing.InMemoryUserStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * An {@link HttpApi} on an ephemeral port over the real {@link AuthService} and {@link DeviceRegistry}, backed by
 * in-memory stores, with a bootstrapped admin already logged in. One per test class; nothing is shared between
 * fixtures, so classes may run in parallel.
 */
final class ApiFixture implements AutoCloseable {

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final InMemoryUserStore users = new InMemoryUserStore();
    final InMemoryTokenStore tokens = new InMemoryTokenStore();
    final InMemoryDeviceStore deviceStore = new InMemoryDeviceStore();
    final AuthService auth;
    final DeviceRegistry devices;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicBoolean ready = new AtomicBoolean(true);
    final HttpApi api;
    final String adminToken;
    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ApiFixture(long maxBodyBytes, List<ApiRoutes> extraRoutes) {
        this(maxBodyBytes, (store, registry) -> extraRoutes);
    }

    private ApiFixture(long maxBodyBytes, BiFunction<InMemoryDeviceStore, DeviceRegistry, List<ApiRoutes>> routes) {
        Clock clock = Clock.systemUTC();
        auth = new AuthService(
                new InMemoryTenantStore(), users, tokens, new PasswordHasher(), AuthConfig.DEFAULTS, clock);
        auth.bootstrap(Optional.of(ADMIN_PASSWORD));
        devices = new DeviceRegistry(deviceStore, clock, Duration.ofSeconds(30));
        api = new HttpApi(
                auth,
                devices,
                metrics,
                new HttpConfig("127.0.0.1", 0, maxBodyBytes),
                ready::get,
                routes.apply(deviceStore, devices));
        int port = api.start();
        base = URI.create("http://127.0.0.1:" + port);
        adminToken = login("admin", ADMIN_PASSWORD);
    }

    static ApiFixture start() {
        return new ApiFixture(HttpConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, List.of());
    }

    static ApiFixture start(long maxBodyBytes, List<ApiRoutes> extraRoutes) {
        return new ApiFixture(maxBodyBytes, extraRoutes);
    }

    /** With route groups built over this fixture's device store and registry (for services that need them). */
    static ApiFixture start(BiFunction<InMemoryDeviceStore, DeviceRegistry, List<ApiRoutes>> routes) {
        return new ApiFixture(HttpConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, routes);
    }

    @Override
    public void close() {
        api.stop();
    }

    /** A JSON body as text, written with single quotes for readability in tests. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    String login(String username, String password) {
        Response r =
                post("/api/v1/auth/login", null, json("{'username':'" + username + "','password':'" + password + "'}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("token").asText();
    }

    /** Creates a user with {@code role} through the API and returns a session token of that user. */
    String userWithRole(String username, String role) {
        String password = "password-" + username;
        Response r = post(
                "/api/v1/users",
                adminToken,
                json("{'username':'" + username + "','password':'" + password + "','role':'" + role + "'}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return login(username, password);
    }

    Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    Response post(String path, String token, String body) {
        return send("POST", path, token, body, JSON);
    }

    Response patch(String path, String token, String body) {
        return send("PATCH", path, token, body, JSON);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    Response send(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** An HTTP answer with its body as text. */
    record Response(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Asserts an RFC 9457 problem with {@code status} and returns its body. */
        JsonNode assertProblem(int expectedStatus) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).as(body).startsWith(Problem.MEDIA_TYPE);
            JsonNode problem = json();
            assertThat(problem.path("type").asText()).as(body).isNotEmpty();
            assertThat(problem.path("title").asText()).as(body).isNotEmpty();
            assertThat(problem.path("status").asInt()).as(body).isEqualTo(expectedStatus);
            assertThat(problem.path("detail").asText()).as(body).isNotEmpty();
            assertThat(problem.path("instance").asText()).as(body).startsWith("/");
            return problem;
        }

        /** Asserts a 400 problem naming {@code field}, and returns its body. */
        JsonNode assertInvalid(String field) {
            JsonNode problem = assertProblem(400);
            assertThat(problem.path("field").asText()).as(body).isEqualTo(field);
            assertThat(problem.path("errors").get(0).path("field").asText())
                    .as(body)
                    .isEqualTo(field);
            return problem;
        }
    }
}
