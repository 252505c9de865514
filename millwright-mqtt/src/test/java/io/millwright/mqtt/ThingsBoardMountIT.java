package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static io.millwright.mqtt.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.broker.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ThingsBoard-style {@code v1/devices/me/...} topics are mounted per device on {@code devices/{name}/tb/...}. */
class ThingsBoardMountIT {

    static TestBroker broker;
    static final List<String> subscribed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
        broker.broker.addSubscriptionListener(
                (client, filter) -> subscribed.add(client.principal().name() + " " + filter));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Mqtt5BlockingClient device(String name) {
        Mqtt5BlockingClient c = broker.v5(name + "-" + UUID.randomUUID());
        c.connectWith()
                .simpleAuth()
                .username(name)
                .password(bytes(TestAuthenticator.PASSWORD))
                .applySimpleAuth()
                .send();
        return c;
    }

    @Test
    void devices_never_see_each_others_v1_devices_me_traffic() {
        Mqtt5BlockingClient pump1 = device("pump-1");
        Mqtt5BlockingClient pump2 = device("pump-2");
        Mqtt5BlockingClient app = broker.v5Connected("alice");
        try (var pump1In = publishes(pump1);
                var appIn = publishes(app)) {
            pump1.subscribeWith()
                    .topicFilter("v1/devices/me/attributes")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            app.subscribeWith()
                    .topicFilter("devices/+/tb/attributes")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            pump2.publishWith()
                    .topic("v1/devices/me/attributes")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("{\"from\":\"pump-2\"}"))
                    .send();

            Mqtt5Publish seenByApp = receive(appIn);
            assertThat(seenByApp.getTopic().toString()).isEqualTo("devices/pump-2/tb/attributes");
            assertThat(receive(pump1In, 300)).as("pump-1 must not see pump-2").isEmpty();
        }
        pump1.disconnect();
        pump2.disconnect();
        app.disconnect();
    }

    @Test
    void messages_for_a_mounted_subscription_carry_the_client_visible_topic() throws Exception {
        Mqtt5BlockingClient pump = device("pump-1");
        try (var in = publishes(pump)) {
            pump.subscribeWith()
                    .topicFilter("v1/devices/me/rpc/request/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            int routed = broker.broker.publish(
                    "tenant-a",
                    "devices/pump-1/tb/rpc/request/42",
                    bytes("{\"method\":\"reboot\"}"),
                    1,
                    false,
                    MessageProperties.NONE);
            assertThat(routed).isEqualTo(1);
            Mqtt5Publish request = receive(in);
            assertThat(request.getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/42");
            assertThat(text(request)).isEqualTo("{\"method\":\"reboot\"}");
        }
        pump.disconnect();
        await().until(() -> subscribed.contains("pump-1 v1/devices/me/rpc/request/+"));
    }

    @Test
    void retained_messages_under_the_mount_and_v3_clients_work_the_same() throws Exception {
        broker.broker.publish(
                "tenant-a",
                "devices/pump-2/tb/attributes/shared",
                bytes("{\"mode\":\"eco\"}"),
                1,
                true,
                MessageProperties.NONE);
        MqttClient paho = broker.v3("pump-2-v3-" + UUID.randomUUID());
        paho.connect(TestBroker.v3Options("pump-2", true));
        List<String> received = new CopyOnWriteArrayList<>();
        paho.subscribe(
                "v1/devices/me/attributes/#",
                1,
                (topic, message) ->
                        received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
        await().until(() -> received.contains("v1/devices/me/attributes/shared {\"mode\":\"eco\"}"));
        paho.unsubscribe("v1/devices/me/attributes/#");
        paho.disconnect();
        paho.close();
    }

    @Test
    void access_is_checked_on_the_internal_topic() {
        Mqtt5BlockingClient pump = device("pump-1");
        var granted = pump.subscribeWith().topicFilter("v1/devices/me/#").send();
        assertThat(granted.getReasonCodes()).hasSize(1);
        assertThat(granted.getReasonCodes().get(0).isError()).isFalse();
        pump.disconnect();
    }
}
