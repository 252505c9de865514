package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Devices and applications reach the broker with their registry credentials; access follows the device's grants. */
class MqttDeviceIT {

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

    private Mqtt5BlockingClient client(String username, String password) {
        var builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier("it-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(platform.mqttPort())
                .buildBlocking();
        var connect = builder.connectWith();
        if (username != null) {
            var auth = connect.simpleAuth().username(username);
            if (password != null) {
                auth.password(password.getBytes(StandardCharsets.UTF_8));
            }
            connect = auth.applySimpleAuth();
        }
        connect.send();
        return builder;
    }

    @Test
    void a_device_connects_with_its_name_and_token_and_an_application_receives_its_messages() throws Exception {
        JsonNode device = admin.createDevice("mqtt-pump-1");
        String apiToken = admin.post("/api/v1/tokens", Map.of("name", "mqtt-app"))
                .json()
                .path("token")
                .asText();

        Mqtt5BlockingClient app = client("admin", apiToken);
        try (Mqtt5BlockingClient.Mqtt5Publishes received =
                app.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            app.subscribeWith()
                    .topicFilter("devices/+/status")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient pump =
                    client("mqtt-pump-1", device.path("token").asText());
            pump.publishWith()
                    .topic("devices/mqtt-pump-1/status")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("on".getBytes())
                    .send();

            Optional<Mqtt5Publish> message = received.receive(10, TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(message.get().getTopic().toString()).isEqualTo("devices/mqtt-pump-1/status");
            pump.disconnect();
        }
        app.disconnect();
    }

    @Test
    void wrong_credentials_are_refused_with_bad_username_or_password() {
        admin.createDevice("mqtt-pump-2");
        assertThatThrownBy(() -> client("mqtt-pump-2", "mwd_wrong"))
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        assertThatThrownBy(() -> client(null, null))
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void a_thingsboard_style_device_connects_with_its_token_as_username() {
        JsonNode device = admin.createDevice("mqtt-tb-1");
        Mqtt5BlockingClient tb = client(device.path("token").asText(), null);
        assertThat(tb.getState().isConnected()).isTrue();
        tb.disconnect();
    }

    @Test
    void a_device_stays_in_its_own_subtree_unless_granted_more() throws Exception {
        JsonNode sensor = admin.createDevice("mqtt-sensor-7");
        JsonNode fan = admin.post(
                        "/api/v1/devices",
                        Map.of(
                                "name",
                                "mqtt-fan-1",
                                "grants",
                                List.of(Map.of("action", "subscribe", "filter", "devices/mqtt-sensor-7/telemetry"))))
                .json();
        Mqtt5BlockingClient fanClient = client("mqtt-fan-1", fan.path("token").asText());
        assertThatThrownBy(() -> fanClient
                        .subscribeWith()
                        .topicFilter("devices/mqtt-pump-1/#")
                        .send())
                .isInstanceOfSatisfying(
                        Mqtt5SubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCodes())
                                .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));

        try (var received = fanClient.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            var granted = fanClient
                    .subscribeWith()
                    .topicFilter("devices/mqtt-sensor-7/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            assertThat(granted.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            Mqtt5BlockingClient sensorClient =
                    client("mqtt-sensor-7", sensor.path("token").asText());
            sensorClient
                    .publishWith()
                    .topic("devices/mqtt-sensor-7/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"temperature\":31.5}".getBytes())
                    .send();
            assertThat(received.receive(10, TimeUnit.SECONDS)).isPresent();
            sensorClient.disconnect();
        }
        fanClient.disconnect();
    }

    @Test
    void deleting_a_device_disconnects_it_and_its_token_stops_working() {
        JsonNode device = admin.createDevice("mqtt-doomed");
        Mqtt5BlockingClient doomed = client("mqtt-doomed", device.path("token").asText());
        assertThat(admin.delete("/api/v1/devices/" + device.path("id").asText()).status())
                .isEqualTo(204);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !doomed.getState().isConnected());
        assertThatThrownBy(() -> client("mqtt-doomed", device.path("token").asText()))
                .isInstanceOf(Mqtt5ConnAckException.class);
    }
}
