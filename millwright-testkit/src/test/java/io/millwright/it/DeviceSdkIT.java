package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.device.DesiredUpdate;
import io.millwright.device.DeviceException;
import io.millwright.device.MillwrightDevice;
import io.millwright.device.MqttProtocol;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.MqttApplication;
import io.millwright.testkit.TestPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device SDK against the real platform, at the broker level: what passes without the server-side device gateway
 * (telemetry routed to applications, commands and desired state published by an application on the device's topics).
 * {@link DeviceGatewayIT} covers the same flows driven through the REST API.
 */
class DeviceSdkIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestPlatform platform;
    private static ApiClient admin;
    private static String apiToken;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        admin = platform.api().loginAsAdmin();
        apiToken = admin.post("/api/v1/tokens", Map.of("name", "sdk-it"))
                .json()
                .path("token")
                .asText();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static MillwrightDevice device(TestPlatform platform, ApiClient admin, String name) {
        String token = admin.createDevice(name).path("token").asText();
        return MillwrightDevice.builder()
                .server("mqtt://127.0.0.1:" + platform.mqttPort())
                .name(name)
                .token(token)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
    }

    @Test
    void a_registered_device_connects_and_its_telemetry_reaches_an_application() throws Exception {
        try (MqttApplication app =
                        MqttApplication.connect(platform, "admin", apiToken).subscribe("devices/+/telemetry");
                MillwrightDevice device = device(platform, admin, "sdk-pump-1")) {
            device.connect().get(20, TimeUnit.SECONDS);
            assertThat(device.protocol()).contains(MqttProtocol.V5);

            device.sendTelemetry(Map.of("temperature", 21.5)).get(20, TimeUnit.SECONDS);
            device.telemetry()
                    .at(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
                    .put("pressure", 6.25)
                    .put("state", "running")
                    .send()
                    .get(20, TimeUnit.SECONDS);

            await().atMost(WAIT)
                    .until(() -> app.received("devices/sdk-pump-1/telemetry").size() == 2);
            List<MqttApplication.Message> messages = app.received("devices/sdk-pump-1/telemetry");
            assertThat(messages.get(0).json().path("values").path("temperature").asDouble())
                    .isEqualTo(21.5);
            assertThat(messages.get(1).json().path("ts").asLong()).isEqualTo(1_700_000_000_000L);
            assertThat(messages.get(1).json().path("values").path("state").asText())
                    .isEqualTo("running");
            assertThat(device.stats().telemetryAcknowledged()).isEqualTo(2);
        }
    }

    @Test
    void a_wrong_token_fails_connect_with_credentials_refused() {
        admin.createDevice("sdk-wrong-1");
        try (MillwrightDevice device = MillwrightDevice.builder()
                .server("mqtt://127.0.0.1:" + platform.mqttPort())
                .name("sdk-wrong-1")
                .token("mwd_not-the-token")
                .build()) {
            CompletableFuture<Void> connected = device.connect();
            await().atMost(WAIT).until(connected::isDone);
            assertThat(connected)
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.CREDENTIALS_REFUSED));
        }
    }

    /**
     * The platform restarts on new ports ({@link TestPlatform#restart()}), so the test points the device at the new
     * address with {@link MillwrightDevice#updateServer}, as a device would after a DNS change. Until then the device
     * keeps failing against the old port, which guarantees that the second batch is buffered.
     */
    @Test
    void telemetry_buffered_across_a_server_restart_is_replayed_in_order_without_loss() throws Exception {
        try (TestPlatform own = TestPlatform.start()) {
            ApiClient ownAdmin = own.api().loginAsAdmin();
            String ownToken = ownAdmin.post("/api/v1/tokens", Map.of("name", "restart"))
                    .json()
                    .path("token")
                    .asText();
            List<MqttApplication.Message> received = new ArrayList<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            try (MillwrightDevice device = device(own, ownAdmin, "sdk-restart-1")) {
                try (MqttApplication before =
                        MqttApplication.connect(own, "admin", ownToken).subscribe("devices/+/telemetry")) {
                    device.connect().get(20, TimeUnit.SECONDS);
                    send(device, acks, 0, 50);
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                            .get(20, TimeUnit.SECONDS);
                    await().atMost(WAIT).until(() -> before.received().size() >= 50);
                    received.addAll(before.received());
                }

                own.restart();
                await().atMost(WAIT).until(() -> !device.isConnected());
                send(device, acks, 50, 100);
                assertThat(device.stats().telemetryBuffered()).isEqualTo(50);

                try (MqttApplication after =
                        MqttApplication.connect(own, "admin", ownToken).subscribe("devices/+/telemetry")) {
                    device.updateServer("mqtt://127.0.0.1:" + own.mqttPort());
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                            .get(30, TimeUnit.SECONDS);
                    send(device, acks, 100, 150);
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                            .get(30, TimeUnit.SECONDS);
                    await().atMost(WAIT)
                            .until(() -> firstOccurrences(after.received()).size() >= 100);
                    received.addAll(after.received());
                }
                assertThat(device.stats().connections()).isEqualTo(2);
                assertThat(device.stats().telemetryDropped()).isZero();
            }
            assertThat(firstOccurrences(received)).containsExactlyElementsOf(range(150));
        }
    }

    @Test
    void desired_state_published_on_the_device_topic_reaches_the_handler() throws Exception {
        List<DesiredUpdate> updates = new CopyOnWriteArrayList<>();
        try (MqttApplication app = MqttApplication.connect(platform, "admin", apiToken);
                MillwrightDevice device = device(platform, admin, "sdk-fan-2")) {
            device.onDesired(updates::add);
            device.connect().get(20, TimeUnit.SECONDS);

            app.publish("devices/sdk-fan-2/twin/desired", "{\"version\":3,\"desired\":{\"fanSpeed\":60}}");
            await().atMost(WAIT).until(() -> updates.size() == 1);
            assertThat(updates.get(0)).isEqualTo(new DesiredUpdate(3, Map.of("fanSpeed", 60)));
        }
    }

    private static void send(MillwrightDevice device, List<CompletableFuture<Void>> acks, int from, int to) {
        for (int n = from; n < to; n++) {
            acks.add(device.sendTelemetry(Map.of("n", n)));
        }
    }

    /** The sequence numbers in order of first arrival: at-least-once delivery may repeat a message, never reorder. */
    private static List<Integer> firstOccurrences(List<MqttApplication.Message> messages) {
        LinkedHashSet<Integer> seen = new LinkedHashSet<>();
        for (MqttApplication.Message message : messages) {
            seen.add(message.json().path("values").path("n").asInt());
        }
        return List.copyOf(seen);
    }

    private static List<Integer> range(int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
