package io.millwright.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.simulator.profile.ActuatorSpec;
import io.millwright.simulator.profile.Profile;
import io.millwright.simulator.profile.ProfileLoader;
import io.millwright.simulator.profile.Rate;
import io.millwright.simulator.profile.SensorSpec;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.MqttApplication;
import io.millwright.testkit.TestPlatform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Short simulator runs against the real platform: devices in the registry, telemetry on the broker, commands. */
class SimulatorIT {

    private static TestPlatform platform;
    private static ApiClient admin;
    private static String apiToken;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        admin = platform.api().loginAsAdmin();
        apiToken = admin.post("/api/v1/tokens", Map.of("name", "simulator-it"))
                .json()
                .path("token")
                .asText();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** Output captured from a run. */
    private record Captured(Console console, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        static Captured create() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            return new Captured(
                    new Console(
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8),
                            false),
                    out,
                    err);
        }

        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String errors() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static SimulatorConfig config(String profile, String prefix, Rate rate, Duration duration) {
        return new SimulatorConfig(
                URI.create(platform.httpBase()),
                "mqtt://127.0.0.1:" + platform.mqttPort(),
                "admin",
                TestPlatform.ADMIN_PASSWORD,
                null,
                3,
                profile,
                rate,
                duration,
                prefix,
                1);
    }

    static Stream<String> builtInProfiles() {
        return ProfileLoader.BUILT_IN.stream();
    }

    @ParameterizedTest
    @MethodSource("builtInProfiles")
    void a_short_run_registers_the_devices_and_publishes_the_profiles_telemetry(String name) {
        Profile profile = ProfileLoader.load(name);
        String prefix = "it-" + name + "-";
        Rate rate = profile.rate().perSecond() >= 5 ? null : new Rate(5);
        Captured captured = Captured.create();
        try (MqttApplication app =
                MqttApplication.connect(platform, "admin", apiToken).subscribe("devices/+/telemetry")) {
            int exit = new Simulator(config(name, prefix, rate, Duration.ofSeconds(3)), captured.console()).run();

            assertThat(exit).as(captured.output() + captured.errors()).isEqualTo(Simulator.OK);
            JsonNode registered =
                    admin.get("/api/v1/devices?name=" + prefix).json().path("items");
            assertThat(registered).hasSize(3);
            registered.forEach(device -> {
                assertThat(device.path("type").asText()).isEqualTo(profile.type());
                assertThat(device.path("labels").path("profile").asText()).isEqualTo(name);
            });

            Set<String> expectedKeys = new HashSet<>();
            profile.sensors().stream().map(SensorSpec::name).forEach(expectedKeys::add);
            profile.actuators().stream().map(ActuatorSpec::name).forEach(expectedKeys::add);
            for (String device : List.of(prefix + "0001", prefix + "0002", prefix + "0003")) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                app.received("devices/" + device + "/telemetry").size() >= 3);
                Set<String> keys = new HashSet<>();
                for (MqttApplication.Message message : app.received("devices/" + device + "/telemetry")) {
                    JsonNode json = message.json();
                    assertThat(json.path("ts").asLong()).isPositive();
                    json.path("values").fieldNames().forEachRemaining(keys::add);
                }
                assertThat(keys).as(device).isEqualTo(expectedKeys);
            }
        }
        assertThat(captured.output())
                .contains("3 created, 0 reused")
                .contains("3 connected at least once")
                .contains("0 dropped");
    }

    @Test
    void a_second_run_reuses_the_devices_with_new_tokens() {
        Captured first = Captured.create();
        assertThat(new Simulator(config("meter", "it-reuse-", null, Duration.ofSeconds(1)), first.console()).run())
                .isZero();
        Captured second = Captured.create();
        assertThat(new Simulator(config("meter", "it-reuse-", null, Duration.ofSeconds(1)), second.console()).run())
                .isZero();

        assertThat(second.output()).contains("0 created, 3 reused").contains("3 connected at least once");
        assertThat(admin.get("/api/v1/devices?name=it-reuse-").json().path("items"))
                .hasSize(3);
    }

    @Test
    void the_fan_of_a_simulated_press_station_obeys_a_command() throws Exception {
        Captured captured = Captured.create();
        Simulator simulator = new Simulator(
                config("factory-line", "it-fan-", new Rate(5), Duration.ofSeconds(60)), captured.console());
        try (MqttApplication app =
                MqttApplication.connect(platform, "admin", apiToken).subscribe("devices/it-fan-0002/#")) {
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(simulator::run);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.received("devices/it-fan-0002/telemetry").size() >= 2);

            String id = admin.get("/api/v1/devices?name=it-fan-0002")
                    .json()
                    .path("items")
                    .get(0)
                    .path("id")
                    .asText();
            JsonNode fan = admin.post(
                            "/api/v1/devices/" + id + "/commands?wait=10s",
                            Map.of("method", "set-fan", "params", Map.of("speed", 100)))
                    .json();
            assertThat(fan.path("status").asText()).as(fan.toString()).isEqualTo("SUCCEEDED");
            assertThat(fan.path("result").path("fanSpeed").asDouble()).isEqualTo(100.0);
            JsonNode ping = admin.post("/api/v1/devices/" + id + "/commands?wait=10s", Map.of("method", "ping"))
                    .json();
            assertThat(ping.path("status").asText()).as(ping.toString()).isEqualTo("SUCCEEDED");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.received("devices/it-fan-0002/telemetry").stream()
                            .anyMatch(m ->
                                    m.json().path("values").path("fanSpeed").asDouble() == 100.0));

            simulator.stop(Duration.ofSeconds(30));
            assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        }
        assertThat(captured.output()).contains("2 commands handled");
    }

    @Test
    void a_wrong_password_is_a_setup_failure_with_a_clear_message() {
        Captured captured = Captured.create();
        SimulatorConfig config = new SimulatorConfig(
                URI.create(platform.httpBase()),
                null,
                "admin",
                "not-the-password",
                null,
                1,
                "meter",
                null,
                Duration.ofSeconds(1),
                "it-nope-",
                1);
        assertThat(new Simulator(config, captured.console()).run()).isEqualTo(Simulator.SETUP_FAILED);
        assertThat(captured.errors()).contains("cannot log in to").contains("HTTP 401");
    }

    @Test
    void an_unreachable_server_is_a_setup_failure_with_a_clear_message() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Captured captured = Captured.create();
        SimulatorConfig config = new SimulatorConfig(
                URI.create("http://127.0.0.1:" + closedPort),
                null,
                "admin",
                "pw",
                null,
                1,
                "meter",
                null,
                Duration.ofSeconds(1),
                "it-nope-",
                1);
        assertThat(new Simulator(config, captured.console()).run()).isEqualTo(Simulator.SETUP_FAILED);
        assertThat(captured.errors()).contains("cannot reach").contains("is the server running");
    }
}
