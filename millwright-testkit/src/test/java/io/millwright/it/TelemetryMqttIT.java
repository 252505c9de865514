package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Telemetry over MQTT end to end: acknowledged means queryable; bad messages are refused whole; the connection lives. */
class TelemetryMqttIT {

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

    private Mqtt5BlockingClient device(String username, String password) {
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("tm-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(platform.mqttPort())
                .buildBlocking();
        var auth = client.connectWith().simpleAuth().username(username);
        if (password != null) {
            auth.password(password.getBytes(StandardCharsets.UTF_8));
        }
        auth.applySimpleAuth().send();
        return client;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code (the blocking client throws on failure codes). */
    private Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            Mqtt5PublishResult result = client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8))
                    .send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private long count(String id, String key) {
        JsonNode series = admin.get(
                        "/api/v1/devices/" + id + "/telemetry?keys=" + key + "&from=0&to=4102444800000&agg=count")
                .json()
                .path("series")
                .path(key);
        return series.isEmpty() ? 0 : series.get(0).path("value").asLong();
    }

    @Test
    void every_acknowledged_point_is_queryable_and_a_redelivery_is_stored_once() {
        JsonNode created = admin.createDevice("tm-meter-1");
        Mqtt5BlockingClient meter = device("tm-meter-1", created.path("token").asText());
        long base = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < 200; i++) {
            Mqtt5PubAckReasonCode result = publish(
                    meter,
                    "devices/tm-meter-1/telemetry",
                    "{\"ts\":" + (base + i) + ",\"values\":{\"kwh\":" + i + "}}");
            assertThat(result).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        }
        assertThat(publish(meter, "devices/tm-meter-1/telemetry", "{\"ts\":" + base + ",\"values\":{\"kwh\":0}}"))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(count(created.path("id").asText(), "kwh")).isEqualTo(200);
        meter.disconnect();
    }

    @Test
    void a_bad_message_is_refused_whole_and_the_connection_carries_on() {
        JsonNode created = admin.createDevice("tm-sensor-1");
        String id = created.path("id").asText();
        Mqtt5BlockingClient sensor = device("tm-sensor-1", created.path("token").asText());

        assertThat((publish(sensor, "devices/tm-sensor-1/telemetry", "{\"t\": ")))
                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        long farFuture = System.currentTimeMillis() + Duration.ofDays(30).toMillis();
        assertThat((publish(
                        sensor,
                        "devices/tm-sensor-1/telemetry",
                        "[{\"t\": 1}, {\"ts\": " + farFuture + ", \"values\": {\"t\": 2}}]")))
                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat((publish(sensor, "devices/tm-sensor-1/telemetry", "{\"t\": 21.5}")))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        assertThat(sensor.getState().isConnected()).isTrue();
        assertThat(count(id, "t")).as("only the valid message is stored").isEqualTo(1);
        sensor.disconnect();
    }

    @Test
    void mqtt_3_1_1_clients_stay_connected_when_a_message_is_dropped() throws Exception {
        JsonNode created = admin.createDevice("tm-legacy-1");
        String id = created.path("id").asText();
        var client = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + platform.mqttPort(), "tm-legacy-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("tm-legacy-1");
        options.setPassword(created.path("token").asText().toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        client.publish("devices/tm-legacy-1/telemetry", "not json".getBytes(StandardCharsets.UTF_8), 1, false);
        client.publish("devices/tm-legacy-1/telemetry", "{\"rpm\": 900}".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(client.isConnected()).isTrue();
        assertThat(count(id, "rpm")).isEqualTo(1);
        client.disconnect();
        client.close();
    }

    @Test
    void thingsboard_firmware_sends_with_its_token_as_username() {
        JsonNode created = admin.createDevice("tm-tb-1");
        String id = created.path("id").asText();
        Mqtt5BlockingClient tb = device(created.path("token").asText(), null);
        assertThat((publish(tb, "v1/devices/me/telemetry", "{\"temperature\": 19.5, \"running\": true}")))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(count(id, "temperature")).isEqualTo(1);
        tb.disconnect();

        assertThat(platform.api()
                        .post("/api/v1/" + created.path("token").asText() + "/telemetry", Map.of("temperature", 20.0))
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(id, "temperature") == 2);
    }
}
