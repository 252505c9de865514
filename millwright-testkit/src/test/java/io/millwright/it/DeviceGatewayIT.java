package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.device.DesiredUpdate;
import io.millwright.device.MillwrightDevice;
import io.millwright.device.Twin;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.TestPlatform;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device SDK against the platform's device gateway: commands and desired state driven through the REST API reach
 * the SDK's handlers, and what the device reports shows in the twin.
 */
class DeviceGatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestPlatform platform;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        admin = platform.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String id(String name) {
        return admin.get("/api/v1/devices?name=" + name)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asText();
    }

    @Test
    void a_command_sent_through_the_api_is_answered_by_the_handler() throws Exception {
        try (MillwrightDevice device = DeviceSdkIT.device(platform, admin, "gw-fan-1")) {
            device.onCommand("set-fan", command -> Map.of("speed", (int) command.number("speed", 0)));
            device.connect().get(20, TimeUnit.SECONDS);

            ApiClient.Response response = admin.post(
                    "/api/v1/devices/" + id("gw-fan-1") + "/commands?wait=15s",
                    Map.of("method", "set-fan", "params", Map.of("speed", 70)));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(response.json().path("result").path("speed").asInt()).isEqualTo(70);
            assertThat(device.stats().commandsHandled()).isEqualTo(1);
        }
    }

    @Test
    void a_failing_handler_makes_the_command_fail_with_its_message() throws Exception {
        try (MillwrightDevice device = DeviceSdkIT.device(platform, admin, "gw-fan-2")) {
            device.onCommand("explode", command -> {
                throw new IllegalStateException("not today");
            });
            device.connect().get(20, TimeUnit.SECONDS);

            JsonNode command = admin.post(
                            "/api/v1/devices/" + id("gw-fan-2") + "/commands?wait=15s", Map.of("method", "explode"))
                    .json();

            assertThat(command.path("status").asText()).isEqualTo("FAILED");
            assertThat(command.path("error").asText()).contains("not today");
        }
    }

    @Test
    void a_command_queued_while_the_device_was_offline_is_handled_when_it_connects() throws Exception {
        try (MillwrightDevice device = DeviceSdkIT.device(platform, admin, "gw-fan-3")) {
            String cid = admin.post(
                            "/api/v1/devices/" + id("gw-fan-3") + "/commands",
                            Map.of("method", "set-fan", "params", Map.of("speed", 10)))
                    .json()
                    .path("id")
                    .asText();
            device.onCommand("set-fan", command -> Map.of("speed", (int) command.number("speed", 0)));
            device.connect().get(20, TimeUnit.SECONDS);

            await().atMost(WAIT)
                    .until(() -> admin.get("/api/v1/devices/" + id("gw-fan-3") + "/commands/" + cid)
                            .json()
                            .path("status")
                            .asText()
                            .equals("SUCCEEDED"));
        }
    }

    @Test
    void desired_state_patched_through_the_api_reaches_the_handler_and_the_report_shows_in_the_twin() throws Exception {
        List<DesiredUpdate> updates = new CopyOnWriteArrayList<>();
        try (MillwrightDevice device = DeviceSdkIT.device(platform, admin, "gw-fan-4")) {
            device.onDesired(update -> {
                updates.add(update);
                device.reportTwin(update.desired());
            });
            device.connect().get(20, TimeUnit.SECONDS);

            assertThat(admin.patch("/api/v1/devices/" + id("gw-fan-4") + "/twin/desired", Map.of("fanSpeed", 55))
                            .status())
                    .isEqualTo(200);

            await().atMost(WAIT)
                    .until(() -> updates.stream()
                            .anyMatch(
                                    u -> Integer.valueOf(55).equals(u.desired().get("fanSpeed"))));
            await().atMost(WAIT)
                    .until(() -> admin.get("/api/v1/devices/" + id("gw-fan-4") + "/twin")
                                    .json()
                                    .path("reported")
                                    .path("fanSpeed")
                                    .asInt()
                            == 55);
        }
    }

    @Test
    void the_current_delta_arrives_on_connect() throws Exception {
        List<DesiredUpdate> updates = new CopyOnWriteArrayList<>();
        try (MillwrightDevice device = DeviceSdkIT.device(platform, admin, "gw-fan-5")) {
            admin.patch("/api/v1/devices/" + id("gw-fan-5") + "/twin/desired", Map.of("fanSpeed", 30));
            device.onDesired(updates::add);
            device.connect().get(20, TimeUnit.SECONDS);

            await().atMost(WAIT).until(() -> !updates.isEmpty());
            assertThat(updates.get(0).desired()).containsEntry("fanSpeed", 30);
        }
    }

    @Test
    void the_whole_twin_is_answered_on_request() throws Exception {
        try (MillwrightDevice device = DeviceSdkIT.device(platform, admin, "gw-fan-6")) {
            admin.patch("/api/v1/devices/" + id("gw-fan-6") + "/twin/desired", Map.of("fanSpeed", 40));
            device.connect().get(20, TimeUnit.SECONDS);
            device.reportTwin(Map.of("firmware", "1.2.3")).get(20, TimeUnit.SECONDS);

            Twin twin = device.twin().get(20, TimeUnit.SECONDS);

            assertThat(twin.desired()).containsEntry("fanSpeed", 40);
            assertThat(twin.reported()).containsEntry("firmware", "1.2.3");
        }
    }
}
