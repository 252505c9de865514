package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.millwright.core.Ids;
import io.millwright.core.auth.AuthConfig;
import io.millwright.core.auth.AuthService;
import io.millwright.core.auth.PasswordHasher;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandDispatcher;
import io.millwright.core.command.CommandLimits;
import io.millwright.core.command.CommandService;
import io.millwright.core.command.CommandTransport;
import io.millwright.core.device.CreatedDevice;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.core.device.NewDevice;
import io.millwright.core.telemetry.IngestConfig;
import io.millwright.core.telemetry.IngestObserver;
import io.millwright.core.telemetry.ServerClock;
import io.millwright.core.telemetry.StreamConfig;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryLimits;
import io.millwright.core.telemetry.TelemetryParser;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.twin.TwinLimits;
import io.millwright.core.twin.TwinService;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.http.ApiFixture.Response;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import io.millwright.store.sqlite.SqliteTokenStore;
import io.millwright.store.sqlite.SqliteUserStore;
import io.millwright.store.sqlite.command.SqliteCommandStore;
import io.millwright.store.sqlite.telemetry.SqliteTelemetryConfig;
import io.millwright.store.sqlite.telemetry.SqliteTelemetryStore;
import io.millwright.store.sqlite.twin.SqliteConnectivityStore;
import io.millwright.store.sqlite.twin.SqliteTwinStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The whole platform behind the HTTP API, as the server assembles it but on a temporary SQLite database: the real
 * auth, registry, twin, command and connectivity services, a running {@link CommandDispatcher}, the telemetry stack
 * (SQLite store, group-commit ingest, {@link TelemetryService}), and an {@link HttpApi} on an ephemeral port with the
 * twin, command, connectivity and telemetry routes. Commands reach a device only when a test marks
 * it connected ({@link #connect}); the fake transport acknowledges every send at once. One per test class.
 */
final class PlatformFixture implements AutoCloseable {

    /** Small enough that tests can exceed each limit with a short body. */
    static final TwinLimits TWIN_LIMITS = new TwinLimits(512, 1024, 4, 50);
    /** Defaults but for small parameters and few unfinished commands per device, to reach both limits cheaply. */
    static final CommandLimits COMMAND_LIMITS = new CommandLimits(
            256,
            CommandLimits.DEFAULTS.maxResultBytes(),
            CommandLimits.DEFAULTS.defaultTtl(),
            CommandLimits.DEFAULTS.maxTtl(),
            CommandLimits.DEFAULTS.defaultTimeout(),
            CommandLimits.DEFAULTS.maxTimeout(),
            5);

    /** Small enough that tests exceed each limit with a short body; keys of up to 32 characters, depth 4. */
    static final TelemetryLimits TELEMETRY_LIMITS =
            new TelemetryLimits(16 * 1024, 50, 20, 32, 1024, Duration.ofMinutes(1), 4);
    /** A short heartbeat, so stream tests see one quickly. */
    static final StreamConfig STREAM_CONFIG = new StreamConfig(100, Duration.ofMillis(500));

    private final Path dataDir;
    private final SqliteDatabase db;
    final SqliteTenantStore tenants;
    final AuthService auth;
    final DeviceRegistry devices;
    final TwinService twins;
    final CommandService commands;
    final ConnectivityService connectivity;
    final SqliteTelemetryStore telemetryStore;
    final TelemetryIngest ingest;
    final TelemetryService telemetry;
    final HttpApi api;
    final String adminToken;
    final Principal.User admin;
    private final AckingTransport transport = new AckingTransport();
    private final CommandDispatcher dispatcher;
    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private PlatformFixture() throws IOException {
        Clock clock = Clock.systemUTC();
        dataDir = Files.createTempDirectory("millwright-http-test");
        db = SqliteDatabase.open(SqliteConfig.defaults(dataDir.resolve("millwright.db")));
        tenants = new SqliteTenantStore(db);
        auth = new AuthService(
                tenants,
                new SqliteUserStore(db),
                new SqliteTokenStore(db),
                new PasswordHasher(),
                AuthConfig.DEFAULTS,
                clock);
        auth.bootstrap(Optional.of(ApiFixture.ADMIN_PASSWORD));
        SqliteDeviceStore deviceStore = new SqliteDeviceStore(db);
        devices = new DeviceRegistry(deviceStore, clock, Duration.ofSeconds(30));
        twins = new TwinService(new SqliteTwinStore(db), deviceStore, TWIN_LIMITS, clock);
        commands = new CommandService(new SqliteCommandStore(db), deviceStore, COMMAND_LIMITS, clock);
        connectivity = new ConnectivityService(new SqliteConnectivityStore(db), deviceStore, clock);
        dispatcher = new CommandDispatcher(commands, transport, Duration.ofSeconds(1));
        dispatcher.start();
        telemetryStore = SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), clock);
        telemetryStore.start();
        ingest = new TelemetryIngest(
                telemetryStore, IngestConfig.defaults(), new ServerClock(clock), IngestObserver.NONE);
        ingest.start();
        telemetry = new TelemetryService(
                deviceStore, new TelemetryParser(TELEMETRY_LIMITS, clock), ingest, telemetryStore, STREAM_CONFIG);
        api = new HttpApi(
                auth,
                devices,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_REQUEST_BODY_BYTES),
                () -> true,
                List.of(
                        new TwinRoutes(twins),
                        new CommandRoutes(commands),
                        new ConnectivityRoutes(connectivity),
                        new TelemetryRoutes(telemetry, devices)));
        base = URI.create("http://127.0.0.1:" + api.start());
        adminToken = login("admin", ApiFixture.ADMIN_PASSWORD);
        admin = auth.authenticate(adminToken);
    }

    static PlatformFixture start() {
        try {
            return new PlatformFixture();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.stop();
        dispatcher.stop();
        telemetry.close();
        ingest.close();
        telemetryStore.close();
        db.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a device in the admin's tenant and returns it as the device principal it authenticates as. */
    Principal.Device device(String name) {
        CreatedDevice created = devices.create(admin, new NewDevice(name, null, Map.of(), List.of()));
        return new Principal.Device(admin.tenantId(), created.device().id(), name);
    }

    /** Registers a device in the admin's tenant and returns it with its access token, for the device API. */
    CreatedDevice deviceWithToken(String name) {
        return devices.create(admin, new NewDevice(name, null, Map.of(), List.of()));
    }

    /** Registers a device in a tenant of its own, which no user of the default tenant may see; returns its id. */
    String foreignDevice(String name) {
        Tenant tenant =
                new Tenant(Ids.newId(), "other-" + name, Clock.systemUTC().instant());
        tenants.create(tenant);
        Principal.User outsider = new Principal.User(tenant.id(), Ids.newId(), "outsider", Role.ADMIN);
        return devices.create(outsider, new NewDevice(name, null, Map.of(), List.of()))
                .device()
                .id();
    }

    /** From now on the fake transport reaches {@code device} and acknowledges every command sent to it. */
    void connect(Principal.Device device) {
        transport.connected.add(device.tenantId() + "/" + device.name());
        dispatcher.deviceConnected(device.tenantId(), device.deviceId());
    }

    String login(String username, String password) {
        Response r = post(
                "/api/v1/auth/login",
                null,
                ApiFixture.json("{'username':'" + username + "','password':'" + password + "'}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("token").asText();
    }

    /** Creates a user with {@code role} through the API and returns a session token of that user. */
    String userWithRole(String username, String role) {
        String password = "password-" + username;
        Response r = post(
                "/api/v1/users",
                adminToken,
                ApiFixture.json("{'username':'" + username + "','password':'" + password + "','role':'" + role + "'}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return login(username, password);
    }

    Response get(String path, String token) {
        return send(request("GET", path, token, null, null).build());
    }

    Response post(String path, String token, String body) {
        return send(request("POST", path, token, body, ApiFixture.JSON).build());
    }

    /** A POST whose answer arrives later, for requests that wait on the platform. */
    CompletableFuture<Response> postAsync(String path, String token, String body) {
        return client.sendAsync(
                        request("POST", path, token, body, ApiFixture.JSON).build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.headers(), r.body()));
    }

    /** A GET with {@code headers} given as name, value, name, value... */
    Response get(String path, String token, String... headers) {
        HttpRequest.Builder request = request("GET", path, token, null, null);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** The HTTP client of this fixture, for streaming requests. */
    HttpClient client() {
        return client;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** A PATCH with {@code headers} given as name, value, name, value... */
    Response patch(String path, String token, String body, String contentType, String... headers) {
        HttpRequest.Builder request = request("PATCH", path, token, body, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(String method, String path, String token, String body, String contentType) {
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
        return request;
    }

    private Response send(HttpRequest request) {
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

    /** Connected devices are reachable; every send is acknowledged (MQTT PUBACK) at once. */
    private static final class AckingTransport implements CommandTransport {

        final Set<String> connected = ConcurrentHashMap.newKeySet();

        @Override
        public boolean isConnected(String tenantId, String deviceName) {
            return connected.contains(tenantId + "/" + deviceName);
        }

        @Override
        public CompletionStage<Void> send(Command command) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
