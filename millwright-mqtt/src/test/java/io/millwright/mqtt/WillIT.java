package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static io.millwright.mqtt.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WillIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static MqttMessageBuilders.ConnectBuilder will(MqttMessageBuilders.ConnectBuilder b, String topic) {
        return b.willFlag(true)
                .willTopic(topic)
                .willMessage("gone".getBytes(StandardCharsets.UTF_8))
                .willQoS(MqttQoS.AT_LEAST_ONCE);
    }

    @Test
    void will_is_published_when_the_connection_drops() {
        String topic = "will/" + UUID.randomUUID();
        var watcher = broker.v5Connected("alice2");
        var received = publishes(watcher);
        watcher.subscribeWith().topicFilter(topic).send();
        RawClient dying = new RawClient(broker.port());
        dying.connect(MqttVersion.MQTT_3_1_1, "dying-1", "alice", b -> will(b, topic));
        dying.close();
        assertThat(text(receive(received))).isEqualTo("gone");
        watcher.disconnect();
    }

    @Test
    void will_is_not_published_on_normal_disconnect_but_is_on_disconnect_0x04() {
        String topic = "will/" + UUID.randomUUID();
        var watcher = broker.v5Connected("alice2");
        var received = publishes(watcher);
        watcher.subscribeWith().topicFilter(topic).send();

        var polite = broker.v5("polite-1");
        polite.connectWith()
                .simpleAuth()
                .username("alice")
                .password(TestBroker.bytes(TestAuthenticator.PASSWORD))
                .applySimpleAuth()
                .willPublish()
                .topic(topic)
                .payload(TestBroker.bytes("polite will"))
                .applyWillPublish()
                .send();
        polite.disconnect();
        assertThat(receive(received, 300)).isEmpty();

        var withWill = broker.v5("polite-2");
        withWill.connectWith()
                .simpleAuth()
                .username("alice")
                .password(TestBroker.bytes(TestAuthenticator.PASSWORD))
                .applySimpleAuth()
                .willPublish()
                .topic(topic)
                .payload(TestBroker.bytes("sent on 0x04"))
                .applyWillPublish()
                .send();
        withWill.disconnectWith()
                .reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)
                .send();
        assertThat(text(receive(received))).isEqualTo("sent on 0x04");
        watcher.disconnect();
    }

    @Test
    void will_delay_holds_the_will_and_a_resumed_session_cancels_it() {
        String topic = "will/" + UUID.randomUUID();
        var watcher = broker.v5Connected("alice2");
        var received = publishes(watcher);
        watcher.subscribeWith().topicFilter(topic).send();
        MqttProperties willProps = new MqttProperties();
        willProps.add(new MqttProperties.IntegerProperty(MqttProperties.WILL_DELAY_INTERVAL, 1));
        MqttProperties connectProps = new MqttProperties();
        connectProps.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 60));

        RawClient first = new RawClient(broker.port());
        first.connect(
                MqttVersion.MQTT_5,
                "delayed-1",
                "alice",
                b -> will(b, topic).willProperties(willProps).properties(connectProps));
        first.close();
        try (RawClient resumed = new RawClient(broker.port())) {
            resumed.connect(
                    MqttVersion.MQTT_5,
                    "delayed-1",
                    "alice",
                    b -> b.cleanSession(false).properties(connectProps));
            assertThat(receive(received, 1500))
                    .as("will cancelled by the resumed session")
                    .isEmpty();
        }

        RawClient second = new RawClient(broker.port());
        second.connect(
                MqttVersion.MQTT_5,
                "delayed-2",
                "alice",
                b -> will(b, topic).willProperties(willProps).properties(connectProps));
        second.close();
        assertThat(receive(received, 300)).as("not before the delay").isEmpty();
        assertThat(text(receive(received))).isEqualTo("gone");
        watcher.disconnect();
    }
}
