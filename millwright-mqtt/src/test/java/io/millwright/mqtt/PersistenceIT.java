package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millwright.core.broker.InMemoryRetainedMessageStore;
import io.millwright.core.broker.InMemorySessionStore;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

class PersistenceIT {

    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryRetainedMessageStore retained = new InMemoryRetainedMessageStore();
    private final MqttConfig config =
            MqttConfig.builder().host("127.0.0.1").port(0).wsPort(-1).build();

    private MqttBroker newBroker() {
        return new MqttBroker(
                config,
                new TestAuthenticator(),
                PublishInterceptor.NONE,
                sessions,
                retained,
                new SimpleMeterRegistry());
    }

    private static MqttProperties expiry(int seconds) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, seconds));
        return p;
    }

    @Test
    void sessions_queued_messages_and_retained_messages_survive_a_restart() {
        MqttBroker first = newBroker();
        int port = first.start().mqttPort();
        try (RawClient c = new RawClient(port)) {
            c.connect(MqttVersion.MQTT_5, "durable-1", "alice", b -> b.properties(expiry(600)));
            c.subscribe(1, "durable/#", 1);
            c.expect(MqttMessageType.SUBACK);
            c.send(MqttMessageBuilders.disconnect().build());
        }
        try (RawClient pub = new RawClient(port)) {
            pub.connect(MqttVersion.MQTT_5, "durable-pub", "alice");
            pub.publish("durable/queued", 1, 1, "while offline", MqttProperties.NO_PROPERTIES);
            pub.expect(MqttMessageType.PUBACK);
            pub.send(MqttMessageBuilders.publish()
                    .topicName("status/line-1")
                    .retained(true)
                    .qos(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(TestBroker.bytes("running")))
                    .build());
            pub.send(MqttMessageBuilders.disconnect().build());
        }
        first.stop();
        await().until(() -> !retained.loadAll().isEmpty()
                && sessions.loadAll().stream().anyMatch(s -> s.messages().size() == 1));

        MqttBroker second = newBroker();
        port = second.start().mqttPort();
        try (RawClient c = new RawClient(port)) {
            var ack = c.connect(
                    MqttVersion.MQTT_5,
                    "durable-1",
                    "alice",
                    b -> b.cleanSession(false).properties(expiry(600)));
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();
            var p = (MqttPublishMessage) c.expect(MqttMessageType.PUBLISH);
            assertThat(RawClient.text(p)).isEqualTo("while offline");
            c.subscribe(2, "status/#", 0);
            c.expect(MqttMessageType.SUBACK);
            var r = (MqttPublishMessage) c.expect(MqttMessageType.PUBLISH);
            assertThat(RawClient.text(r)).isEqualTo("running");
            assertThat(r.fixedHeader().isRetain()).isTrue();
        } finally {
            second.stop();
        }
    }

    @Test
    void an_inbound_qos2_exchange_awaiting_pubrel_survives_a_restart() {
        MqttBroker first = newBroker();
        int port = first.start().mqttPort();
        try (RawClient c = new RawClient(port)) {
            c.connect(MqttVersion.MQTT_5, "qos2-durable", "alice", b -> b.properties(expiry(600)));
            c.publish("exactly/once", 2, 9, "once", MqttProperties.NO_PROPERTIES);
            c.expect(MqttMessageType.PUBREC);
        }
        first.stop();
        await().until(() -> sessions.loadAll().stream()
                .anyMatch(s -> s.clientId().equals("qos2-durable")
                        && s.awaitingRelease().contains(9)));

        MqttBroker second = newBroker();
        port = second.start().mqttPort();
        try (RawClient c = new RawClient(port)) {
            c.connect(
                    MqttVersion.MQTT_5,
                    "qos2-durable",
                    "alice",
                    b -> b.cleanSession(false).properties(expiry(600)));
            c.send(new io.netty.handler.codec.mqtt.MqttMessage(
                    new io.netty.handler.codec.mqtt.MqttFixedHeader(
                            MqttMessageType.PUBREL, false, io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, false, 0),
                    io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader.from(9)));
            var comp = c.expect(MqttMessageType.PUBCOMP);
            assertThat(((io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader) comp.variableHeader())
                                    .reasonCode()
                            & 0xFF)
                    .as("the packet id is known: 0x00, not 0x92 Packet Identifier not found")
                    .isZero();
        } finally {
            second.stop();
        }
    }
}
