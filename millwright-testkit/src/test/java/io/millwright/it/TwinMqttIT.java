package io.millwright.it;

import static io.millwright.it.MqttClients.bytes;
import static io.millwright.it.MqttClients.json;
import static io.millwright.it.MqttClients.next;
import static io.millwright.it.MqttClients.publishes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.millwright.core.auth.Principal;
import io.millwright.core.twin.Twin;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.TestPlatform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The device twin over MQTT: reported patches, desired pushes, catch-up deltas and twin/get. */
class TwinMqttIT {

    private static TestPlatform platform;
    private static ApiClient api;
    private static Principal.User admin;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        api = platform.api().loginAsAdmin();
        admin = platform.admin();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** A registered device: its id, name and token. */
    private record Device(String id, String name, String token) {
        static Device create(String name) {
            JsonNode created = api.createDevice(name);
            return new Device(
                    created.path("id").asText(), name, created.path("token").asText());
        }
    }

    private static void patchDesired(Device device, String patch) {
        platform.services().twins().patchDesired(admin, device.id(), patch, Optional.empty());
    }

    private static Twin twin(Device device) {
        return platform.services().twins().get(admin, device.id());
    }

    private static Mqtt5PubAckReasonCode publishReported(Mqtt5BlockingClient client, Device device, String payload) {
        return MqttClients.pubAck(client, "devices/" + device.name() + "/twin/reported", payload);
    }

    /**
     * The next desired message newer than {@code version}: a push and a catch-up may both carry the same version
     * when a change lands while the device subscribes, and devices skip versions they have applied.
     */
    private static JsonNode nextDesired(Mqtt5BlockingClient.Mqtt5Publishes in, long version) {
        while (true) {
            JsonNode message = json(next(in));
            if (message.path("version").asLong() > version) {
                return message;
            }
        }
    }

    @Test
    void a_reported_patch_is_stored_when_acknowledged() {
        Device device = Device.create("twin-reporter");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        assertThat(publishReported(client, device, "{\"temperature\":21.5,\"fw\":\"1.0\"}"))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(twin(device).reported().document()).isEqualTo(json("{\"temperature\":21.5,\"fw\":\"1.0\"}"));
        assertThat(publishReported(client, device, "{\"fw\":null}")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(twin(device).reported().document()).isEqualTo(json("{\"temperature\":21.5}"));
        client.disconnect();
    }

    @Test
    void a_desired_change_reaches_a_connected_device() {
        Device device = Device.create("twin-online");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(client)) {
            client.subscribeWith()
                    .topicFilter("devices/twin-online/twin/desired")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            patchDesired(device, "{\"speed\":5,\"mode\":\"eco\"}");
            assertThat(nextDesired(in, 0))
                    .isEqualTo(json("{\"version\":1,\"desired\":{\"speed\":5,\"mode\":\"eco\"}}"));
            patchDesired(device, "{\"mode\":null}");
            assertThat(nextDesired(in, 1)).isEqualTo(json("{\"version\":2,\"desired\":{\"mode\":null}}"));
        }
        client.disconnect();
    }

    @Test
    void a_device_offline_during_three_desired_changes_gets_the_merged_delta_when_it_subscribes() {
        Device device = Device.create("twin-offline");
        Mqtt5BlockingClient first = MqttClients.device(platform, device.name(), device.token());
        publishReported(first, device, "{\"b\":2}");
        first.disconnect();

        patchDesired(device, "{\"a\":1}");
        patchDesired(device, "{\"b\":2,\"c\":true}");
        patchDesired(device, "{\"a\":3}");

        Mqtt5BlockingClient again = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(again)) {
            again.subscribeWith()
                    .topicFilter("devices/twin-offline/twin/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            assertThat(json(next(in)))
                    .as("b is already reported, so only a and c are to catch up on")
                    .isEqualTo(json("{\"version\":3,\"desired\":{\"a\":3,\"c\":true}}"));
            assertThat(MqttClients.maybeNext(in, 500))
                    .as("exactly one catch-up")
                    .isEmpty();
        }
        again.disconnect();
    }

