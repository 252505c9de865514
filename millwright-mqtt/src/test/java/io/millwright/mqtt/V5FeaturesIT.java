package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class V5FeaturesIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(b -> b.maxKeepAlive(120).maxPacketSize(4096));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static MqttProperties props(int id, int value) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(id, value));
        return p;
    }

    private static int intProperty(MqttProperties p, int id) {
        return (Integer) p.getProperty(id).value();
    }

    @Test
    void application_properties_are_forwarded_unaltered() {
        var sub = broker.v5Connected("alice2");
        var received = publishes(sub);
        sub.subscribeWith().topicFilter("props/x").send();
        var pub = broker.v5Connected("alice");
        pub.publishWith()
                .topic("props/x")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{}"))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("application/json")
                .responseTopic("props/reply")
                .correlationData(bytes("corr-1"))
                .userProperties(Mqtt5UserProperties.builder()
                        .add("a", "1")
                        .add("a", "2")
                        .build())
                .messageExpiryInterval(300)
                .send();
        var p = receive(received);
        assertThat(p.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(p.getContentType().map(Object::toString)).contains("application/json");
        assertThat(p.getResponseTopic().map(Object::toString)).contains("props/reply");
        assertThat(p.getCorrelationData()).contains(ByteBuffer.wrap(bytes("corr-1")));
        assertThat(p.getUserProperties().asList())
                .extracting(u -> u.getName() + "=" + u.getValue())
                .containsExactly("a=1", "a=2");
        assertThat(p.getMessageExpiryInterval().orElseThrow()).isBetween(299L, 300L);
        sub.disconnect();
        pub.disconnect();
    }

    @Test
    void server_keep_alive_caps_the_clients_keep_alive() {
        try (RawClient c = new RawClient(broker.port())) {
            MqttConnAckMessage ack = c.connect(MqttVersion.MQTT_5, "ka-1", "alice", b -> b.keepAlive(0));
            assertThat(intProperty(ack.variableHeader().properties(), MqttProperties.SERVER_KEEP_ALIVE))
                    .isEqualTo(120);
            assertThat(intProperty(ack.variableHeader().properties(), MqttProperties.RECEIVE_MAXIMUM))
                    .isEqualTo(32);
            assertThat(intProperty(ack.variableHeader().properties(), MqttProperties.MAXIMUM_PACKET_SIZE))
                    .isEqualTo(4096);
        }
    }

    @Test
    void request_response_information_is_answered() {
        MqttProperties p = props(MqttProperties.REQUEST_RESPONSE_INFORMATION, 1);
        try (RawClient c = new RawClient(broker.port())) {
            var ack = c.connect(MqttVersion.MQTT_5, "rri-1", "pump-1", b -> b.properties(p));
            assertThat((String) ack.variableHeader()
                            .properties()
                            .getProperty(MqttProperties.RESPONSE_INFORMATION)
                            .value())
                    .isEqualTo("devices/pump-1/responses");
        }
    }

    @Test
    void inbound_topic_alias_is_resolved() {
        try (RawClient sub = new RawClient(broker.port());
                RawClient pub = new RawClient(broker.port())) {
            sub.connect(MqttVersion.MQTT_5, "alias-sub", "alice");
            sub.subscribe(1, "alias/in", 0);
            sub.expect(MqttMessageType.SUBACK);
            pub.connect(MqttVersion.MQTT_5, "alias-pub", "alice");
            pub.publish("alias/in", 0, 0, "first", props(MqttProperties.TOPIC_ALIAS, 3));
            pub.publish("", 0, 0, "second", props(MqttProperties.TOPIC_ALIAS, 3));
            var first = (MqttPublishMessage) sub.expect(MqttMessageType.PUBLISH);
            var second = (MqttPublishMessage) sub.expect(MqttMessageType.PUBLISH);
            assertThat(first.variableHeader().topicName()).isEqualTo("alias/in");
            assertThat(RawClient.text(second)).isEqualTo("second");
        }
    }

    @Test
    void outbound_topic_alias_is_assigned_when_the_client_allows() {
        try (RawClient sub = new RawClient(broker.port());
                RawClient pub = new RawClient(broker.port())) {
            sub.connect(
                    MqttVersion.MQTT_5,
                    "alias-out",
                    "alice",
                    b -> b.properties(props(MqttProperties.TOPIC_ALIAS_MAXIMUM, 4)));
            sub.subscribe(1, "alias/out", 0);
            sub.expect(MqttMessageType.SUBACK);
            pub.connect(MqttVersion.MQTT_5, "alias-out-pub", "alice");
            pub.publish("alias/out", 0, 0, "1", MqttProperties.NO_PROPERTIES);
            pub.publish("alias/out", 0, 0, "2", MqttProperties.NO_PROPERTIES);
            var first = (MqttPublishMessage) sub.expect(MqttMessageType.PUBLISH);
            var second = (MqttPublishMessage) sub.expect(MqttMessageType.PUBLISH);
            assertThat(first.variableHeader().topicName()).isEqualTo("alias/out");
            int alias = intProperty(first.variableHeader().properties(), MqttProperties.TOPIC_ALIAS);
            assertThat(second.variableHeader().topicName()).isEmpty();
            assertThat(intProperty(second.variableHeader().properties(), MqttProperties.TOPIC_ALIAS))
                    .isEqualTo(alias);
        }
    }

    @Test
    void messages_larger_than_the_clients_maximum_packet_size_are_skipped() {
        try (RawClient sub = new RawClient(broker.port());
                RawClient pub = new RawClient(broker.port())) {
            sub.connect(
                    MqttVersion.MQTT_5,
                    "small-sub",
                    "alice",
                    b -> b.properties(props(MqttProperties.MAXIMUM_PACKET_SIZE, 64)));
            sub.subscribe(1, "size/#", 0);
            sub.expect(MqttMessageType.SUBACK);
            pub.connect(MqttVersion.MQTT_5, "size-pub", "alice");
            pub.publish("size/big", 0, 0, "x".repeat(200), MqttProperties.NO_PROPERTIES);
            pub.publish("size/small", 0, 0, "ok", MqttProperties.NO_PROPERTIES);
            var p = (MqttPublishMessage) sub.expect(MqttMessageType.PUBLISH);
            assertThat(p.variableHeader().topicName()).isEqualTo("size/small");
        }
    }

    @Test
    void packet_larger_than_the_servers_maximum_gets_disconnect_0x95() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "too-big", "alice");
            c.publish("big/x", 0, 0, "x".repeat(5000), MqttProperties.NO_PROPERTIES);
            var d = c.expect(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x95);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void expired_messages_are_not_delivered_and_expiry_is_decremented() {
        MqttProperties session = props(MqttProperties.SESSION_EXPIRY_INTERVAL, 60);
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "expiry-1", "alice", b -> b.properties(session));
            c.subscribe(1, "expiry/#", 1);
            c.expect(MqttMessageType.SUBACK);
        }
        try (RawClient pub = new RawClient(broker.port())) {
            pub.connect(MqttVersion.MQTT_5, "expiry-pub", "alice");
            pub.publish("expiry/short", 1, 1, "short", props(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 1));
            pub.expect(MqttMessageType.PUBACK);
            pub.publish("expiry/long", 1, 2, "long", props(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 100));
            pub.expect(MqttMessageType.PUBACK);
        }
        org.awaitility.Awaitility.await()
                .pollDelay(java.time.Duration.ofMillis(1100))
                .until(() -> true);
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(
                    MqttVersion.MQTT_5,
                    "expiry-1",
                    "alice",
                    b -> b.cleanSession(false).properties(session));
            var p = (MqttPublishMessage) c.expect(MqttMessageType.PUBLISH);
            assertThat(p.variableHeader().topicName()).isEqualTo("expiry/long");
            assertThat(intProperty(p.variableHeader().properties(), MqttProperties.PUBLICATION_EXPIRY_INTERVAL))
                    .isLessThan(100);
        }
    }
}
