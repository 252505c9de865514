package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static MqttProperties expiry(int seconds) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, seconds));
        return p;
    }

    private static void publishAsAlice(String topic, String payload, int qos) {
        try (RawClient pub = new RawClient(broker.port())) {
            pub.connect(MqttVersion.MQTT_5, "pub-" + payload + topic, "alice");
            pub.publish(topic, qos, 1, payload, MqttProperties.NO_PROPERTIES);
            if (qos == 1) {
                pub.expect(MqttMessageType.PUBACK);
            }
        }
    }

    /**
     * A client may send packets after CONNECT without waiting for CONNACK (section 3.1.4: the server must process them
     * in order once the connection is accepted). Sixteen clients, so that some connections are accepted on their
     * session's event loop and others are moved to it, each send CONNECT, SUBSCRIBE and a QoS 1 PUBLISH to their own
     * subscription back to back: every one gets CONNACK, SUBACK, PUBACK and its message.
     */
    @Test
    void packets_sent_right_after_connect_are_processed_in_order() {
        for (int i = 0; i < 16; i++) {
            try (RawClient c = new RawClient(broker.port())) {
                String topic = "pipelined/" + i;
                c.send(MqttMessageBuilders.connect()
                        .protocolVersion(MqttVersion.MQTT_5)
                        .clientId("pipelined-" + i)
                        .cleanSession(true)
                        .keepAlive(60)
                        .username("alice")
                        .password(TestAuthenticator.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .build());
                c.subscribe(1, topic, 1);
                c.publish(topic, 1, 2, "echo-" + i, MqttProperties.NO_PROPERTIES);
                c.expect(MqttMessageType.CONNACK);
                c.expect(MqttMessageType.SUBACK);
                java.util.List<MqttMessageType> rest = new java.util.ArrayList<>();
                String payload = null;
                for (int k = 0; k < 2; k++) {
                    MqttMessage m = c.receive();
                    assertThat(m).as("client " + i + " after " + rest).isNotNull();
                    rest.add(m.fixedHeader().messageType());
                    if (m instanceof MqttPublishMessage p) {
                        payload = RawClient.text(p);
                    }
                }
                assertThat(rest).containsExactlyInAnyOrder(MqttMessageType.PUBACK, MqttMessageType.PUBLISH);
                assertThat(payload).isEqualTo("echo-" + i);
            }
        }
    }

    /**
     * The same with anonymous clients, whose CONNECT is accepted at once on the event loop, and all three packets in
     * one write: the packets decoded after CONNECT from that read must wait for the session, wherever it lives.
     */
    @Test
    void packets_read_together_with_an_anonymous_connect_are_processed_in_order() {
        try (TestBroker open = TestBroker.start(b -> b.allowAnonymous(true))) {
            for (int i = 0; i < 16; i++) {
                try (RawClient c = new RawClient(open.port())) {
                    String topic = "together/" + i;
                    c.sendTogether(
                            MqttMessageBuilders.connect()
                                    .protocolVersion(MqttVersion.MQTT_3_1_1)
                                    .clientId("together-" + i)
                                    .cleanSession(true)
                                    .keepAlive(60)
                                    .build(),
                            MqttMessageBuilders.subscribe()
                                    .messageId(1)
                                    .addSubscription(io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, topic)
                                    .build(),
                            MqttMessageBuilders.publish()
                                    .topicName(topic)
                                    .qos(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE)
                                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(
                                            ("echo-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                    .build());
                    c.expect(MqttMessageType.CONNACK);
                    c.expect(MqttMessageType.SUBACK);
                    MqttMessage m = c.expect(MqttMessageType.PUBLISH);
                    assertThat(RawClient.text((MqttPublishMessage) m)).isEqualTo("echo-" + i);
                }
            }
        }
    }

    @Test
    void persistent_session_keeps_subscriptions_and_queues_qos1_while_offline() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "persist-1", "alice", b -> b.properties(expiry(300)));
            c.subscribe(1, "persist/#", 1);
            c.expect(MqttMessageType.SUBACK);
            c.send(MqttMessageBuilders.disconnect().build());
        }
        publishAsAlice("persist/a", "one", 1);
        publishAsAlice("persist/b", "two", 1);
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(
                    MqttVersion.MQTT_5,
                    "persist-1",
                    "alice",
                    b -> b.cleanSession(false).properties(expiry(300)));
            assertThat(connAck.variableHeader().isSessionPresent()).isTrue();
            assertThat(RawClient.text((MqttPublishMessage) c.expect(MqttMessageType.PUBLISH)))
                    .isEqualTo("one");
            assertThat(RawClient.text((MqttPublishMessage) c.expect(MqttMessageType.PUBLISH)))
                    .isEqualTo("two");
        }
    }

    @Test
    void clean_start_discards_the_previous_session() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "clean-1", "alice", b -> b.properties(expiry(300)));
            c.subscribe(1, "clean/#", 1);
            c.expect(MqttMessageType.SUBACK);
        }
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(MqttVersion.MQTT_5, "clean-1", "alice", b -> b.cleanSession(true));
            assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
            publishAsAlice("clean/x", "gone", 1);
            assertThat(c.receive(300)).isNull();
        }
    }

    @Test
    void session_with_expiry_zero_ends_at_disconnect() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "zero-1", "alice");
            c.subscribe(1, "zero/#", 1);
            c.expect(MqttMessageType.SUBACK);
        }
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(MqttVersion.MQTT_5, "zero-1", "alice", b -> b.cleanSession(false));
            assertThat(connAck.variableHeader().isSessionPresent()).isFalse();
        }
    }

    @Test
    void taking_over_a_connected_session_with_expiry_zero_starts_a_new_one() {
        try (RawClient first = new RawClient(broker.port());
                RawClient second = new RawClient(broker.port())) {
            first.connect(MqttVersion.MQTT_5, "zero-2", "alice");
            first.subscribe(1, "zero/#", 1);
            first.expect(MqttMessageType.SUBACK);
            var connAck = second.connect(MqttVersion.MQTT_5, "zero-2", "alice", b -> b.cleanSession(false));
            assertThat(connAck.variableHeader().isSessionPresent())
                    .as("closing the old connection ended its session [MQTT-3.1.2-23]")
                    .isFalse();
            assertThat(first.closedByServer()).isTrue();
        }
    }

    @Test
    void v3_clean_session_false_is_persistent() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_3_1_1, "v3-persist", "alice", b -> b.cleanSession(false));
            c.subscribe(1, "v3p/#", 1);
            c.expect(MqttMessageType.SUBACK);
        }
        publishAsAlice("v3p/x", "queued", 1);
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(MqttVersion.MQTT_3_1_1, "v3-persist", "alice", b -> b.cleanSession(false));
            assertThat(connAck.variableHeader().isSessionPresent()).isTrue();
            assertThat(RawClient.text((MqttPublishMessage) c.expect(MqttMessageType.PUBLISH)))
                    .isEqualTo("queued");
        }
    }

    @Test
    void takeover_sends_disconnect_0x8e_to_the_old_connection() {
        try (RawClient first = new RawClient(broker.port());
                RawClient second = new RawClient(broker.port())) {
            first.connect(MqttVersion.MQTT_5, "takeover-1", "alice");
            second.connect(MqttVersion.MQTT_5, "takeover-1", "alice");
            MqttMessage disconnect = first.expect(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x8E);
            assertThat(first.closedByServer()).isTrue();
        }
    }

    @Test
    void empty_client_id_gets_an_assigned_identifier_on_v5() {
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(MqttVersion.MQTT_5, "", "alice");
            assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isZero();
            var assigned = connAck.variableHeader().properties().getProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER);
            assertThat((String) assigned.value()).isNotBlank();
        }
    }

    @Test
    void MQTT_3_1_3_8_empty_client_id_with_clean_session_0_is_rejected_on_v3() {
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(MqttVersion.MQTT_3_1_1, "", "alice", b -> b.cleanSession(false));
            assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 2);
        }
        try (RawClient c = new RawClient(broker.port())) {
            var connAck = c.connect(MqttVersion.MQTT_3_1_1, "", "alice", b -> b.cleanSession(true));
            assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isZero();
        }
    }

    @Test
    void unacknowledged_qos1_is_redelivered_with_dup_on_resume() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "redeliver-1", "alice", b -> b.properties(expiry(300)));
            c.subscribe(1, "redeliver/#", 1);
            c.expect(MqttMessageType.SUBACK);
            publishAsAlice("redeliver/x", "again", 1);
            var first = (MqttPublishMessage) c.expect(MqttMessageType.PUBLISH);
            assertThat(first.fixedHeader().isDup()).isFalse();
            // no PUBACK: the connection drops with the message in flight
            try (RawClient again = new RawClient(broker.port())) {
                again.connect(
                        MqttVersion.MQTT_5,
                        "redeliver-1",
                        "alice",
                        b -> b.cleanSession(false).properties(expiry(300)));
                var resent = (MqttPublishMessage) again.expect(MqttMessageType.PUBLISH);
                assertThat(resent.fixedHeader().isDup()).isTrue();
                assertThat(resent.variableHeader().packetId())
                        .isEqualTo(first.variableHeader().packetId());
                assertThat(RawClient.text(resent)).isEqualTo("again");
            }
        }
    }
}