    @Test
    void a_persistent_session_reconnecting_gets_the_merged_delta_last() {
        Device device = Device.create("twin-persistent");
        String clientId = "twin-persistent-" + UUID.randomUUID();
        Mqtt5BlockingClient first = MqttClients.v5(platform, clientId);
        MqttClients.connect(first, device.name(), device.token(), true, 600);
        first.subscribeWith()
                .topicFilter("devices/twin-persistent/twin/desired")
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        first.disconnect();

        patchDesired(device, "{\"x\":1}");
        patchDesired(device, "{\"y\":2}");
        patchDesired(device, "{\"x\":3}");

        Mqtt5BlockingClient again = MqttClients.v5(platform, clientId);
        try (var in = publishes(again)) {
            assertThat(MqttClients.connect(again, device.name(), device.token(), false, 600)
                            .isSessionPresent())
                    .isTrue();
            List<JsonNode> received = new ArrayList<>();
            JsonNode merged = json("{\"version\":3,\"desired\":{\"x\":3,\"y\":2}}");
            await().until(() -> {
                MqttClients.maybeNext(in, 100).ifPresent(p -> received.add(json(p)));
                return !received.isEmpty() && received.get(received.size() - 1).equals(merged);
            });
            assertThat(received).last().isEqualTo(merged);
        }
        again.disconnect();
    }

    @Test
    void twin_get_answers_on_the_response_topic_with_the_correlation_data() {
        Device device = Device.create("twin-getter");
        patchDesired(device, "{\"target\":40}");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        publishReported(client, device, "{\"current\":38}");
        try (var in = publishes(client)) {
            client.subscribeWith()
                    .topicFilter("devices/twin-getter/responses/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            client.publishWith()
                    .topic("devices/twin-getter/twin/get")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .responseTopic("devices/twin-getter/responses/twin")
                    .correlationData(bytes("req-7"))
                    .send();
            Mqtt5Publish answer = next(in);
            assertThat(answer.getTopic().toString()).isEqualTo("devices/twin-getter/responses/twin");
            assertThat(answer.getCorrelationData().map(TwinMqttIT::text)).contains("req-7");
            assertThat(json(answer))
                    .isEqualTo(json("{\"reported\":{\"current\":38},\"desired\":{\"target\":40},"
                            + "\"version\":{\"reported\":1,\"desired\":1}}"));
        }
        client.disconnect();
    }

    @Test
    void twin_get_without_response_topic_answers_on_the_twin_topic() {
        Device device = Device.create("twin-getter-plain");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(client)) {
            client.subscribeWith()
                    .topicFilter("devices/twin-getter-plain/twin")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            client.publishWith()
                    .topic("devices/twin-getter-plain/twin/get")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            assertThat(json(next(in)).path("version").path("desired").asLong()).isZero();
        }
        client.disconnect();
    }

    @Test
    void malformed_and_oversized_reports_are_refused_on_v5_without_touching_the_twin() {
        Device device = Device.create("twin-malformed");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        publishReported(client, device, "{\"ok\":1}");
        assertThat(publishReported(client, device, "{not json"))
                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(publishReported(client, device, "[1,2]")).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(publishReported(client, device, "{\"big\":\"" + "x".repeat(20_000) + "\"}"))
                .isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        Twin twin = twin(device);
        assertThat(twin.reported().document()).isEqualTo(json("{\"ok\":1}"));
        assertThat(twin.reported().version()).isEqualTo(1);
        assertThat(client.getState().isConnected()).isTrue();
        client.disconnect();
    }

    @Test
    void a_malformed_report_on_v3_is_dropped_and_the_connection_stays_up() throws Exception {
        Device device = Device.create("twin-malformed-v3");
        MqttClient paho = new MqttClient(
                "tcp://127.0.0.1:" + platform.mqttPort(), "v3-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(device.name());
        options.setPassword(device.token().toCharArray());
        paho.connect(options);
        paho.publish("devices/twin-malformed-v3/twin/reported", bytes("{broken"), 1, false);
        paho.publish("devices/twin-malformed-v3/twin/reported", bytes("{\"after\":true}"), 1, false);
        assertThat(paho.isConnected()).isTrue();
        assertThat(twin(device).reported().document()).isEqualTo(json("{\"after\":true}"));
        paho.disconnect();
        paho.close();
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
