package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LimitsIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(b -> b.connectTimeout(Duration.ofMillis(300))
                .maxQueuedMessages(2)
                .maxConnections(20)
                .maxClientIdLength(30));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void MQTT_3_1_2_22_silent_client_is_disconnected_after_one_and_a_half_keep_alive() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_3_1_1, "silent-1", "alice", b -> b.keepAlive(1));
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void connection_without_connect_is_closed_after_the_connect_timeout() {
        try (RawClient c = new RawClient(broker.port())) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void client_id_longer_than_the_limit_is_rejected_0x85() {
        try (RawClient c = new RawClient(broker.port())) {
            var ack = c.connect(MqttVersion.MQTT_5, "x".repeat(31), "alice");
            assertThat(ack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x85);
        }
    }

    @Test
    void full_offline_queue_drops_the_oldest_message() {
        MqttProperties expiry = new MqttProperties();
        expiry.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 60));
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "queue-1", "alice", b -> b.properties(expiry));
            c.subscribe(1, "queue/#", 1);
            c.expect(MqttMessageType.SUBACK);
            c.send(MqttMessageBuilders.disconnect().build());
        }
        try (RawClient pub = new RawClient(broker.port())) {
            pub.connect(MqttVersion.MQTT_5, "queue-pub", "alice");
            for (int i = 1; i <= 3; i++) {
                pub.publish("queue/x", 1, i, "m" + i, MqttProperties.NO_PROPERTIES);
                pub.expect(MqttMessageType.PUBACK);
            }
        }
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(
                    MqttVersion.MQTT_5,
                    "queue-1",
                    "alice",
                    b -> b.cleanSession(false).properties(expiry));
            assertThat(RawClient.text((MqttPublishMessage) c.expect(MqttMessageType.PUBLISH)))
                    .isEqualTo("m2");
            assertThat(RawClient.text((MqttPublishMessage) c.expect(MqttMessageType.PUBLISH)))
                    .isEqualTo("m3");
        }
        assertThat(broker.meters
                        .get("mqtt.messages.dropped")
                        .tag("reason", "queue_full")
                        .counter()
                        .count())
                .isPositive();
    }

    @Test
    void connections_above_the_maximum_are_refused() {
        try (TestBroker small = TestBroker.start(b -> b.maxConnections(1));
                RawClient first = new RawClient(small.port());
                RawClient second = new RawClient(small.port())) {
            first.connect(MqttVersion.MQTT_5, "one", "alice");
            var ack = second.connect(MqttVersion.MQTT_5, "two", "alice");
            assertThat(ack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x97);
        }
    }
}
